"""Statistical disclosure control of published sums: which cells a table may show.

A *cell* is a set of contracts whose values are summed. A cell is sensitive when fewer than
``min_parties`` contracts or distinct parties stand behind it (threshold rule) or when one party
holds more than ``dominance`` of its value (dominance rule). The figures a reader can see are
sums over unions of the finest cells (*atoms*); published figures are suppressed until no
sensitive atom can be computed from them by any linear combination (ratio × denominator,
subtraction, differencing are all linear). The audit works on the atoms, never on rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

K = TypeVar("K", bound=Hashable)

# A projection norm this close to 1 means the atom lies in the span of the published rows.
_DETERMINED = 1 - 1e-7


@dataclass
class Cell:
    """The contracts behind one sum: total value, number of contracts, value per party."""

    value: int = 0
    count: int = 0
    parties: dict[int, int] = field(default_factory=dict)

    def add(self, supplier_id: int, recipient_id: int, value: int, count: int = 1) -> None:
        self.value += value
        self.count += count
        for party in {supplier_id, recipient_id}:
            self.parties[party] = self.parties.get(party, 0) + value

    def merge(self, other: Cell) -> None:
        self.value += other.value
        self.count += other.count
        for party, value in other.parties.items():
            self.parties[party] = self.parties.get(party, 0) + value


@dataclass(frozen=True)
class DisclosureRule:
    min_parties: int = 3
    dominance: float = 0.85

    def is_safe(self, cell: Cell) -> bool:
        if cell.count == 0:
            return True
        if cell.count < self.min_parties or len(cell.parties) < self.min_parties:
            return False
        return max(cell.parties.values()) <= self.dominance * cell.value


@dataclass(frozen=True)
class Figure:
    """A published sum: the atoms it adds up and how readily it is given up.

    ``decided`` fixes the figure as published (True) or suppressed (False) by a coarser audit
    already answered; ``expendability`` orders the candidates for complementary suppression
    (the highest goes first: finer figures before the totals readers need most)."""

    atoms: frozenset[int]
    expendability: tuple[int, ...] = ()
    decided: bool | None = None


def suppressed(atoms: Sequence[Cell], figures: Mapping[K, Figure], rule: DisclosureRule) -> set[K]:
    """The figures to withhold: primary (sensitive themselves), then complementary.

    Figures are admitted one at a time, the most needed first (fixed ones, then by
    expendability, larger before smaller); a figure is withheld when it is sensitive or when,
    with those admitted before it, some sensitive atom could be computed. Figures over the
    same atoms are one sum: shown or withheld together."""
    by_members: dict[frozenset[int], list[K]] = defaultdict(list)
    for key, figure in figures.items():
        if figure.atoms:
            by_members[figure.atoms].append(key)
    fixed = {m for m, keys in by_members.items() if any(figures[k].decided for k in keys)}
    order = sorted(
        by_members,
        key=lambda m: (
            m not in fixed,
            min(figures[k].expendability for k in by_members[m]),
            -len(m),
            sorted(m),
        ),
    )
    sensitive = np.array([not rule.is_safe(cell) for cell in atoms], dtype=bool)
    span = _Span(len(atoms), sensitive)
    hidden: set[frozenset[int]] = set()
    for members in order:
        if members in fixed:
            span.add(members, force=True)
        elif (
            all(figures[k].decided is False for k in by_members[members])
            or not rule.is_safe(_union(atoms, members))
            or not span.add(members)
        ):
            hidden.add(members)
    return {k for k, f in figures.items() if f.decided is False} | {
        k for m in hidden for k in by_members[m]
    }


def _union(atoms: Sequence[Cell], members: frozenset[int]) -> Cell:
    total = Cell()
    for index in members:
        total.merge(atoms[index])
    return total


class _Span:
    """The span of the admitted figures, as 0/1 vectors over the atoms, kept as an orthonormal
    basis: an atom's sum can be computed from them when its unit vector projects onto the span
    with length 1."""

    def __init__(self, size: int, sensitive: np.ndarray) -> None:
        self.size = size
        self.sensitive = sensitive
        self.basis = np.zeros((0, size))
        self.norms = np.zeros(size)

    def add(self, members: frozenset[int], *, force: bool = False) -> bool:
        """Admit the figure unless it lets a sensitive atom be computed (or ``force``)."""
        vector = np.zeros(self.size)
        vector[list(members)] = 1.0
        for _ in range(2):  # twice: Gram-Schmidt loses orthogonality once
            vector -= self.basis.T @ (self.basis @ vector)
        length = float(np.linalg.norm(vector))
        if length <= 1e-9 * len(members) ** 0.5:
            return True  # already a combination of admitted figures: tells nothing new
        direction = vector / length
        norms = self.norms + direction**2
        if not force and bool((norms[self.sensitive] > _DETERMINED).any()):
            return False
        self.basis = np.vstack([self.basis, direction])
        self.norms = norms
        return True
