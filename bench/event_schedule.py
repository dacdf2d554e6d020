"""How well and how fast the B2B scheduler places a large techmart's meeting requests.

Generates an event of two days of six hours in 20-minute slots (36 slots) at 40 tables, with
500 participants (200 exhibitors, 300 visitors; some attend one day only, each takes an hour
off) and 3,000 requests weighted as app/event/meetings.py weighs them (mutual interest, match
score). Solves with the scheduler the application uses (OR-Tools CP-SAT from a greedy start,
its time limit), then
computes upper bounds: the tables (slots x tables meetings at most), and the linear
relaxation of the same model (GLOP) on the weight and on the count of meetings. Prints a table.

    .venv/bin/python bench/event_schedule.py [--participants 500] [--requests 3000]
        [--tables 40] [--days 2] [--hours 6] [--slot-minutes 20] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from dataclasses import replace

from _common import print_table

from app.event.scheduler import (
    DEFAULT_TIME_LIMIT_SECONDS,
    Problem,
    Request,
    greedy,
    lp_bound,
    solve,
)

BASE_WEIGHT, MUTUAL_WEIGHT, MATCH_WEIGHT = 10, 10, 5
TARGET_SECONDS = 30


def availability(rng: random.Random, days: int, slots_per_day: int) -> set[int]:
    attended = [day for day in range(days) if rng.random() < 0.8] or [rng.randrange(days)]
    slots = {day * slots_per_day + slot for day in attended for slot in range(slots_per_day)}
    day = rng.choice(attended)
    start = day * slots_per_day + rng.randrange(slots_per_day - 2)
    return slots - {start, start + 1, start + 2}  # an hour off


def generate(args: argparse.Namespace) -> Problem:
    rng = random.Random(args.seed)
    slots_per_day = args.hours * 60 // args.slot_minutes
    exhibitors = list(range(args.participants * 2 // 5))
    visitors = list(range(len(exhibitors), args.participants))
    people = exhibitors + visitors
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < args.requests:
        if rng.random() < 0.8:  # most requests: a visitor asks an exhibitor
            pair = (rng.choice(visitors), rng.choice(exhibitors))
        else:
            pair = (rng.choice(people), rng.choice(people))
        if pair[0] != pair[1] and (pair[1], pair[0]) not in pairs:
            pairs.add(pair)
    requests = [
        Request(
            id=index,
            requester=a,
            target=b,
            weight=BASE_WEIGHT
            + (MUTUAL_WEIGHT if rng.random() < 0.3 else 0)
            + round(MATCH_WEIGHT * rng.random()),
        )
        for index, (a, b) in enumerate(sorted(pairs))
    ]
    return Problem(
        slots=args.days * slots_per_day,
        tables=args.tables,
        requests=requests,
        availability={p: availability(rng, args.days, slots_per_day) for p in people},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--tables", type=int, default=40)
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--hours", type=int, default=6)
    parser.add_argument("--slot-minutes", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    problem = generate(args)
    started = time.perf_counter()
    solution = solve(problem)
    seconds = time.perf_counter() - started
    by_id = {r.id: r for r in problem.requests}
    greedy_weight = sum(by_id[request_id].weight for request_id, _ in greedy(problem))
    scheduled = len(solution.assignments)
    weight_lp = lp_bound(problem)
    count_lp = lp_bound(replace(problem, requests=[replace(r, weight=1) for r in problem.requests]))
    table_bound = min(len(problem.requests), problem.slots * problem.tables)
    count_bound = min(table_bound, int(count_lp + 1e-6))
    busiest = Counter(
        person
        for a in solution.assignments
        for person in (by_id[a.request_id].requester, by_id[a.request_id].target)
    )

    print(
        f"{args.participants} participants, {len(problem.requests)} requests, "
        f"{problem.slots} slots of {args.slot_minutes} min, {problem.tables} tables "
        f"(seed {args.seed}; solver time limit {DEFAULT_TIME_LIMIT_SECONDS:.0f} s)\n"
    )
    print_table(
        ["measure", "value", "upper bound", "share of bound"],
        [
            ["solve time (s)", f"{seconds:.1f}", f"{TARGET_SECONDS} (target)", ""],
            [
                "requests scheduled",
                f"{scheduled} ({scheduled / len(problem.requests):.1%} of requests)",
                f"{count_bound} (LP, tables {table_bound})",
                f"{scheduled / count_bound:.1%}",
            ],
            [
                "weight scheduled",
                str(solution.objective),
                f"{weight_lp:.0f} (LP); {solution.bound:.0f} (CP-SAT)",
                f"{solution.objective / weight_lp:.1%}",
            ],
            [
                "weight of the greedy start",
                str(greedy_weight),
                f"{weight_lp:.0f} (LP)",
                f"{greedy_weight / weight_lp:.1%}",
            ],
            ["proved optimal", str(solution.optimal), "", ""],
            ["most meetings of one participant", str(max(busiest.values())), "", ""],
        ],
    )


if __name__ == "__main__":
    main()
