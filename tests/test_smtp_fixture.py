"""The real SMTP server the mail tests use receives what Django sends."""

from django.core.mail import send_mail


def test_mail_reaches_the_test_smtp_server(smtp_server):
    send_mail("Hello", "Body text", "from@careerboard.example", ["to@example.com"])
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["Subject"] == "Hello"
    assert message["To"] == "to@example.com"
