from django.core.management.base import BaseCommand

from careerboard.accounts.services.user_sessions import sessions_prune


class Command(BaseCommand):
    help = "Forget the session records of sessions that expired or were ended (idempotent)."

    def handle(self, *args, **options) -> None:
        pruned = sessions_prune()
        self.stdout.write(f"pruned {pruned} session records")
