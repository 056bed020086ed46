"""Benchmark: build the HTML and JSON reports over 1M reviews of 100k items.

Prints one JSON object: the inputs' sizes, seconds per report, peak RSS, and the ratio
against a baseline measured in the same run (one plain ``count``/``sum`` pass over the
review log, the least any report over it must do); each is the best of ``--repeat`` runs.
Run: ``python bench/report.py [--reviews N] [--items N] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from history import fill_history
from measure import timed

from studyapp.config import AppConfig, Settings
from studyapp.report import ReportFilter, build_report
from studyapp.report.render import render_html, render_json
from studyapp.store.database import open_database

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def best_of(runs: int, fn):
    """(result, fewest wall seconds, fewest CPU seconds) of ``runs`` calls: on a shared
    machine a single run measures the neighbours as much as the code."""
    results = [timed(fn) for _ in range(runs)]
    return results[-1][0], min(r[1] for r in results), min(r[2] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="builds timed; the best counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        config = AppConfig(home=Path(tmp), include_bundled=False, settings=Settings())
        engine = open_database(config, NOW)
        # In a child process: the generator's large page cache stays out of rss_mb.
        with ProcessPoolExecutor(max_workers=1) as pool:
            fill = pool.submit(fill_history, config.db_path, args.items, args.reviews, NOW)
            _, generate_s, _cpu = timed(fill.result)
        with engine.connect() as connection:
            driver = connection.connection.driver_connection
            baseline = "SELECT count(*), sum(elapsed_ms) FROM reviews"
            driver.execute(baseline).fetchone()  # warm the page cache as the reports find it
            _, baseline_s, baseline_cpu = best_of(
                args.repeat, lambda: driver.execute(baseline).fetchone()
            )
            report, build_s, build_cpu = best_of(
                args.repeat,
                lambda: build_report(connection, config.settings, ReportFilter(), now=NOW, tz=UTC),
            )
        engine.dispose()
    # Both formats render the one computed report: each figure is build + its rendering.
    html, html_render_s, html_render_cpu = timed(lambda: render_html(report))
    data, json_render_s, json_render_cpu = timed(lambda: render_json(report))
    html_s, html_cpu = build_s + html_render_s, build_cpu + html_render_cpu
    json_s, json_cpu = build_s + json_render_s, build_cpu + json_render_cpu
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    json.dump(
        {
            "reviews": args.reviews,
            "items": args.items,
            "html_s": round(html_s, 3),
            "json_s": round(json_s, 3),
            "html_bytes": len(html.encode()),
            "json_bytes": len(data.encode()),
            "rss_mb": round(rss_mb, 1),
            "build_s": round(build_s, 3),
            "build_cpu_s": round(build_cpu, 3),
            "html_cpu_s": round(html_cpu, 3),
            "json_cpu_s": round(json_cpu, 3),
            "baseline_s": round(baseline_s, 3),
            "baseline_cpu_s": round(baseline_cpu, 3),
            "ratio": round(html_s / baseline_s, 1),
            "cpu_ratio": round(html_cpu / baseline_cpu, 1),
            "generate_s": round(generate_s, 1),
            "repeat": args.repeat,
            "load_average_1m": os.getloadavg()[0],  # other work inflates wall times
        },
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
