"""Which public value figures of the indicators may be shown, year by year.

Every public value figure is a sum over one year (or one quarter of it), all transactions or
the verified ones, one predicate of method v1 (all, IP, technology, imported, ...), and
optionally one breakdown group. Years never overlap, and a figure over several years is shown
only when each year's figure is, so each year is audited on its own:

1. the province's figures (year and quarters × scope × predicate) over atoms of
   (quarter, verified, predicate memberships);
2. with those fixed, the breakdown groups of every dimension together, over atoms that also
   carry each dimension's group, so that a group in one breakdown cannot be subtracted from a
   group in another.
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from app.core.config import DisclosureSettings
from app.core.disclosure import Cell, DisclosureRule, Figure, suppressed
from app.indicator.schemas import Breakdown

WHOLE_YEAR = 0
DIMENSIONS = tuple(Breakdown)


class FigureKey(NamedTuple):
    year: int
    quarter: int  # WHOLE_YEAR or 1..4
    verified_only: bool
    by: Breakdown | None
    group: Any
    predicate: int


class Contribution(NamedTuple):
    """One row of the aggregate behind the audit (see IndicatorRepository.contributions)."""

    year: int
    month: int
    verified: bool
    memberships: tuple[bool, ...]
    groups: tuple[Any, ...]  # one key per breakdown dimension, or () for the province only
    supplier_id: int
    recipient_id: int
    value: int
    contracts: int


@dataclass
class DisclosurePlan:
    """The suppressed figures of the audited years; unaudited years have no data to hide."""

    hidden: set[FigureKey] = field(default_factory=set)
    withheld_breakdowns: set[int] = field(default_factory=set)

    def shows(
        self,
        years: Iterable[int],
        quarter: int | None,
        verified_only: bool,
        predicate: int,
        by: Breakdown | None = None,
        group: Any = None,
    ) -> bool:
        for year in years:
            if by is not None and year in self.withheld_breakdowns:
                return False
            key = FigureKey(year, quarter or WHOLE_YEAR, verified_only, by, group, predicate)
            if key in self.hidden:
                return False
        return True


@dataclass
class _Atom:
    quarter: int
    verified: bool
    memberships: tuple[bool, ...]
    groups: tuple[Any, ...]
    cell: Cell = field(default_factory=Cell)


def plan_year(
    year: int,
    rows: Sequence[Contribution],
    predicates: int,
    rule: DisclosureRule,
    *,
    breakdowns: bool,
    max_cells: int,
) -> DisclosurePlan:
    province = _atoms(rows, with_groups=False)
    figures = _figures(year, province, predicates)
    plan = DisclosurePlan(suppressed([a.cell for a in province], figures, rule))
    if not breakdowns:
        return plan
    detailed = _atoms(rows, with_groups=True)
    if len(detailed) > max_cells:
        plan.withheld_breakdowns.add(year)
        return plan
    figures = _figures(year, detailed, predicates, province=plan.hidden)
    plan.hidden |= suppressed([a.cell for a in detailed], figures, rule)
    return plan


def _atoms(rows: Sequence[Contribution], *, with_groups: bool) -> list[_Atom]:
    atoms: dict[tuple[Any, ...], _Atom] = {}
    for row in rows:
        quarter = (row.month - 1) // 3 + 1
        groups = row.groups if with_groups else ()
        key = (quarter, row.verified, row.memberships, groups)
        atom = atoms.setdefault(key, _Atom(quarter, row.verified, row.memberships, groups))
        atom.cell.add(row.supplier_id, row.recipient_id, row.value, row.contracts)
    return list(atoms.values())


def _memberships(atoms: Sequence[_Atom], predicates: int) -> dict[tuple[Any, ...], set[int]]:
    """(quarter, verified_only, dimension, group, predicate) -> the atoms of that figure."""
    members: dict[tuple[Any, ...], set[int]] = defaultdict(set)
    for index, atom in enumerate(atoms):
        dimensions = DIMENSIONS[: len(atom.groups)]
        slices = [(None, None), *zip(dimensions, atom.groups, strict=True)]
        for quarter in (WHOLE_YEAR, atom.quarter):
            for verified_only in (False, True) if atom.verified else (False,):
                for predicate in range(predicates):
                    if atom.memberships[predicate]:
                        for by, group in slices:
                            members[(quarter, verified_only, by, group, predicate)].add(index)
    return members


def _figures(
    year: int,
    atoms: Sequence[_Atom],
    predicates: int,
    *,
    province: set[FigureKey] | None = None,
) -> dict[FigureKey, Figure]:
    """The figures over these atoms; with ``province`` (the province's hidden figures, already
    decided) the province's figures are fixed and only the breakdown groups are free."""
    figures = {}
    for (quarter, verified_only, by, group, predicate), members in _memberships(
        atoms, predicates
    ).items():
        key = FigureKey(year, quarter, verified_only, by, group, predicate)
        decided = None
        if province is not None and by is None:
            decided = key not in province
        level = 0 if by is None else 1
        figures[key] = Figure(
            frozenset(members), (level, quarter != WHOLE_YEAR, verified_only), decided
        )
    return figures


def merge(plans: Mapping[int, DisclosurePlan]) -> DisclosurePlan:
    merged = DisclosurePlan()
    for plan in plans.values():
        merged.hidden |= plan.hidden
        merged.withheld_breakdowns |= plan.withheld_breakdowns
    return merged


@dataclass(frozen=True)
class PublicView:
    """How the public's value figures are protected (the department sees every figure)."""

    rule: DisclosureRule
    max_cells: int

    @classmethod
    def from_settings(cls, settings: DisclosureSettings) -> PublicView:
        return cls(
            DisclosureRule(settings.min_parties, settings.dominance), settings.max_audit_cells
        )


@dataclass(frozen=True)
class Gate:
    """Whether a value figure may be shown: always (no plan), or as the year plans say."""

    plan: DisclosurePlan | None = None
    index_of: Mapping[str, int] = field(default_factory=dict)
    verified_only: bool = False
    by: Breakdown | None = None
    group: Any = None

    def shows(self, name: str, years: Iterable[int], quarter: int | None = None) -> bool:
        if self.plan is None:
            return True
        return self.plan.shows(
            years, quarter, self.verified_only, self.index_of[name], self.by, self.group
        )

    def for_group(self, by: Breakdown, group: Any) -> Gate:
        return replace(self, by=by, group=group)


OPEN = Gate()


class PlanCache:
    """The last audited plans, by year and a fingerprint of the year's contracts."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.plans: OrderedDict[Hashable, DisclosurePlan] = OrderedDict()

    def get(self, key: Hashable) -> DisclosurePlan | None:
        plan = self.plans.get(key)
        if plan is not None:
            self.plans.move_to_end(key)
        return plan

    def put(self, key: Hashable, plan: DisclosurePlan) -> None:
        self.plans[key] = plan
        while len(self.plans) > self.size:
            self.plans.popitem(last=False)
