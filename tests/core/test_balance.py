"""The board on which the processes of `techex serve --workers N` count their connections
(app/core/balance.py), with real processes sharing it."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest

from app.core.balance import LoadBoard

FORK = multiprocessing.get_context("fork")


def _hold(path: Path, connections: int, ready: Event, leave: Event) -> None:
    board = LoadBoard(path)
    assert board.claim()
    for _ in range(connections):
        board.opened()
    ready.set()
    leave.wait(30)  # then ends without releasing its slot, as a process that crashes


@contextmanager
def another_process(path: Path, connections: int) -> Iterator[int]:
    """A process that claims a slot on the board and counts `connections`; its pid."""
    ready, leave = FORK.Event(), FORK.Event()
    process = FORK.Process(target=_hold, args=(path, connections, ready, leave))
    process.start()
    try:
        assert ready.wait(30)
        assert process.pid is not None
        yield process.pid
    finally:
        leave.set()
        process.join(30)


@pytest.fixture
def board_path() -> Iterator[Path]:
    path = LoadBoard.create(2)
    yield path
    path.unlink()


def test_each_process_counts_its_connections_in_a_slot_of_its_own(board_path: Path) -> None:
    board = LoadBoard(board_path)
    assert board.claim()
    board.opened()
    with another_process(board_path, connections=3) as other:
        assert board.connections() == {other: 3, os.getpid(): 1}


def test_a_process_holding_two_more_connections_than_another_is_the_busier(
    board_path: Path,
) -> None:
    board = LoadBoard(board_path)
    assert board.claim()
    with another_process(board_path, connections=3):
        for _ in range(4):
            board.opened()
        assert not board.busier_than_the_rest()  # 4 against 3: moving one would not help
        board.opened()
        assert board.busier_than_the_rest()  # 5 against 3
        board.closing()  # told to close: no longer counted
        assert not board.busier_than_the_rest()
        board.closed()  # ...and gone: not subtracted twice
        assert board.connections()[os.getpid()] == 4


def test_a_process_alone_on_the_board_is_never_the_busier(board_path: Path) -> None:
    board = LoadBoard(board_path)
    assert board.claim()
    for _ in range(10):
        board.opened()
    assert not board.busier_than_the_rest()


def test_the_slot_of_a_process_that_died_goes_to_the_process_replacing_it(
    board_path: Path,
) -> None:
    with another_process(board_path, connections=5):
        pass  # it has ended without releasing its slot
    with another_process(board_path, connections=1) as second:
        board = LoadBoard(board_path)
        assert board.claim()  # two slots: one free, one of a dead process
        assert board.connections() == {second: 1, os.getpid(): 0}


def test_a_process_finding_the_board_full_shares_no_slot(board_path: Path) -> None:
    with another_process(board_path, 3) as first, another_process(board_path, 0) as second:
        board = LoadBoard(board_path)
        assert not board.claim()
        board.opened()
        assert not board.busier_than_the_rest()
        assert board.connections() == {first: 3, second: 0}


def test_a_released_slot_no_longer_counts(board_path: Path) -> None:
    board = LoadBoard(board_path)
    assert board.claim()
    board.opened()
    board.release()
    board.opened()  # a connection closing during shutdown, after the release
    assert board.connections() == {}
