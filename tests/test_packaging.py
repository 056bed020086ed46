"""The bundled decks must be there after a normal (non-editable) ``pip install .``."""

from pathlib import Path

import pytest

import studyapp
from studyapp.config import bundled_content_dir

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_bundled_content_dir_has_decks():
    decks = list(bundled_content_dir().glob("*/deck.md"))
    assert len(decks) >= 5, f"no decks under {bundled_content_dir()}"


def test_installed_package_ships_the_decks_inside_itself():
    package_dir = Path(studyapp.__file__).resolve().parent
    if package_dir.is_relative_to(REPO_ROOT):
        pytest.skip("running from the source tree (editable install): content is read from content/")
    bundled = bundled_content_dir()
    assert bundled.is_relative_to(package_dir), bundled
    assert len(list(bundled.glob("*/*.md"))) >= 20
