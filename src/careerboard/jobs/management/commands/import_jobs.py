import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from careerboard.jobs.importer import ImportFileError, import_jobs

# The report names this many skipped rows one by one; the rest are counted.
SKIPPED_SHOWN = 50


class Command(BaseCommand):
    help = (
        "Import jobs from a Jobicy-format JSON document or a CSV (docs/api.md): upsert by the "
        "file's id, publish at once, report created, updated and skipped rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--source",
            default="jobicy",
            help="Where the jobs come from; with the file's id it identifies a job across imports.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not show a progress bar."
        )

    def handle(self, *args, file: Path, source: str, no_progress: bool, **options):
        bars: list[tqdm] = []

        def progress_factory(total: int):
            bar = tqdm(total=total, unit="job", disable=no_progress or None, file=sys.stderr)
            bars.append(bar)
            return bar.update

        try:
            report = import_jobs(file, source=source[:50], progress_factory=progress_factory)
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        finally:
            for bar in bars:
                bar.close()
        self.stdout.write(
            f"Imported {file}: {report.created} created, {report.updated} updated, "
            f"{len(report.skipped)} skipped."
        )
        for label, reason in report.skipped[:SKIPPED_SHOWN]:
            self.stdout.write(f"  skipped {label}: {reason}")
        if len(report.skipped) > SKIPPED_SHOWN:
            self.stdout.write(f"  ... and {len(report.skipped) - SKIPPED_SHOWN} more skipped rows")
        for warning, count in report.warnings.most_common():
            self.stdout.write(f"  warning: {warning} ({count} rows)")
