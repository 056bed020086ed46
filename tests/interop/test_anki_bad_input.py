"""Bad packages: a one-line error naming the file, and nothing written anywhere."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import zstandard
from entry_point import run_studyapp


def not_a_zip(folder: Path, _good: Path) -> Path:
    path = folder / "notes.apkg"
    path.write_text("front,back\n")
    return path


def truncated(folder: Path, good: Path) -> Path:
    path = folder / "truncated.apkg"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return path


def corrupt_collection(folder: Path, good: Path) -> Path:
    path = folder / "corrupt.apkg"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "collection.anki21b":
                raw = zstandard.ZstdDecompressor().decompressobj().decompress(data)
                data = zstandard.ZstdCompressor().compress(raw[:4096] + b"\x00" * 100)
            target.writestr(info, data)
    return path


def newer_format(folder: Path, good: Path) -> Path:
    path = folder / "newer.apkg"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            target.writestr(info, b"\x08\x07" if info.filename == "meta" else source.read(info))
    return path


def no_collection(folder: Path, _good: Path) -> Path:
    path = folder / "photos.apkg"
    with zipfile.ZipFile(path, "w") as target:
        target.writestr("holiday.jpg", b"jpeg")
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (not_a_zip, "not an Anki package"),
        (truncated, "not an Anki package"),
        (corrupt_collection, "corrupt"),
        (newer_format, "newer Anki package format"),
        (no_collection, "not an Anki package"),
    ],
)
def test_bad_input_is_one_line_naming_the_file_and_writes_nothing(
    anki_fixture, isolated_home, tmp_path, make, reason
):
    bad = make(tmp_path, anki_fixture.export())
    target = tmp_path / "out"
    result = run_studyapp("import", str(bad), "--to", str(target), "--no-bundled")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(bad) in lines[0] and reason in lines[0]
    assert not target.exists()
    assert not (isolated_home / "config.toml").exists()
    assert not (isolated_home / "studyapp.sqlite3").exists()


def test_a_failing_database_step_takes_back_files_and_settings(anki_fixture, isolated_home, tmp_path):
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text("# mine\nnew_per_day = 5\n")
    (isolated_home / "studyapp.sqlite3").write_bytes(b"this is not a database at all" * 200)
    target = tmp_path / "out"
    result = run_studyapp("import", str(anki_fixture.export()), "--to", str(target), "--no-bundled")
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not target.exists()
    assert (isolated_home / "config.toml").read_text() == "# mine\nnew_per_day = 5\n"
