"""Alerts saved under an older search analyzer are compiled again from their saved parameters
(`recompile_alert_criteria`, run after a deploy and hourly), so they mail what their search finds
today."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from careerboard.alerts.criteria import Criteria
from careerboard.alerts.models import Alert
from careerboard.alerts.services import alerts_recompile_criteria
from careerboard.alerts.tests.helpers import live_job, make_alert
from careerboard.billing.services import local_checkout_complete
from careerboard.search.analysis import analyzer_fingerprint

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.smtp]

# "android developer" as a release before the role's words were alternatives compiled it: the
# role's other titles, or its name as one phrase.
OLDER_CRITERIA = Criteria(groups=((("rolemobiledeveloper",), ("android", "developer")),))


def recompile() -> str:
    out = StringIO()
    call_command("recompile_alert_criteria", stdout=out)
    return out.getvalue().strip()


def test_an_alert_of_an_older_analyzer_is_compiled_again_and_mails_what_its_search_finds(
    seeker, smtp_server, run_tasks
):
    local_checkout_complete(user=seeker, price_key="plus-month")
    alert = make_alert(seeker, "q=android+developer", frequency="instant")
    Alert.objects.filter(pk=alert.pk).update(
        criteria=OLDER_CRITERIA.to_json(), criteria_compiled_with=""
    )
    # Saved today, the same search is current and stays as it is.
    current = make_alert(seeker, "q=golang")

    assert recompile() == "Compiled 1 alerts again."
    alert.refresh_from_db()
    assert alert.criteria_compiled_with == analyzer_fingerprint()
    assert alert.criteria == make_alert(seeker, "q=android+developer").criteria
    assert Alert.objects.get(pk=current.pk).criteria == current.criteria
    assert recompile() == "Compiled 0 alerts again."

    # A title naming none of the role's synonyms, found by the role's words.
    live_job(title="Android Software Engineer", description="<p>Kotlin apps.</p>")
    call_command("send_instant_alerts", stdout=StringIO())
    run_tasks()
    (message,) = smtp_server.messages
    assert message["Subject"] == "1 new job for “android developer”"
    assert "Android Software Engineer" in message.get_body(("plain",)).get_content()


def test_an_alert_whose_filter_value_is_gone_keeps_its_criteria(seeker):
    alert = make_alert(seeker, "q=python&region=germany")
    Alert.objects.filter(pk=alert.pk).update(
        params="q=python&region=atlantis", criteria_compiled_with=""
    )

    assert alerts_recompile_criteria() == 1
    kept = Alert.objects.get(pk=alert.pk)
    assert kept.criteria == alert.criteria
    assert kept.criteria_compiled_with == analyzer_fingerprint()
