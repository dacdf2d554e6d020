"""The scheduler's rules on random problems: nobody double-booked, no table used twice in a
slot, availability kept, only requested pairs meet, and nothing a simple bound forbids."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.event.scheduler import Fixed, Problem, Request, lp_bound, solve


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    slots = draw(st.integers(1, 6))
    tables = draw(st.integers(1, 4))
    people = draw(st.integers(2, 8))
    availability = {
        person: draw(st.sets(st.integers(0, slots - 1), max_size=slots)) for person in range(people)
    }
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, people - 1), st.integers(0, people - 1)).filter(
                lambda pair: pair[0] != pair[1]
            ),
            max_size=20,
            unique=True,
        )
    )
    requests = [
        Request(id=index, requester=a, target=b, weight=draw(st.integers(1, 30)))
        for index, (a, b) in enumerate(pairs)
    ]
    return Problem(slots=slots, tables=tables, requests=requests, availability=availability)


def check(problem: Problem) -> None:
    solution = solve(problem, time_limit_seconds=5)
    by_id = {request.id: request for request in problem.requests}
    assert all(a.request_id in by_id for a in solution.assignments), "only requests meet"
    assert len({a.request_id for a in solution.assignments}) == len(solution.assignments)
    seats = Counter((a.slot, a.table) for a in solution.assignments)
    assert max(seats.values(), default=0) <= 1, "a table holds one meeting per slot"
    assert all(1 <= a.table <= problem.tables for a in solution.assignments)
    people = Counter()
    for assignment in solution.assignments:
        request = by_id[assignment.request_id]
        for person in (request.requester, request.target):
            assert assignment.slot in problem.availability[person], "availability respected"
            people[person, assignment.slot] += 1
    assert max(people.values(), default=0) <= 1, "nobody is in two meetings at once"
    weight = sum(by_id[a.request_id].weight for a in solution.assignments)
    assert weight == solution.objective
    assert weight <= lp_bound(problem) + 1e-6


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_schedules_keep_every_rule(problem: Problem) -> None:
    check(problem)


def test_fixed_meetings_keep_their_place_and_block_their_people() -> None:
    requests = [Request(1, 0, 1, 5), Request(2, 0, 2, 5), Request(3, 1, 2, 5)]
    problem = Problem(
        slots=2,
        tables=1,
        requests=requests,
        availability={0: {0, 1}, 1: {0, 1}, 2: {0, 1}},
        fixed=[Fixed(request_id=1, slot=0, table=1)],
    )
    solution = solve(problem)
    placed = {a.request_id: (a.slot, a.table) for a in solution.assignments}
    assert placed[1] == (0, 1)
    # One table: slot 0 is full, so exactly one of the two others gets slot 1.
    assert len(placed) == 2 and next(v for k, v in placed.items() if k != 1) == (1, 1)


def test_heavier_requests_win_a_contested_slot() -> None:
    problem = Problem(
        slots=1,
        tables=5,
        requests=[Request(1, 0, 1, 10), Request(2, 0, 2, 25)],
        availability={0: {0}, 1: {0}, 2: {0}},
    )
    assert [a.request_id for a in solve(problem).assignments] == [2]
