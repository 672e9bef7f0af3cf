from django.urls import path

from careerboard.accounts import profile_views, security_views, views

app_name = "accounts"
urlpatterns = [
    path("", profile_views.account_home, name="home"),
    path("signup/", views.signup, name="signup"),
    path("login/", views.login_view, name="login"),
    path("login/two-factor/", views.login_two_factor, name="login_two_factor"),
    path("logout/", views.logout_view, name="logout"),
    path("verify-email/resend/", views.verify_email_resend, name="verify_email_resend"),
    path("verify-email/<str:token>/", views.verify_email, name="verify_email"),
    path("email/", views.email_change, name="email_change"),
    path("email/confirm/<str:token>/", views.email_change_confirm, name="email_change_confirm"),
    path("password/", security_views.password_change, name="password_change"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path(
        "password-reset/<str:uidb64>/<str:token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("two-factor/", security_views.two_factor_settings, name="two_factor"),
    path("two-factor/disable/", security_views.two_factor_disable, name="two_factor_disable"),
    path(
        "two-factor/recovery-codes/",
        security_views.recovery_codes_regenerate,
        name="recovery_codes_regenerate",
    ),
    path("notifications/", profile_views.notifications, name="notifications"),
    path("sessions/", security_views.sessions, name="sessions"),
    path("sessions/<int:session_id>/revoke/", security_views.session_revoke, name="session_revoke"),
    path(
        "sessions/revoke-others/",
        security_views.sessions_revoke_others,
        name="sessions_revoke_others",
    ),
    path("tokens/", security_views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", security_views.token_revoke, name="token_revoke"),
    path("export/", profile_views.export, name="export"),
    path("export.json", profile_views.export_download, name="export_download"),
    path("delete/", profile_views.delete_account, name="delete"),
]
