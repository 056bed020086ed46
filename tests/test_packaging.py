"""The bundled decks must be there after a normal (non-editable) ``pip install .``."""

import json
import sysconfig
from importlib import metadata

import pytest

from studyapp.config import bundled_content_dir


def test_bundled_content_dir_has_decks():
    decks = list(bundled_content_dir().glob("*/deck.md"))
    assert len(decks) >= 5, f"no decks under {bundled_content_dir()}"


def installed_distribution() -> metadata.Distribution | None:
    """The studyapp installed in this environment's site-packages (not a source tree's egg-info)."""
    site_packages = sysconfig.get_paths()["purelib"]
    found = [d for d in metadata.distributions(path=[site_packages]) if d.metadata["Name"] == "studyapp"]
    return found[0] if found else None


def test_installed_distribution_ships_the_decks():
    dist = installed_distribution()
    if dist is None:
        pytest.skip("studyapp is not installed in site-packages")
    direct_url = json.loads(dist.read_text("direct_url.json") or "{}")
    if direct_url.get("dir_info", {}).get("editable"):
        pytest.skip("editable install: content is read from the source tree's content/")
    decks = [f for f in dist.files or [] if str(f).startswith("studyapp/bundled_content/") and f.name == "deck.md"]
    assert len(decks) >= 5, [str(f) for f in (dist.files or [])][:20]
    assert all(dist.locate_file(f).is_file() for f in decks)
