"""The bundled decks must be there after a normal (non-editable) ``pip install .``."""

from importlib import metadata

import pytest

from studyapp.config import bundled_content_dir


def test_bundled_content_dir_has_decks():
    decks = list(bundled_content_dir().glob("*/deck.md"))
    assert decks, f"no deck.md under {bundled_content_dir()}"


def test_installed_wheel_ships_the_decks():
    dist = metadata.distribution("studyapp")
    files = [str(f) for f in dist.files or []]
    if any(f.endswith(".pth") or "__editable__" in f for f in files):
        pytest.skip("editable install: content is read from the source tree")
    shipped = [f for f in files if f.startswith("studyapp/bundled_content/") and f.endswith("deck.md")]
    assert len(shipped) >= 5, files[:20]
