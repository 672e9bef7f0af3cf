from django.core.management.base import BaseCommand

from careerboard.billing.services import local_subscriptions_renew


class Command(BaseCommand):
    help = "Renew local-provider subscriptions whose period has passed. Idempotent."

    def handle(self, *args, **options) -> None:
        renewed = local_subscriptions_renew()
        self.stdout.write(f"{renewed} local subscription(s) renewed.")
