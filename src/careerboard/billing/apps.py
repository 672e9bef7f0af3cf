from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "careerboard.billing"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save, pre_delete

        from careerboard.accounts.export import register_export_section
        from careerboard.billing import (
            checks,  # noqa: F401 - registers the deploy check
            selectors,
            services,
        )
        from careerboard.billing.entitlements import catalog_changed
        from careerboard.billing.models import Entitlement, Feature, Plan, Price

        register_export_section("billing", selectors.billing_for_export)
        # The provider stops charging before the account goes (docs/privacy.md).
        pre_delete.connect(
            lambda sender, instance, **kwargs: services.subscription_end_for_deleted_account(
                user=instance
            ),
            sender=get_user_model(),
            dispatch_uid="billing.subscription_end_for_deleted_account",
            weak=False,
        )
        # Plans edited in the admin take effect at once.
        for model in (Plan, Price, Feature, Entitlement):
            for signal in (post_save, post_delete):
                signal.connect(
                    lambda sender, **kwargs: catalog_changed(),
                    sender=model,
                    dispatch_uid=f"billing.catalog_changed.{model.__name__}.{signal is post_save}",
                    weak=False,
                )
