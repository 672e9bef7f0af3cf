from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "careerboard.alerts"

    def ready(self) -> None:
        from careerboard.accounts.export import register_export_section
        from careerboard.alerts import selectors, services
        from careerboard.billing.entitlements import register_limit_handlers

        register_export_section("alerts", selectors.alerts_for_export)
        # A downgrade pauses the alerts beyond the new limit; an upgrade resumes them.
        register_limit_handlers(
            feature=selectors.FEATURE,
            over_limit=services.alerts_pause_over_limit,
            within_limit=services.alerts_resume_within_limit,
        )
