"""Loading snapshots for the rules, and the events a service hands back to the API."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, event, func, select
from sqlalchemy.orm import Session, SessionTransaction

from content.catalog import Catalog
from content.loader import load_named_pack
from game.rules.calendar import Calendar, Status
from game.rules.errors import NotFound
from game.rules.events import Event
from game.rules.quest_variants import catalog_for
from game.rules.quests import Progress, QuestState, TeamSnapshot
from game.store.models import GameSession, LedgerEntry, Team, TeamQuest


@dataclass(frozen=True)
class Routed:
    """A domain event and who should hear about it (the whole session, or one team)."""

    event: Event
    session_id: int
    team_id: int | None = None
    actor_id: int | None = None  # the player who acted, if any
    eclats: int | None = None  # the team's éclats after the change, when the service knows them


def catalog_of(session: GameSession) -> Catalog:
    """The session's pack, each quest with the session's own variant applied
    (``quest_variants``): every service sees the texts, answers and codes its
    session plays."""
    return _varied(load_named_pack(session.pack), session.pack, session.variant_seed)


class _VariedCatalogs:
    """The last ``size`` catalogues with a session's variants applied, by (pack, seed).
    A pack loaded again (a local pack edited) is a new object: its entry is rebuilt."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: OrderedDict[tuple[str, str | None], tuple[Catalog, Catalog]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, base: Catalog, pack: str, seed: str | None) -> Catalog:
        key = (pack, seed)
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept[0] is base:
                self._kept.move_to_end(key)
                return kept[1]
        varied = catalog_for(base, seed)
        with self._lock:
            self._kept[key] = (base, varied)
            self._kept.move_to_end(key)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return varied


# about 35 KB a session (measured with tracemalloc on the default pack): 1,024 live
# sessions hold ~35 MB; with 64, a region's 75–137 sessions rebuilt one on almost every
# action (1.2 ms each, bench/RESULTS.md « Where the CPU per action goes »)
_varied = _VariedCatalogs(size=1024)


def calendar_of(session: GameSession) -> Calendar:
    return Calendar(status=Status(session.status), current_day=session.current_day)


def get_session(db: Session, session_id: int) -> GameSession:
    session = db.get(GameSession, session_id)
    if session is None:
        raise no_session()
    return session


def no_session() -> NotFound:
    """A missing session, and one of another organisation (game/services/organisations.py)."""
    return NotFound("no_session", "Cette session n'existe pas.")


# Statements on every player action are built once (with bound parameters), so that
# neither the statement nor its cache key is rebuilt per call.
_ECLATS = select(func.coalesce(func.sum(LedgerEntry.delta), 0)).where(LedgerEntry.team_id == bindparam("team_id"))
_TEAM_ROWS = select(TeamQuest).where(TeamQuest.team_id == bindparam("team_id"))


def eclats_of(db: Session, team_id: int) -> int:
    return int(db.scalar(_ECLATS, {"team_id": team_id}) or 0)


def team_rows(db: Session, team_id: int) -> dict[str, TeamQuest]:
    return {row.quest_id: row for row in db.scalars(_TEAM_ROWS, {"team_id": team_id})}


def snapshot_of(db: Session, team_id: int) -> TeamSnapshot:
    rows = team_rows(db, team_id)
    return snapshot_from(db, team_id, rows)


def progress_only(rows: dict[str, TeamQuest]) -> TeamSnapshot:
    """The team's quest states without its éclats (one query less): for deciding what is
    available, never for anything that shows or changes the score."""
    return TeamSnapshot(
        quests={qid: QuestState(Progress(r.progress), r.attempts, r.hints_used) for qid, r in rows.items()}, eclats=0
    )


def snapshot_from(db: Session, team_id: int, rows: dict[str, TeamQuest]) -> TeamSnapshot:
    return TeamSnapshot(
        quests={qid: QuestState(Progress(r.progress), r.attempts, r.hints_used) for qid, r in rows.items()},
        eclats=eclats_of(db, team_id),
    )


def write_state(
    db: Session,
    team: Team,
    rows: dict[str, TeamQuest],
    quest_id: str,
    state: QuestState,
    now: datetime,
    player_id: int | None,
) -> None:
    """Store a team's new quest state, decided from ``rows`` (the rows the snapshot was
    built from). Bumping the team's sequence number makes the write conditional on
    nobody else having changed the team since it was loaded: of two teammates
    answering at the same instant, one commits and the other gets a conflict."""
    touch_team(db, team)
    row = rows.get(quest_id)
    if row is None:
        row = TeamQuest(team_id=team.id, quest_id=quest_id, progress=Progress.OPEN.value, attempts=0, hints_used=0)
        db.add(row)
        rows[quest_id] = row
    finished = state.progress in (Progress.SOLVED, Progress.FAILED)
    if finished and row.progress not in (Progress.SOLVED.value, Progress.FAILED.value):
        row.finished_at = now
        row.finished_by = player_id
    row.progress = state.progress.value
    row.attempts = state.attempts
    row.hints_used = state.hints_used


@event.listens_for(Session, "after_transaction_end")
def _forget_touched(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop("touched_teams", None)


def touch_team(db: Session, team: Team) -> None:
    """Advance the team's sequence number, once per transaction: the phones count one
    step per committed change, and the conditional update of ``seq`` is what stops two
    concurrent changes of the same team from both committing."""
    touched: set[int] = db.info.setdefault("touched_teams", set())
    if team.id not in touched:
        touched.add(team.id)
        team.seq = team.seq + 1


def credit(db: Session, team: Team, day: int, delta: int, reason: str, quest_id: str | None, now: datetime) -> None:
    if delta:
        db.add(LedgerEntry(team_id=team.id, day=day, delta=delta, reason=reason, quest_id=quest_id, created_at=now))
