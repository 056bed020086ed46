"""``studyapp remote`` through the real entry point."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from remote_support import PASSWORD, write_deck


@pytest.fixture
def content(tmp_path: Path) -> str:
    return str(write_deck(tmp_path / "content"))


def studyapp(home: Path, content: str, *args: str, env: dict[str, str] | None = None):
    """The real entry point in a fresh interpreter (as tests/conftest.py's run_studyapp)."""
    return subprocess.run(
        [sys.executable, "-m", "studyapp", *args, "--home", str(home), "--content", content]
        + ["--no-bundled"],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_set_stores_the_url_for_its_owner_only(tmp_path, content, remote_url):
    home = tmp_path / "home"
    result = studyapp(home, content, "remote", "set", remote_url)
    assert result.returncode == 0, result.stderr
    assert PASSWORD not in result.stdout and ":***@" in result.stdout
    stored = home / "remote.url"
    assert stored.read_text().strip() == remote_url
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600


def test_set_refuses_what_is_not_a_postgresql_url(tmp_path, content):
    result = studyapp(tmp_path / "home", content, "remote", "set", "mysql://u:pw@h/db")
    assert result.returncode == 2
    assert "PostgreSQL URL" in result.stderr and "pw" not in result.stderr


def test_sync_json_and_status(tmp_path, content, remote_url):
    home = tmp_path / "home"
    studyapp(home, content, "remote", "set", remote_url)
    rate = studyapp(home, content, "rate", "c0", "good")
    assert rate.returncode == 0, rate.stderr
    result = studyapp(home, content, "remote", "sync", "--json")
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"pushed": 2, "pulled": 0, "items_replayed": 1}
    status = studyapp(home, content, "remote", "status")
    assert status.returncode == 0, status.stderr
    assert PASSWORD not in status.stdout
    assert "waiting to be sent: 0" in status.stdout
    assert "server: 1 devices, 1 reviews" in status.stdout


def test_a_wrong_password_is_one_line_on_stderr(tmp_path, content, remote_url, monkeypatch):
    monkeypatch.setenv("STUDYAPP_REMOTE", remote_url.replace(PASSWORD, "Not-The-One"))
    result = studyapp(tmp_path / "home", content, "remote", "sync")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "Not-The-One" not in result.stderr and "password authentication failed" in result.stderr


def test_without_the_driver_remote_names_the_install_line(tmp_path, content, remote_url):
    blocker = tmp_path / "no_driver"
    blocker.mkdir()
    (blocker / "psycopg.py").write_text("raise ImportError('psycopg is not installed')\n")
    env = {**os.environ, "PYTHONPATH": str(blocker), "STUDYAPP_REMOTE": remote_url}
    result = studyapp(tmp_path / "home", content, "remote", "sync", env=env)
    assert result.returncode == 1
    assert "pip install 'studyapp[postgres]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_sync_without_a_remote_says_how_to_set_one(tmp_path, content, monkeypatch):
    monkeypatch.delenv("STUDYAPP_REMOTE", raising=False)
    result = studyapp(tmp_path / "home", content, "remote", "sync")
    assert result.returncode == 2 and "studyapp remote set" in result.stderr
