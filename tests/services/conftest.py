"""The service tier: use cases (``game/services``) run on a real SQLAlchemy session over a
fresh file SQLite database with the migrations applied, and the real default content
pack, without Flask (the integration tests of *Architecture Patterns with Python*).

A test commits what it means to keep, as a request would; the fixtures flush only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from content.catalog import Catalog
from content.loader import load_named_pack
from game.services import accounts, play, sessions
from game.store.db import make_engine, make_sessionmaker, upgrade
from game.store.models import Facilitator, GameSession, Player, Team

START = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10)  # naive UTC, as the services store instants


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'services.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sessionmaker_(engine: Engine) -> sessionmaker[Session]:
    """For tests that need a second session on the same database (a later request)."""
    return make_sessionmaker(engine)


@pytest.fixture
def session(sessionmaker_: sessionmaker[Session]) -> Iterator[Session]:
    with sessionmaker_() as db:
        yield db


@pytest.fixture
def catalog() -> Catalog:
    return load_named_pack("default")


@pytest.fixture
def facilitator(session: Session) -> Facilitator:
    staff = accounts.create_facilitator(session, "claire", "mot-de-passe-solide", "Claire", NOW)
    session.flush()
    return staff


@dataclass(frozen=True)
class Game:
    """A session on the default pack (day 1 open), its two teams and two players in the
    first team."""

    session: GameSession
    teams: tuple[Team, ...]
    players: tuple[Player, ...]


def join(db: Session, game: GameSession, nickname: str, team: Team | None = None) -> Player:
    return play.join(db, game.join_code, nickname, team.id if team else None, NOW)[1]


@pytest.fixture
def game(session: Session, facilitator: Facilitator) -> Game:
    created = sessions.create_session(session, facilitator, "Groupe du lundi", "default", START, True, None, NOW)
    sessions.open_day(session, created.id, 1, NOW)
    teams = tuple(sorted(created.teams, key=lambda t: t.id))
    players = (join(session, created, "Inès", teams[0]), join(session, created, "Yanis", teams[0]))
    session.flush()
    return Game(created, teams, players)


def open_days(db: Session, game: GameSession, last: int) -> None:
    """Open the days after the current one, up to ``last``."""
    for day in range(game.current_day + 1, last + 1):
        sessions.open_day(db, game.id, day, NOW)
    db.flush()


def solve(db: Session, player: Player, quest_id: str) -> None:
    """Solve a directly answered quest (riddle, quiz, dialogue, code lock) and, first,
    the prerequisites it waits for, with the right answers, through ``play.answer``."""
    from game.rules.kinds import read_answer
    from game.services.common import catalog_of, snapshot_of
    from tests.api.helpers import right_answer

    if player.team_id is None or snapshot_of(db, player.team_id).finished(quest_id):
        return
    quest = catalog_of(player.session).quest(quest_id)
    assert quest is not None, quest_id
    for before in quest.prerequisites:
        solve(db, player, before)
    outcome = play.answer(db, player, quest.id, read_answer(quest.kind, right_answer(quest)), NOW)
    assert outcome.decision.correct, quest_id
    db.flush()
