"""Fixtures of the guides tests: the real content set, loaded or copied somewhere editable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from careerboard.guides.services import guides_sync

CONTENT = Path(settings.BASE_DIR) / "content"


@pytest.fixture
def synced(db):
    """Every guide and skill of content/ loaded, as `make run` does."""
    return guides_sync(root=CONTENT)


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A copy of content/ that a test may break or change."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def edit_yaml(path: Path, change) -> None:
    """Load a content file, let `change` alter the data, write it back."""
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
