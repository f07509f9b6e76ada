"""The teleport check when a player's fixes reach two server processes at the same
instant: both are judged from the same previous reading, and only one may replace it.
The other gets a conflict; retried, it is judged against the kept one and refused as
the teleport it is. (Two sessions on one database stand for two processes.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from game.rules.geo import Fix, Policy
from game.services import places
from game.store.checkins import CheckInReading
from game.store.models import Player

from .conftest import NOW, Game, open_days, solve

QUEST = "d6-place-grand-place"
GRAND_PLACE = (50.6369, 3.0633)
GARE = (50.6364, 3.0708)  # 530 m away
FAR = (50.6800, 3.0633)  # 4.8 km away
SECRET = b"s" * 32


def send(db: Session, player_id: int, point: tuple[float, float], at: object) -> places.CheckInOutcome:
    player = db.get(Player, player_id)
    assert player is not None
    fix = Fix(point[0], point[1], 8, at - timedelta(seconds=1))  # type: ignore[operator]
    return places.check_in_gps(db, player, QUEST, fix, at, Policy(), SECRET)  # type: ignore[arg-type]


@pytest.fixture
def walking(session: Session, game: Game) -> int:
    """Inès, at the station (530 m from the Grand'Place) ten minutes ago."""
    open_days(session, game.session, 6)
    ines = game.players[0]
    solve(session, ines, "d6-braderie")
    session.commit()
    assert send(session, ines.id, GARE, NOW).decision.rejection.value == "too_far"  # type: ignore[union-attr]
    session.commit()
    return ines.id


def test_two_fixes_at_the_same_instant_on_two_processes_one_is_kept_the_other_is_a_teleport(
    sessionmaker_: sessionmaker[Session], walking: int
) -> None:
    at = NOW + timedelta(minutes=10)  # ten minutes after the station: either place is reachable
    with sessionmaker_() as one, sessionmaker_() as two:
        # through process 2: judged from the station, not yet written (SQLite would make
        # a second writer wait: here the interleaving is the one of two processes)
        with two.no_autoflush:
            second = send(two, walking, FAR, at)
        # through process 1 at the same instant, judged from the same station, committed first
        first = send(one, walking, GRAND_PLACE, at)
        assert first.decision and first.decision.keep and second.decision and second.decision.keep
        one.commit()
        with pytest.raises(StaleDataError):  # the API answers 409 (api/extensions.transaction)
            two.commit()
        two.rollback()
        retried = send(two, walking, FAR, at + timedelta(seconds=1))
        assert retried.decision and retried.decision.rejection and retried.decision.rejection.value == "teleport"
        two.commit()
    with sessionmaker_() as db:
        [row] = db.scalars(select(CheckInReading).where(CheckInReading.player_id == walking))
        assert row.received_at == at and row.distance_m < 50  # the kept reading is the first
