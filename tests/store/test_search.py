"""Full-text search over every item: ranking, filters, Chinese, and the index kept in step."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command

from studyapp.config import AppConfig
from studyapp.scheduling import Rating
from studyapp.scheduling.service import StudyService
from studyapp.store.engine import make_engine
from studyapp.store.queries.browse import count_items, find_items
from studyapp.store.queries.search_index import facets, fill_from_payloads
from studyapp.store.schema import alembic_config

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

DECK = "```deck\nid: ml\ntitle: Machine learning\n```\n"
OTHER_DECK = "```deck\nid: stats\ntitle: Statistics\n```\n"
BOOSTING = """```topic
id: boosting
title: Boosting
zh: 提升方法
```

```cards
Q: What does bagging reduce? {#bagging}
A: Variance, by averaging many trees.
Q: Which ensemble averages many trees grown on bootstrap samples? {#forest}
A: A random forest: bagging plus random feature choice.
Q: 什么是 AdaBoost 的学习器权重? {#alpha}
A: ½·ln((1−e)/e)
Q: Who wrote the Café Naïve notes? {#cafe}
A: Nobody.
```

```exercise
id: oob-fraction
kind: numeric
prompt: What fraction of samples is out of bag for large n?
answer: exp(-1)
hint: Think of (1 - 1/n)^n.
```
"""
PRIORS = """```topic
id: priors
title: Priors
```

```cards
Q: What is a conjugate prior? {#conjugate}
A: One whose posterior is in the same family.
```
"""


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    for rel, text in {
        "ml/deck.md": DECK,
        "ml/boosting.md": BOOSTING,
        "stats/deck.md": OTHER_DECK,
        "stats/priors.md": PRIORS,
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def service(tmp_path: Path, content: Path):
    home = tmp_path / "home"
    home.mkdir()
    config = AppConfig(home=home, extra_content_dirs=(content,), include_bundled=False)
    with StudyService.open(config, clock=lambda: NOW, tz=UTC, fuzz=False) as opened:
        opened.sync()
        yield opened


def ids(service: StudyService, words: str = "", **filters: str) -> list[str]:
    return [item.id for item in service.find(service.item_filter(words, **filters), 50)]


def test_a_word_in_the_prompt_ranks_above_one_only_in_the_answer(service):
    assert ids(service, "bagging") == ["bagging", "forest"]


def test_every_word_must_match(service):
    assert ids(service, "bagging variance") == ["bagging"]


def test_search_ignores_case_and_accents(service):
    assert ids(service, "CAFE naive") == ["cafe"]
    assert ids(service, "naïve") == ["cafe"]


def test_the_last_word_matches_as_a_prefix_while_typing(service):
    assert ids(service, "conjug") == ["conjugate"]
    assert ids(service, "conjug ") == []  # a finished word must match whole


def test_a_chinese_term_is_found_inside_unspaced_text(service):
    assert ids(service, "学习器") == ["alpha"]
    assert ids(service, "权重") == ["alpha"]


def test_the_topic_title_and_its_chinese_terms_are_searched(service):
    assert set(ids(service, "提升")) == {"bagging", "forest", "alpha", "cafe", "oob-fraction"}
    assert ids(service, "priors") == ["conjugate"]


def test_hints_are_searched_and_the_snippet_marks_the_match(service):
    [found] = service.find(service.item_filter("bootstrap"), 10)
    assert found.id == "forest"
    assert "\ue000bootstrap\ue001" in found.text


@pytest.mark.parametrize("typed", ['"', "(", 'a" OR "b', "NEAR(x y)", "*", "-x", "col:x", "^"])
def test_anything_typed_is_a_search_never_fts_syntax(service, typed):
    service.find(service.item_filter(typed), 10)  # no sqlite3.OperationalError


def test_filters_by_deck_kind_and_state(service):
    assert ids(service, deck="stats") == ["conjugate"]
    assert ids(service, "fraction", kind="exercise") == ["oob-fraction"]
    assert ids(service, "fraction", kind="card") == []
    service.suspend("cafe")
    assert ids(service, state="suspended") == ["cafe"]
    assert "cafe" in ids(service, state="new")  # suspended is a flag beside the state


def test_due_filters_follow_the_study_day(service):
    service.rate("bagging", Rating.Good, 1000)  # a learning step later today
    assert ids(service, due="today") == ["bagging"]
    assert ids(service, due="overdue") == []
    assert ids(service, state="learning") == ["bagging"]


def test_the_count_stops_at_its_cap(service):
    where = service.item_filter("")
    assert service.count_found(where, 100) == 6
    assert service.count_found(where, 3) == 3


def test_an_edited_item_is_found_by_its_new_text_only(service, content):
    path = content / "ml" / "boosting.md"
    path.write_text(path.read_text().replace("Variance, by", "Spread, by"), encoding="utf-8")
    service.sync()
    assert ids(service, "variance") == []
    assert ids(service, "spread") == ["bagging"]


def test_a_renamed_topic_is_found_by_its_new_title(service, content):
    path = content / "stats" / "priors.md"
    path.write_text(path.read_text().replace("title: Priors", "title: Beliefs"))
    service.sync()
    assert ids(service, "priors") == []
    assert ids(service, "beliefs") == ["conjugate"]


def test_a_moved_item_is_found_once_and_a_deleted_one_not_at_all(service, content):
    boosting = content / "ml" / "boosting.md"
    text = boosting.read_text()
    moved = "Q: What is a conjugate prior? {#conjugate}\nA: One whose posterior is in the same family.\n"
    (content / "stats" / "priors.md").write_text(PRIORS.replace(moved, ""))
    boosting.write_text(text.replace("```\n\n```exercise", moved + "```\n\n```exercise"))
    service.sync()
    assert ids(service, "conjugate") == ["conjugate"]
    assert ids(service, deck="ml", kind="card")[-1] == "conjugate"

    boosting.write_text(
        text.replace("Q: Who wrote the Café Naïve notes? {#cafe}\nA: Nobody.\n", "")
    )
    service.sync()
    assert ids(service, "cafe") == []


def test_a_deleted_item_that_comes_back_is_found_again(service, content):
    path = content / "stats" / "priors.md"
    path.rename(content / "priors.away")
    service.sync()
    assert ids(service, "conjugate") == []
    (content / "priors.away").rename(path)
    service.sync()
    assert ids(service, "conjugate") == ["conjugate"]


def test_the_migration_indexes_stored_items_without_their_topics(service):
    db_path = service.config.db_path
    with sqlite3.connect(db_path) as db:
        db.execute("DELETE FROM item_texts")
        fill_from_payloads(db)
    assert ids(service, "学习器") == ["alpha"]
    assert ids(service, "提升") == []  # the topic's terms come with the next full sync


def test_forget_puts_an_item_back_to_new_and_restore_undoes_it(service):
    service.rate("bagging", Rating.Good, 1000)
    before = service.forget("bagging")
    assert service.queue_label("bagging") == "new"
    assert len(service.history("bagging")) == 1  # the history is kept
    service.restore("bagging", before)
    assert service.queue_label("bagging") == "learning"
    assert ids(service, due="today") == ["bagging"]
    assert timedelta(0) < service.preview_intervals("bagging")[Rating.Good]


def test_a_search_in_a_deck_or_a_kind_is_one_fts_query_on_the_items_facets(service):
    with sqlite3.connect(service.config.db_path) as db:
        stored = dict(db.execute("SELECT item_id, facets FROM item_texts"))
    assert stored["conjugate"] == facets("stats", "card")
    assert stored["oob-fraction"] == facets("ml", "exercise")
    assert ids(service, "a", deck="stats", kind="card") == ["conjugate"]
    assert ids(service, "what", kind="exercise") == ["oob-fraction"]
    # The facet tokens are no words of the items: a search never finds them.
    assert ids(service, facets("stats", "card").split()[0]) == []


def test_an_item_moved_to_another_deck_is_found_in_its_new_deck(service, content):
    moved = "Q: What is a conjugate prior? {#conjugate}\nA: One whose posterior is in the same family.\n"
    (content / "stats" / "priors.md").write_text(PRIORS.replace(moved, ""))
    boosting = content / "ml" / "boosting.md"
    boosting.write_text(
        boosting.read_text().replace("```\n\n```exercise", moved + "```\n\n```exercise")
    )
    service.sync()
    assert ids(service, "conjugate", deck="ml") == ["conjugate"]
    assert ids(service, "conjugate", deck="stats") == []


def test_migration_0011_rebuilds_the_index_at_the_next_sync_and_goes_back_cleanly(
    service, tmp_path
):
    path = service.config.db_path
    service.close()
    engine = make_engine(path)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0010")  # the revision before 0011
    engine.dispose()
    with sqlite3.connect(path) as db:
        assert "facets" not in {row[1] for row in db.execute("PRAGMA table_info(item_texts)")}
        assert db.execute("SELECT count(*) FROM item_texts").fetchone() == (0,)
    config = service.config
    with StudyService.open(config, clock=lambda: NOW, tz=UTC, fuzz=False) as reopened:
        reopened.sync()  # the fingerprint was cleared: a full sync, which writes every text
        assert ids(reopened, "bagging", kind="card") == ["bagging", "forest"]
        assert ids(reopened, "学习器", deck="ml") == ["alpha"]


def browse_plans(service: StudyService, words: str = "", **filters: str) -> list[str]:
    """The query plan of every statement a window of rows and its count run."""
    statements: list[str] = []
    where = service.item_filter(words, **filters)
    with sqlite3.connect(service.config.db_path) as db:
        db.set_trace_callback(statements.append)
        find_items(db, where, 100)
        count_items(db, where, 1000)
        db.set_trace_callback(None)
        return [
            " / ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {statement}"))
            for statement in statements
            if "FROM item" in statement  # not FTS5's own reads of its tables
        ]


@pytest.mark.parametrize(
    ("filters", "index"),
    [
        ({}, "ix_items_browse"),
        ({"state": "leech"}, "ix_items_browse"),
        ({"deck": "ml", "state": "learning"}, "ix_items_browse_deck"),
        ({"kind": "exercise", "due": "today"}, "ix_items_browse_kind"),
        ({"deck": "ml", "kind": "card"}, "ix_items_browse_deck"),
    ],
)
def test_a_filter_reads_the_index_led_by_it_in_content_order(service, filters, index):
    window, count = browse_plans(service, **filters)
    # The window reads its rows' lapses and last review; the count, the index alone.
    assert re.match(rf"(SCAN|SEARCH) i USING INDEX {index}\b", window), window
    assert re.search(rf"(SCAN|SEARCH) i USING COVERING INDEX {index}\b", count), count
    assert "TEMP B-TREE" not in window + count  # no sort: the index is in content order


def test_a_search_with_filters_is_led_by_the_full_text_index(service):
    plans = browse_plans(service, "bagging", deck="ml", kind="card", state="new")
    assert len(plans) == 3  # how many match (rank them or not?), the window, the count
    for plan in plans:
        assert re.search(r"SCAN (s|item_search) VIRTUAL TABLE", plan), plan
        assert "items" not in plan.split(" / ")[0], plan


VARIED = """```topic
id: dpo
title: DPO
```

```exercise
id: dpo-loss-value
kind: numeric
prompt: beta = {beta}; the chosen log-ratio is {u} and the rejected one {v}. DPO loss?
given: beta = 0.1
given: u = 0.5
given: v = -0.3
reference: softplus(-beta * (u - v))
answer: log(1 + exp(-2/25))
tolerance: 1e-3
vary: beta = uniform(0.01, 1.0)
vary: u = uniform(-3, 3)
vary: v = uniform(-3, 3)
```
"""


def test_a_varied_exercise_is_found_and_shown_with_its_own_values(service, content):
    (content / "ml" / "dpo.md").write_text(VARIED, encoding="utf-8")
    service.sync()
    [found] = service.find(service.item_filter("rejected"), 10)
    assert found.id == "dpo-loss-value"
    text = found.text.replace("\ue000", "").replace("\ue001", "")
    assert "beta = 0.1; the chosen log-ratio is 0.5 and the rejected one -0.3" in text
    assert "{" not in text
