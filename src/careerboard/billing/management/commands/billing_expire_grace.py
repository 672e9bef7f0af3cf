from django.core.management.base import BaseCommand

from careerboard.billing.services import subscriptions_expire_due


class Command(BaseCommand):
    help = (
        "Move accounts whose grace period after a failed payment is over, and subscriptions "
        "cancelled at the end of a period that has passed, to the free plan. Idempotent."
    )

    def handle(self, *args, **options) -> None:
        changed = subscriptions_expire_due()
        self.stdout.write(f"{changed} subscription(s) moved to the free plan.")
