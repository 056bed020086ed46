from datetime import timedelta
from pathlib import Path

import pytest

from studyapp.tui.format import display_path, format_duration, format_interval


@pytest.mark.parametrize(
    ("delta", "label"),
    [
        (timedelta(seconds=30), "<1m"),
        (timedelta(minutes=1), "1m"),
        (timedelta(minutes=10), "10m"),
        (timedelta(hours=5), "5h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=12), "12d"),
        (timedelta(days=45), "1.5mo"),
        (timedelta(days=60), "2mo"),
        (timedelta(days=400), "1.1y"),
    ],
)
def test_interval_labels_read_like_anki(delta: timedelta, label: str) -> None:
    assert format_interval(delta) == label


@pytest.mark.parametrize(("seconds", "label"), [(45, "45s"), (725, "12m 5s"), (3780, "1h 3m")])
def test_durations_use_the_largest_useful_units(seconds: int, label: str) -> None:
    assert format_duration(timedelta(seconds=seconds)) == label


def test_problem_paths_are_shown_relative_to_their_content_folder(tmp_path: Path) -> None:
    root = tmp_path / "decks"
    path = root / "boosting" / "adaboost.md"
    assert display_path(str(path), [tmp_path / "other", root]) == "boosting/adaboost.md"


def test_paths_outside_every_content_folder_are_kept(tmp_path: Path) -> None:
    assert display_path("/elsewhere/x.md", [tmp_path]) == "/elsewhere/x.md"
