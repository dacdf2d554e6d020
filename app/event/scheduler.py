"""The B2B meeting scheduler: requests to (slot, table) with OR-Tools CP-SAT.

Rules it keeps, whatever the input:
- a meeting takes one slot that both of its participants are available for;
- a participant is in at most one meeting per slot; a slot holds at most `tables` meetings
  (tables are interchangeable, so each slot's meetings get table numbers 1..n afterwards);
- only requested pairs meet, each request at most once;
- meetings fixed beforehand (already held, or with an outcome) keep their slot and table.
It maximises the sum of the scheduled requests' weights (mutual interest and match score).
The solver starts from a greedy schedule (heaviest requests first, earliest common slot):
on large events that start is already close to the linear bound, and the solver improves it
within the time limit; on small ones the solver proves the optimum.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

DEFAULT_TIME_LIMIT_SECONDS = 20.0


@dataclass(frozen=True)
class Request:
    id: int
    requester: int
    target: int
    weight: int  # > 0


@dataclass(frozen=True)
class Fixed:
    request_id: int
    slot: int
    table: int


@dataclass(frozen=True)
class Problem:
    slots: int
    tables: int
    requests: Sequence[Request]
    # Slots each participant can meet in; a participant missing here is available in none.
    availability: Mapping[int, Collection[int]]
    fixed: Sequence[Fixed] = ()


@dataclass(frozen=True)
class Assignment:
    request_id: int
    slot: int
    table: int


@dataclass(frozen=True)
class Solution:
    assignments: list[Assignment]
    objective: int  # total weight of the newly scheduled requests (fixed ones left out)
    bound: float  # no schedule of the free requests weighs more (the solver's proof)
    optimal: bool


def _open_slots(problem: Problem, request: Request, busy: Mapping[int, set[int]]) -> list[int]:
    common = set(problem.availability.get(request.requester, ())) & set(
        problem.availability.get(request.target, ())
    )
    taken = busy[request.requester] | busy[request.target]
    return sorted(slot for slot in common if 0 <= slot < problem.slots and slot not in taken)


def _fixed_state(problem: Problem) -> tuple[dict[int, set[int]], dict[int, set[int]], set[int]]:
    """Who is busy when, and which tables are taken in each slot, by the fixed meetings."""
    by_id = {request.id: request for request in problem.requests}
    busy: dict[int, set[int]] = defaultdict(set)
    tables_taken: dict[int, set[int]] = defaultdict(set)
    for meeting in problem.fixed:
        request = by_id[meeting.request_id]
        busy[request.requester].add(meeting.slot)
        busy[request.target].add(meeting.slot)
        tables_taken[meeting.slot].add(meeting.table)
    return busy, tables_taken, {meeting.request_id for meeting in problem.fixed}


def solve(problem: Problem, *, time_limit_seconds: float = DEFAULT_TIME_LIMIT_SECONDS) -> Solution:
    # Imported here: OR-Tools takes over a second to load, which every process of the
    # server and every command would pay at start-up for a call the organiser makes rarely.
    from ortools.sat.python import cp_model

    busy, tables_taken, fixed_ids = _fixed_state(problem)
    model = cp_model.CpModel()
    choices: dict[tuple[int, int], cp_model.IntVar] = {}
    by_person_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    by_slot: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    objective = []
    for request in problem.requests:
        if request.id in fixed_ids or request.requester == request.target:
            continue
        options = []
        for slot in _open_slots(problem, request, busy):
            choice = model.new_bool_var(f"r{request.id}s{slot}")
            choices[request.id, slot] = choice
            options.append(choice)
            by_person_slot[request.requester, slot].append(choice)
            by_person_slot[request.target, slot].append(choice)
            by_slot[slot].append(choice)
            objective.append(request.weight * choice)
        if len(options) > 1:
            model.add_at_most_one(options)
    for group in by_person_slot.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for slot, group in by_slot.items():
        free_tables = problem.tables - len(tables_taken[slot])
        if len(group) > free_tables:
            model.add(sum(group) <= free_tables)
    model.maximize(sum(objective))
    start = greedy(problem)
    for key, choice in choices.items():
        model.add_hint(choice, key in start)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_seconds
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"the scheduler found no schedule ({solver.status_name(status)})")
    chosen = [key for key, choice in choices.items() if solver.value(choice)]
    return Solution(
        assignments=_with_tables(problem, chosen, tables_taken),
        objective=round(solver.objective_value),
        bound=solver.best_objective_bound,
        optimal=status == cp_model.OPTIMAL,
    )


def greedy(problem: Problem) -> set[tuple[int, int]]:
    """(request id, slot) of a quick schedule: the heaviest requests first, each in the
    earliest slot where both people are free and a table is left."""
    busy, tables_taken, fixed_ids = _fixed_state(problem)
    used = {slot: len(tables) for slot, tables in tables_taken.items()}
    chosen: set[tuple[int, int]] = set()
    for request in sorted(problem.requests, key=lambda r: (-r.weight, r.id)):
        if request.id in fixed_ids or request.requester == request.target:
            continue
        for slot in _open_slots(problem, request, busy):
            if used.get(slot, 0) < problem.tables:
                chosen.add((request.id, slot))
                busy[request.requester].add(slot)
                busy[request.target].add(slot)
                used[slot] = used.get(slot, 0) + 1
                break
    return chosen


def _with_tables(
    problem: Problem, chosen: list[tuple[int, int]], tables_taken: Mapping[int, set[int]]
) -> list[Assignment]:
    assignments = [
        Assignment(meeting.request_id, meeting.slot, meeting.table) for meeting in problem.fixed
    ]
    free: dict[int, list[int]] = {}
    for request_id, slot in sorted(chosen, key=lambda key: (key[1], key[0])):
        if slot not in free:
            taken = tables_taken.get(slot, set())
            free[slot] = [table for table in range(problem.tables, 0, -1) if table not in taken]
        assignments.append(Assignment(request_id, slot, free[slot].pop()))
    return assignments


def lp_bound(problem: Problem) -> float:
    """The linear relaxation's optimum: an upper bound on the total weight of the requests any
    schedule adds to the fixed meetings."""
    from ortools.linear_solver import pywraplp  # loaded on use, as in solve()

    busy, tables_taken, fixed_ids = _fixed_state(problem)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    by_person_slot: dict[tuple[int, int], list[pywraplp.Variable]] = defaultdict(list)
    by_slot: dict[int, list[pywraplp.Variable]] = defaultdict(list)
    objective = solver.Objective()
    for request in problem.requests:
        if request.id in fixed_ids or request.requester == request.target:
            continue
        options = []
        for slot in _open_slots(problem, request, busy):
            variable = solver.NumVar(0.0, 1.0, f"r{request.id}s{slot}")
            options.append(variable)
            by_person_slot[request.requester, slot].append(variable)
            by_person_slot[request.target, slot].append(variable)
            by_slot[slot].append(variable)
            objective.SetCoefficient(variable, request.weight)
        if len(options) > 1:
            solver.Add(solver.Sum(options) <= 1)
    for group in by_person_slot.values():
        if len(group) > 1:
            solver.Add(solver.Sum(group) <= 1)
    for slot, group in by_slot.items():
        solver.Add(solver.Sum(group) <= problem.tables - len(tables_taken[slot]))
    objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        raise RuntimeError("the linear relaxation did not solve")
    return float(objective.Value())
