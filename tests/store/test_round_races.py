"""Live rounds under races (real threads, file SQLite): two facilitators closing the same
round at once credit the teams once; two launching at once open one round."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from content.loader import load_named_pack
from game.rules.errors import RuleViolation
from game.services import play, rounds, sessions
from game.store.db import make_engine, make_sessionmaker, upgrade
from game.store.models import Facilitator, LedgerEntry, LiveRound, Player
from game.store.organisations import DEFAULT_ID

NOW = datetime(2026, 11, 23, 10)


def _race(maker: Callable[[], Session], act: Callable[[Session], object]) -> list[str]:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run() -> None:
        with maker() as db:
            barrier.wait(timeout=10)
            try:
                act(db)
                db.commit()
                outcomes.append("done")
            except (IntegrityError, StaleDataError, RuleViolation, OperationalError):
                db.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return sorted(outcomes)


def _world(tmp_path: Path) -> tuple[Engine, Callable[[], Session], int, int]:
    """A running session on day 1, two teams, a young person in each, a facilitator."""
    engine = make_engine(f"sqlite:///{tmp_path / 'race.db'}")
    upgrade(engine)
    maker = make_sessionmaker(engine)
    with maker() as db:
        staff = Facilitator(
            username="claire",
            display_name="Claire",
            password_hash="x",
            role="facilitator",
            organisation_id=DEFAULT_ID,
            created_at=NOW,
        )
        db.add(staff)
        game = sessions.create_session(db, None, "G", "default", NOW.date(), False, ["A", "B"], NOW)
        sessions.open_day(db, game.id, 1, NOW)
        db.flush()
        for i in range(2):
            play.join(db, game.join_code, f"Joueur {i}", None, NOW)
        db.commit()
        return engine, maker, game.id, staff.id


def test_two_closes_at_once_credit_the_teams_once(tmp_path: Path) -> None:
    engine, maker, session_id, staff_id = _world(tmp_path)
    spec = next(r for r in load_named_pack("default").rounds if r.day == 1)
    with maker() as db:
        rounds.launch(db, db.get_one(Facilitator, staff_id), session_id, spec.id, None, NOW)
        for player in db.scalars(select(Player)):
            rounds.answer(db, player, spec.answer_index, NOW)
        db.commit()

    outcomes = _race(maker, lambda db: rounds.close(db, session_id, NOW))

    with maker() as db:
        credited = db.scalar(select(func.coalesce(func.sum(LedgerEntry.delta), 0)).where(LedgerEntry.reason == "round"))
    engine.dispose()
    assert outcomes == ["done", "refused"]
    assert credited == 2 * spec.points  # one right answer in each team, credited once


def test_two_launches_at_once_open_one_round(tmp_path: Path) -> None:
    engine, maker, session_id, staff_id = _world(tmp_path)
    day1 = [r for r in load_named_pack("default").rounds if r.day == 1]
    names = iter(r.id for r in day1[:2])
    lock = threading.Lock()

    def launch(db: Session) -> object:
        with lock:
            round_id = next(names)
        return rounds.launch(db, db.get_one(Facilitator, staff_id), session_id, round_id, 60, NOW)

    outcomes = _race(maker, launch)

    with maker() as db:
        opened = db.scalar(select(func.count(LiveRound.id)).where(LiveRound.closed_at.is_(None)))
    engine.dispose()
    assert outcomes == ["done", "refused"]
    assert opened == 1
