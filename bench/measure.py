"""Timing helpers shared by the benchmarks: one way to time a call and summarise latencies."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def timed_ms(call: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    """(wall milliseconds, result) of one call."""
    start = time.perf_counter()
    result = call(*args)
    return (time.perf_counter() - start) * 1000, result


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, wall seconds, CPU seconds): CPU time stays meaningful on a busy machine."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - start, time.process_time() - cpu


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` in [0, 1]) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def latency_summary(times: list[float], unit: str = "ms", digits: int = 2) -> dict[str, float]:
    """p50, p95 and max of latencies measured in ``unit``."""
    return {
        f"p50_{unit}": round(statistics.median(times), digits),
        f"p95_{unit}": round(percentile(times, 0.95), digits),
        f"max_{unit}": round(max(times), digits),
    }
