import json
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand

from careerboard.search.vocabulary import VOCABULARY_PATH, build_vocabulary


def vocabulary_from_content(root: Path) -> dict:
    """The vocabulary of content/skills.yaml and content/guides/*.yaml (checked by sync_guides)."""
    skills = yaml.safe_load((root / "skills.yaml").read_text(encoding="utf-8"))
    guides = [
        yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted((root / "guides").glob("*.yaml"))
    ]
    return build_vocabulary(skills, guides)


def vocabulary_json(vocabulary: dict) -> str:
    return json.dumps(vocabulary, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


class Command(BaseCommand):
    help = (
        "Write the search vocabulary (synonyms, role names, suggestion terms) from the skill "
        "catalog and the guides, after editing content/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--content", default="content", help="Default: ./content")

    def handle(self, *args, **options):
        vocabulary = vocabulary_from_content(Path(options["content"]))
        VOCABULARY_PATH.write_text(vocabulary_json(vocabulary), encoding="utf-8")
        self.stdout.write(
            f"Wrote {VOCABULARY_PATH.name}: {len(vocabulary['phrases'])} spellings, "
            f"{len(vocabulary['roles'])} roles, {len(vocabulary['terms'])} terms."
        )
