"""Shared helpers for the benchmarks: percentiles, a table printer and a speed calibration."""

from __future__ import annotations

import statistics
import time


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    if len(ordered) < 2:
        value = ordered[0] if ordered else float("nan")
        return {"p50": value, "p95": value, "p99": value}
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {"p50": cuts[49], "p95": cuts[94], "p99": cuts[98]}


def print_table(headers: list[str], rows: list[list[object]]) -> None:
    cells = [[str(value) for value in row] for row in rows]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("  ".join("-" * w for w in widths))
    for row in cells:
        print("  ".join(value.ljust(w) for value, w in zip(row, widths, strict=True)))


def calibration_ms() -> float:
    """Milliseconds this machine takes for a fixed piece of pure Python (best of five).

    This machine's speed varies from one day to the next (the same 100,000 documents indexed
    in 8 s one day, 17 s another): print this beside the figures so that runs can be compared.
    """
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number * number % 7
        best = min(best, time.perf_counter() - started)
    return best * 1000
