"""Browse benchmark: search and filters over 100k items, and the browser's opening time.

Prints one JSON object. The store is filled by ``history.fill_history`` (items in every
state, a review log), and each item gets a searchable text of ~25 words drawn from a
Zipf-like vocabulary of 5,000 made-up words (one in 20 with Chinese terms), so common
words match tens of thousands of items and rare ones a handful.

Searches and filters are timed as the browser runs them (a window of 100 rows plus the
capped count) through ``StudyService``; the baseline, measured in the same run, is the
same words found by a ``LIKE '%word%'`` scan of the same texts (what search costs
without an index). The browser's opening is timed from pushing the screen to its first
rows on screen (over a one-line screen, the store open), against pushing a screen with one
static line.
Usage: python bench/browse.py [--items 100000] [--reviews 100000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from history import fill_history
from measure import latency_summary, timed_ms

from studyapp.config import AppConfig
from studyapp.scheduling.service import StudyService
from studyapp.store.queries.search_index import facets, searchable
from studyapp.store.sync import SyncReport

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
VOCABULARY = 5000
WORDS_PER_TEXT = 25
SYLLABLES = ("ka", "lo", "mi", "ne", "su", "ra", "to", "vi", "de", "po", "qu", "zen", "bor", "ti")
CHINESE = ("梯度", "学习率", "提升方法", "注意力", "正则化", "贝叶斯", "损失函数", "卷积")
PAGE_ROWS, COUNT_CAP = 100, 1_000  # as the browser reads them


def made_up_words(rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < VOCABULARY:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def fill_texts(db_path: Path, items: int, words: list[str], rng: random.Random) -> None:
    """Each item's text, with its deck and kind as the sync writes them (``facets``)."""
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf: a few very common words
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("DELETE FROM item_texts")
        made_of = {
            item_id: (deck, kind)
            for item_id, deck, kind in connection.execute("SELECT id, deck_id, kind FROM items")
        }
        rows = []
        for n in range(items):
            text = rng.choices(words, weights, k=WORDS_PER_TEXT)
            if n % 20 == 0:
                text.insert(rng.randrange(len(text)), rng.choice(CHINESE))
            prompt = " ".join(text[:12])
            answer = " ".join(text[12:])
            item_id = f"i{n}"
            texts = (searchable(prompt), searchable(answer), item_id)
            rows.append((item_id, "bench", *texts, facets(*made_of[item_id])))
        connection.executemany(
            "INSERT INTO item_texts (item_id, doc_key, prompt, answer, extra, facets)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def queries(words: list[str]) -> list[tuple[str, dict]]:
    """(words typed, filters): common, rare, typed prefixes, two words, Chinese, filters."""
    return [
        (words[0], {}),  # the most common word
        (words[5], {}),
        (words[400], {}),
        (words[4000], {}),  # rare
        (words[1][:2], {}),  # two letters typed so far
        (words[30][:3], {}),
        (f"{words[2]} {words[50]}", {}),
        ("学习率", {}),
        ("梯度", {"deck": "deck3"}),
        (words[10], {"deck": "deck1"}),
        (words[10], {"state": "review"}),
        ("", {}),
        ("", {"deck": "deck7"}),
        ("", {"state": "leech"}),
        ("", {"state": "learning", "deck": "deck2"}),
        ("", {"kind": "exercise"}),  # none: the whole index is read
        ("", {"due": "today"}),
        ("", {"due": "overdue", "deck": "deck4"}),
    ]


def time_searches(service: StudyService, words: list[str], repeat: int) -> dict:
    find_ms: list[float] = []
    with_count_ms: list[float] = []
    per_query: dict[str, list[float]] = {}
    for _ in range(repeat):
        for typed, filters in queries(words):
            where = service.item_filter(typed, **filters)
            found_ms, _ = timed_ms(service.find, where, PAGE_ROWS, 0, True)
            count_ms, _ = timed_ms(service.count_found, where, COUNT_CAP)
            find_ms.append(found_ms)
            with_count_ms.append(found_ms + count_ms)
            label = " ".join([repr(typed), *(f"{k}={v}" for k, v in filters.items())])
            per_query.setdefault(label, []).append(found_ms + count_ms)
    return {
        "queries": len(queries(words)),
        "rows_and_count": latency_summary(with_count_ms),
        "rows_only": latency_summary(find_ms),
        "p50_ms_per_query": {k: round(sorted(v)[len(v) // 2], 1) for k, v in per_query.items()},
    }


def time_like_scans(db_path: Path, words: list[str], repeat: int) -> dict:
    connection = sqlite3.connect(db_path)
    times = []
    for _ in range(max(1, repeat // 5)):
        for typed, _filters in queries(words)[:8]:
            pattern = f"%{searchable(typed.split()[0])}%"
            times.append(
                timed_ms(
                    lambda p=pattern: connection.execute(
                        "SELECT item_id FROM item_texts WHERE prompt LIKE ? OR answer LIKE ?"
                        " OR extra LIKE ? LIMIT 100",
                        (p, p, p),
                    ).fetchall()
                )[0]
            )
    connection.close()
    return latency_summary(times)


def time_browser_opening(config: AppConfig, service: StudyService, repeat: int) -> dict:
    """From push to the first rows, in a headless app whose store is already open (the
    content sync is skipped: these items have no content files)."""
    from textual.screen import Screen
    from textual.widgets import Static

    from studyapp.tui import app as app_module
    from studyapp.tui.app import StudyApp
    from studyapp.tui.screens.browser import BrowserScreen

    class Plain(Screen[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Static("a screen with one line")

    class BrowserOnly(StudyApp):
        """No decks screen below: its figures would share the database thread."""

        CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))

        def on_mount(self) -> None:
            self.push_screen(Plain())

    async def measure() -> tuple[list[float], list[float]]:
        app = BrowserOnly(config, clock=lambda: NOW, tz=UTC, fuzz=False)
        app.backend.service = service
        app.backend._starting = True
        app.backend._started.set_result(SyncReport())
        opened, plain = [], []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.5)
            for _ in range(repeat):
                start = time.perf_counter()
                screen = BrowserScreen()
                app.push_screen(screen)
                while not screen.rows:
                    await pilot.pause(0.002)
                opened.append((time.perf_counter() - start) * 1000)
                app.pop_screen()
                await pilot.pause(0.05)
                start = time.perf_counter()
                app.push_screen(Plain())
                await pilot.pause()
                plain.append((time.perf_counter() - start) * 1000)
                app.pop_screen()
                await pilot.pause(0.05)
        return opened, plain

    opened, plain = asyncio.run(measure())
    return {"browser": latency_summary(opened), "baseline_one_line_screen": latency_summary(plain)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(11)
    words = made_up_words(rng)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        config = AppConfig(home=home, include_bundled=False)
        StudyService.open(config).close()  # creates the schema
        start = time.perf_counter()
        fill_history(config.db_path, args.items, args.reviews, NOW)
        fill_texts(config.db_path, args.items, words, rng)
        fill_s = time.perf_counter() - start
        with StudyService.open(config, clock=lambda: NOW, tz=UTC) as service:
            searches = time_searches(service, words, args.repeat)
            scans = time_like_scans(config.db_path, words, args.repeat)
            opening = time_browser_opening(config, service, max(3, args.repeat // 4))
    p95 = searches["rows_and_count"]["p95_ms"]
    print(
        json.dumps(
            {
                "items": args.items,
                "reviews": args.reviews,
                "fill_s": round(fill_s, 1),
                "search_and_filter": searches,
                "baseline_like_scan": scans,
                "speedup_p50_vs_like_scan": round(
                    scans["p50_ms"] / max(searches["rows_and_count"]["p50_ms"], 0.01), 1
                ),
                "target_p95_ms": 50,
                "meets_target": p95 <= 50,
                "browser_open": opening,
                "browser_target_ms": 300,
                "browser_meets_target": opening["browser"]["p95_ms"] <= 300,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
