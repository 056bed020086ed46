"""The home screen's line about the last sync."""

from studyapp.store.sync import SyncReport
from studyapp.tui.screens.home import sync_text


def test_a_plain_sync_names_the_four_usual_counts() -> None:
    report = SyncReport(added=1, updated=2, retired=3, unchanged=4)
    assert sync_text(report) == "Content: 1 added, 2 updated, 3 retired, 4 unchanged"


def test_a_card_that_came_back_is_counted_as_revived() -> None:
    report = SyncReport(revived=1, moved=2, unchanged=667)
    assert sync_text(report) == (
        "Content: 0 added, 0 updated, 2 moved, 1 revived, 0 retired, 667 unchanged"
    )
