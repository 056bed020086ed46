"""After a sync the service keeps the content's outline; items are read from the store."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import studyapp.content.loader
from studyapp.content.loader import load_content
from studyapp.scheduling.service import StudyService

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

EXERCISE = """```topic
id: limits
title: Limits
```

```exercise
id: lim
prompt: What is the limit of (1 + 1/n)^n?
answer: E
```
"""


def open_service(config) -> StudyService:
    return StudyService.open(config, clock=lambda: NOW, tz=UTC, fuzz=False)


def test_an_unchanged_start_reads_no_content_file(config, monkeypatch):
    with open_service(config) as service:
        service.sync()
    # A fresh start (a new service), as the app does: nothing may be parsed or unpickled.
    monkeypatch.setattr(studyapp.content.loader, "load_content", pytest.fail)
    with open_service(config) as service:
        report = service.sync()
        assert (report.unchanged, report.added, report.cached_files) == (4, 0, 2)
        assert service.content.item("bagging").back == "Variance."


def test_the_stored_content_answers_as_the_loaded_content_did(config, content_dir):
    with open_service(config) as service:
        service.sync()
        service.sync()  # the second one takes the stored content
        content = service.content
        assert [deck.title for deck in content.decks] == ["Machine learning"]
        assert [topic.title for topic in content.decks[0].topics] == ["Boosting"]
        assert content.items() == load_content([content_dir]).items()
        assert content.item("no-such-item") is None
        assert not content.needs_checker()


def test_an_edited_file_is_loaded_and_compared_again(config, content_dir):
    with open_service(config) as service:
        service.sync()
    topic = content_dir / "ml" / "boosting.md"
    topic.write_text(topic.read_text().replace("A: Bias.", "A: Bias, mostly."))
    with open_service(config) as service:
        report = service.sync()
        assert report.updated == 1
        assert service.content.item("boosting-bias").back == "Bias, mostly."


def test_a_retired_item_is_not_found(config, content_dir):
    with open_service(config) as service:
        service.sync()
        topic = content_dir / "ml" / "boosting.md"
        topic.write_text(
            topic.read_text().replace(
                "Q: What does boosting reduce? {#boosting-bias}\nA: Bias.\n", ""
            )
        )
        assert service.sync().retired == 1
        assert service.content.item("boosting-bias") is None


def test_a_deck_with_an_exercise_needs_the_checker(config, content_dir):
    (content_dir / "ml" / "limits.md").write_text(EXERCISE)
    with open_service(config) as service:
        service.sync()
        service.sync()
        assert service.content.needs_checker("ml")
        assert not service.content.needs_checker("other")
