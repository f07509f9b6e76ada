"""A lock's frozen split (issue 14): who holds which code-lock piece or clue-lock
document, on the roster stored when the team first touches the lock.

« First touches »: the first time any member's phone is given the lock's pieces or
documents while the lock is available (``play.quest_views``), or a piece is typed
(``play.enter_piece``), whichever comes first. The roster is inserted once; two phones
loading at the same instant race on the table's unique constraint, and the loser's
insert is simply skipped (``ON CONFLICT DO NOTHING``) before both read the same rows.
The rule itself is ``game.rules.locks``."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from content.catalog import Quest
from game.rules import kinds, locks
from game.rules.quests import Availability
from game.store.models import LockEntry, LockRoster

from .common import TeamKey, members_of

Rosters = dict[str, list[int | None]]


def item_count(quest: Quest) -> int:
    """How many parts the lock is split into (0: not a split lock)."""
    kind = kinds.of(quest.kind)
    if kind.pieces:
        return len(quest.pieces)
    if kind.documents:
        return len(quest.documents)
    return 0


def lock_rosters(db: Session, team_id: int) -> Rosters:
    """Quest id → the team's frozen roster for that lock (player id per position)."""
    rows = db.execute(
        select(LockRoster.quest_id, LockRoster.position, LockRoster.player_id)
        .where(LockRoster.team_id == team_id)
        .order_by(LockRoster.quest_id, LockRoster.position)
    )
    out: Rosters = {}
    for quest_id, _position, player_id in rows:
        out.setdefault(quest_id, []).append(player_id)
    return out


def frozen_roster(
    db: Session, team_id: int, quest_id: str, members: list[int], now: datetime | None
) -> list[int | None]:
    """The team's roster for the lock, frozen now from ``members`` if it was not yet."""
    kept = lock_rosters_of(db, team_id, quest_id)
    if kept or not members:
        return kept
    values = [
        {"team_id": team_id, "quest_id": quest_id, "position": i, "player_id": p, "frozen_at": now or _utcnow()}
        for i, p in enumerate(locks.freeze(members))
    ]
    dialect = db.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.execute(insert(LockRoster).values(values).on_conflict_do_nothing())
    return lock_rosters_of(db, team_id, quest_id)


def lock_rosters_of(db: Session, team_id: int, quest_id: str) -> list[int | None]:
    query = (
        select(LockRoster.player_id)
        .where(LockRoster.team_id == team_id, LockRoster.quest_id == quest_id)
        .order_by(LockRoster.position)
    )
    return list(db.scalars(query))


def held(
    db: Session,
    quest: Quest,
    team_id: int,
    members: list[int],
    player_id: int,
    rosters: Rosters,
    status: Availability,
    now: datetime | None,
) -> list[int]:
    """The pieces or documents ``player_id``'s phone shows; an available lock seen for
    the first time is frozen on the way."""
    count = item_count(quest)
    if not count:
        return []
    roster = rosters.get(quest.id)
    if roster is None and status is Availability.AVAILABLE:
        roster = rosters[quest.id] = frozen_roster(db, team_id, quest.id, members, now)
    return locks.items_for(count, roster or (), members, player_id)


def record_document_holders(db: Session, quest: Quest, team: TeamKey, now: datetime) -> None:
    """When a clue lock opens, who held each document then (one ``LockEntry`` per
    document): their evidence, and the console's « who contributed what »."""
    members = members_of(db, team.id)
    roster = frozen_roster(db, team.id, quest.id, members, now)
    taken = set(db.scalars(select(LockEntry.piece).where(LockEntry.team_id == team.id, LockEntry.quest_id == quest.id)))
    for index, holder in enumerate(locks.owners(len(quest.documents), roster, members)):
        if holder is not None and index not in taken:
            db.add(LockEntry(team_id=team.id, quest_id=quest.id, piece=index, player_id=holder, created_at=now))


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
