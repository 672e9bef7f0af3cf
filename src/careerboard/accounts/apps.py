from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "careerboard.accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from careerboard.accounts import selectors
        from careerboard.accounts.export import register_export_section
        from careerboard.accounts.services import user_sessions

        # Every log-in, ours or the admin's, is recorded so the person can list and end it.
        user_logged_in.connect(
            lambda sender, request, user, **kwargs: user_sessions.session_record(
                request=request, user=user
            ),
            dispatch_uid="accounts.session_record",
            weak=False,
        )
        user_logged_out.connect(
            lambda sender, request, **kwargs: user_sessions.session_forget(
                session_key=request.session.session_key
            ),
            dispatch_uid="accounts.session_forget",
            weak=False,
        )
        register_export_section("profile", selectors.profile_for_export)
        register_export_section("sessions", selectors.sessions_for_export)
        register_export_section("access_tokens", selectors.access_tokens_for_export)
