"""Shared fixtures: a content folder writer and a temp home for every test."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed set of examples so that a run is reproducible;
# locally they keep exploring new ones.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test ever touches the real user data dir."""
    home = tmp_path / "home"
    monkeypatch.setenv("STUDYAPP_HOME", str(home))
    return home


@pytest.fixture
def write_content(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write ``{relative path: text}`` under a fresh content folder and return the folder."""

    def write(files: dict[str, str]) -> Path:
        root = tmp_path / "content"
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return write
