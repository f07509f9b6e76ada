"""The team's state is read and written with SQLAlchemy Core (``game/services/common.py``)
while other services still change rows through the ORM in the same transaction: each
side must see the other's changes, and the conditional write must still refuse a change
made from a stale read."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from game.rules.quests import Progress, QuestState
from game.services.common import eclats_of, members_of, team_rows, touch_team, write_state
from game.store.models import LedgerEntry, Team

from .conftest import NOW, Game


def test_a_core_read_sees_what_the_orm_has_not_flushed_yet(session: Session, game: Game) -> None:
    team, ines, yanis = game.teams[0], *game.players
    session.add(LedgerEntry(team_id=team.id, day=1, delta=7, reason="quest", quest_id=None, created_at=NOW))
    yanis.revoked_at = NOW  # put out, not yet flushed
    assert eclats_of(session, team.id) == 7
    assert members_of(session, team.id) == [ines.id]


def test_the_orm_team_follows_a_core_write_and_a_stale_read_is_refused(session: Session, game: Game) -> None:
    team = game.teams[0]
    quest_id = "any-quest"
    seq = team.seq
    rows = team_rows(session, team.id)
    assert write_state(session, team, rows, quest_id, QuestState(Progress.OPEN, 1, 0), NOW, None) == seq + 1
    assert team.seq == seq + 1  # the loaded ORM team reads what Core wrote
    team.weekend_in_town = True  # an ORM change after the Core write flushes against the new seq
    session.flush()
    session.expire_all()
    again = session.get(Team, team.id)
    assert again is not None and again.seq == seq + 1 and again.weekend_in_town
    session.commit()
    # a change decided from rows read before that commit: the row's version moved
    stale = {quest_id: rows[quest_id]._replace(version=rows[quest_id].version - 1)}
    session.info.pop("touched_teams", None)
    with pytest.raises(StaleDataError):
        write_state(session, again, stale, quest_id, QuestState(Progress.OPEN, 2, 0), NOW, None)
    session.rollback()
    # and a team whose sequence number moved since it was read
    behind = Team(id=team.id, session_id=team.session_id, name=team.name, seq=seq)
    with pytest.raises(StaleDataError):
        touch_team(session, behind)
