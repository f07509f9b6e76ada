"""An action costs the same after two years of sessions (issue 16, point 5): no statement
of the answer, hint, piece and check-in paths reads a table that grows with history
from end to end. The statements are the real ones, captured while a team plays through
the ``/player`` Socket.IO handlers on a database that already holds a finished session
played through the services; each is planned by SQLite (``EXPLAIN QUERY PLAN``). Timing
is left to ``bench/history.py``: a test only looks at the plans."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bench.history import PATHS, Statement, capture_paths, full_scans, prefill, sqlite_plans
from game.store.db import make_engine, upgrade


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Statement]]:
    folder = tmp_path_factory.mktemp("history")
    path = folder / "eclats.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    prefill(engine, 1)  # one finished group of 12: ten days of answers, hints, pieces, places
    engine.dispose()
    return path, capture_paths(f"sqlite:///{path}", folder)


def test_every_statement_of_the_live_paths_reads_through_an_index(played: tuple[Path, list[Statement]]) -> None:
    path, statements = played
    assert {s.path for s in statements} == set(PATHS)  # every path was played, or the check proves nothing
    plans = sqlite_plans(path, statements)
    assert len(plans) > 30
    assert full_scans(plans) == []


def test_a_statement_that_lost_its_index_is_caught(played: tuple[Path, list[Statement]]) -> None:
    """Without the index on the ledger's team (the éclats of a team are its sum), every
    answer would read the éclats of every team that ever played."""
    path, statements = played
    copy = path.with_name("without-index.db")
    with closing(sqlite3.connect(path)) as src, closing(sqlite3.connect(copy)) as dst:
        src.backup(dst)
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute("DROP INDEX ix_ledger_team_id")
    scans = full_scans(sqlite_plans(copy, statements))
    assert {(p, line.split()[1]) for p, _sql, line in scans} >= {(p, "ledger") for p in PATHS}
