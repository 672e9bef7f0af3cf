from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from careerboard.guides.content import ContentErrors
from careerboard.guides.services import Outcome, guides_sync


class Command(BaseCommand):
    help = (
        "Validate content/skills.yaml and content/guides/*.yaml and load them. Nothing is "
        "written unless every file is valid; guides edited in the admin since the last sync "
        "are reported as conflicts and kept (--force overwrites them)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            default=str(Path(settings.BASE_DIR) / "content"),
            help="The content directory (with skills.yaml and guides/). Default: ./content",
        )
        parser.add_argument(
            "--force", action="store_true", help="Overwrite admin edits with the files."
        )

    def handle(self, *args, path: str, force: bool, **options):
        try:
            report = guides_sync(root=Path(path), force=force)
        except ContentErrors as errors:
            raise CommandError(
                f"Nothing was changed: {len(errors.problems)} problem(s) in the content.\n"
                + str(errors)
            ) from errors
        for slug, outcome in report.guides.items():
            line = f"guide {slug}: {outcome}"
            if outcome == Outcome.CONFLICT:
                self.stderr.write(
                    self.style.WARNING(
                        f"{line}: edited in the admin since the last sync; kept the admin "
                        "version (run with --force to overwrite it with the file)"
                    )
                )
            else:
                self.stdout.write(line)
        skills = [outcome for outcome in report.skills.values()]
        counts = ", ".join(f"{skills.count(o)} {o}" for o in sorted(set(skills)))
        self.stdout.write(f"skills: {counts}")
        for slug, outcome in report.skills.items():
            if outcome == Outcome.CONFLICT:
                self.stderr.write(
                    self.style.WARNING(
                        f"skill {slug}: conflict: edited in the admin since the last sync; kept"
                    )
                )
