"""Loading snapshots for the rules, and the events a service hands back to the API."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple, Protocol, cast

from sqlalchemy import Connection, Table, bindparam, event, func, insert, select, update
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.util import identity_key

from content.catalog import Catalog
from content.loader import load_named_pack
from game.rules.calendar import Calendar, Status
from game.rules.errors import NotFound
from game.rules.events import Event
from game.rules.quest_variants import catalog_for
from game.rules.quests import Progress, QuestState, TeamSnapshot
from game.store.models import Base, GameSession, LedgerEntry, Player, Team, TeamQuest


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """What an action needs of a session (the columns of ``GameSession`` of the same
    names), read with Core (``accounts.find_caller``)."""

    id: int
    pack: str
    variant_seed: str | None
    status: str
    current_day: int
    start_date: date
    version: int
    organisation_id: int

    @classmethod
    def of(cls, session: SessionFacts | GameSession) -> SessionFacts:
        return cls(
            session.id,
            session.pack,
            session.variant_seed,
            session.status,
            session.current_day,
            session.start_date,
            session.version,
            session.organisation_id,
        )


@dataclass(frozen=True, slots=True)
class TeamFacts:
    """What an action needs of a team (the columns of ``Team``); ``session``, its
    session's, when read or known with it (``news.team_now``, ``Routed.team``)."""

    id: int
    session_id: int
    seq: int
    weekend_in_town: bool
    session: SessionFacts | None = None


_SESSIONS = cast(Table, GameSession.__table__)
# the columns of ``SessionFacts`` after its id, in its order: every Core read of them
SESSION_FACT_COLUMNS = (
    _SESSIONS.c.pack,
    _SESSIONS.c.variant_seed,
    _SESSIONS.c.status,
    _SESSIONS.c.current_day,
    _SESSIONS.c.start_date,
    _SESSIONS.c.version,
    _SESSIONS.c.organisation_id,
)


@dataclass(frozen=True)
class Routed:
    """A domain event and who should hear about it (the whole session, or one team)."""

    event: Event
    session_id: int
    team_id: int | None = None
    actor_id: int | None = None  # the player who acted, if any
    eclats: int | None = None  # the team's éclats after the change, when the service knows them
    # the team as this change committed it (its new sequence number) and the acting
    # player's nickname, when the service knows them: the message is then sent without
    # reading them again after the commit (api.realtime.publish)
    team: TeamFacts | None = None
    actor_name: str | None = None


def routed_team(team: Team | TeamFacts, session: SessionFacts | GameSession, seq: int) -> TeamFacts:
    """The team as a change leaves it (``seq``: what ``write_state`` returned)."""
    return TeamFacts(team.id, session.id, seq, team.weekend_in_town, SessionFacts.of(session))


class PackedSession(Protocol):
    """What the catalogue and calendar need of a session: a ``GameSession``, or the
    columns of one read with Core (``accounts.SessionFacts``)."""

    @property
    def pack(self) -> str: ...
    @property
    def variant_seed(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def current_day(self) -> int: ...


def catalog_of(session: PackedSession) -> Catalog:
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


def calendar_of(session: PackedSession) -> Calendar:
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
# neither the statement nor its cache key is rebuilt per call. The team's state is read
# and written with SQLAlchemy Core on the session's connection, not through the unit of
# work: the ORM's flush was a fifth of an answer's CPU (bench/RESULTS.md « Where the CPU
# per action goes »). Loaded ORM objects of the same rows are kept in step
# (``_keep_in_step``), so that a service mixing both never reads or writes a stale value.
_TEAMS = cast(Table, Team.__table__)
_TEAM_QUESTS = cast(Table, TeamQuest.__table__)
_LEDGER = cast(Table, LedgerEntry.__table__)
_ECLATS = select(func.coalesce(func.sum(_LEDGER.c.delta), 0)).where(_LEDGER.c.team_id == bindparam("team_id"))
_TEAM_ROWS = select(
    _TEAM_QUESTS.c.id,
    _TEAM_QUESTS.c.quest_id,
    _TEAM_QUESTS.c.progress,
    _TEAM_QUESTS.c.attempts,
    _TEAM_QUESTS.c.hints_used,
    _TEAM_QUESTS.c.finished_at,
    _TEAM_QUESTS.c.finished_by,
    _TEAM_QUESTS.c.version,
).where(_TEAM_QUESTS.c.team_id == bindparam("team_id"))
# the conditional writes: 0 rows changed means someone else changed the row first
_BUMP_SEQ = (
    update(_TEAMS)
    .where(_TEAMS.c.id == bindparam("team_id"), _TEAMS.c.seq == bindparam("seq"))
    .values(seq=_TEAMS.c.seq + 1)
)
_WRITE_ROW = (
    update(_TEAM_QUESTS)
    .where(_TEAM_QUESTS.c.id == bindparam("row_id"), _TEAM_QUESTS.c.version == bindparam("was"))
    .values(
        progress=bindparam("progress"),
        attempts=bindparam("attempts"),
        hints_used=bindparam("hints_used"),
        finished_at=bindparam("finished_at"),
        finished_by=bindparam("finished_by"),
        version=_TEAM_QUESTS.c.version + 1,
    )
)
_NEW_ROW = insert(_TEAM_QUESTS)
_CREDIT = insert(_LEDGER)


def core(db: Session) -> Connection:
    """The session's connection, for a Core statement in the session's transaction.
    Pending ORM changes are flushed first, as an ORM query would (autoflush): a Core
    read sees them, and a Core write comes after them."""
    db.flush()
    return db.connection()


class QuestRow(NamedTuple):
    """A team's stored progress on one quest (a ``team_quests`` row), as read."""

    id: int
    quest_id: str
    progress: str
    attempts: int
    hints_used: int
    finished_at: datetime | None
    finished_by: int | None
    version: int


_PLAYERS = cast(Table, Player.__table__)
_MEMBERS = (
    select(_PLAYERS.c.id)
    .where(_PLAYERS.c.team_id == bindparam("team_id"), _PLAYERS.c.revoked_at.is_(None))
    .order_by(_PLAYERS.c.id)
)


def members_of(db: Session, team_id: int) -> list[int]:
    """The ids of the team's players still in the game, in joining order (``Team.members``)."""
    return list(core(db).execute(_MEMBERS, {"team_id": team_id}).scalars())


def eclats_of(db: Session, team_id: int) -> int:
    return int(core(db).execute(_ECLATS, {"team_id": team_id}).scalar() or 0)


def team_rows(db: Session, team_id: int) -> dict[str, QuestRow]:
    rows = core(db).execute(_TEAM_ROWS, {"team_id": team_id})
    return {row.quest_id: QuestRow(*row) for row in rows}


def snapshot_of(db: Session, team_id: int) -> TeamSnapshot:
    rows = team_rows(db, team_id)
    return snapshot_from(db, team_id, rows)


def progress_only(rows: dict[str, QuestRow]) -> TeamSnapshot:
    """The team's quest states without its éclats (one query less): for deciding what is
    available, never for anything that shows or changes the score."""
    return TeamSnapshot(
        quests={qid: QuestState(Progress(r.progress), r.attempts, r.hints_used) for qid, r in rows.items()}, eclats=0
    )


def snapshot_from(db: Session, team_id: int, rows: dict[str, QuestRow]) -> TeamSnapshot:
    return TeamSnapshot(progress_only(rows).quests, eclats=eclats_of(db, team_id))


def write_state(
    db: Session,
    team: TeamKey,
    rows: dict[str, QuestRow],
    quest_id: str,
    state: QuestState,
    now: datetime,
    player_id: int | None,
) -> int:
    """Store a team's new quest state, decided from ``rows`` (the rows the snapshot was
    built from), and return the team's new sequence number. Bumping the sequence number
    makes the write conditional on nobody else having changed the team since it was loaded: of two teammates
    answering at the same instant, one commits and the other gets a conflict (the
    row's own version guards it the same way)."""
    seq = touch_team(db, team)
    row = rows.get(quest_id)
    finished = state.progress in (Progress.SOLVED, Progress.FAILED)
    was_finished = row is not None and row.progress in (Progress.SOLVED.value, Progress.FAILED.value)
    finished_at, finished_by = (row.finished_at, row.finished_by) if row is not None else (None, None)
    if finished and not was_finished:
        finished_at, finished_by = now, player_id
    values = {
        "progress": state.progress.value,
        "attempts": state.attempts,
        "hints_used": state.hints_used,
        "finished_at": finished_at,
        "finished_by": finished_by,
    }
    conn = core(db)
    if row is None:
        key = conn.execute(
            _NEW_ROW, {**values, "team_id": team.id, "quest_id": quest_id, "version": 1}
        ).inserted_primary_key
        rows[quest_id] = QuestRow(int(key[0]) if key else 0, quest_id, **values, version=1)  # type: ignore[arg-type]
        return seq
    if conn.execute(_WRITE_ROW, {**values, "row_id": row.id, "was": row.version}).rowcount != 1:
        raise StaleDataError(f"team_quests row {row.id} changed since it was read")
    rows[quest_id] = row._replace(**values, version=row.version + 1)  # type: ignore[arg-type]
    _keep_in_step(db, TeamQuest, row.id, **values, version=row.version + 1)
    return seq


@event.listens_for(Session, "after_transaction_end")
def _forget_touched(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop("touched_teams", None)


class TeamKey(Protocol):
    """What a change needs of a team: its id and the sequence number it was read with
    (an ORM ``Team``, or a row read with Core)."""

    @property
    def id(self) -> int: ...
    @property
    def seq(self) -> int: ...


def touch_team(db: Session, team: TeamKey) -> int:
    """Advance the team's sequence number, once per transaction: the phones count one
    step per committed change, and the conditional update of ``seq`` is what stops two
    concurrent changes of the same team from both committing. Returns the new number."""
    touched: dict[int, int] = db.info.setdefault("touched_teams", {})
    if team.id not in touched:
        if core(db).execute(_BUMP_SEQ, {"team_id": team.id, "seq": team.seq}).rowcount != 1:
            raise StaleDataError(f"team {team.id} changed since it was read")
        touched[team.id] = team.seq + 1
        _keep_in_step(db, Team, team.id, seq=team.seq + 1)
    return touched[team.id]


def _keep_in_step(db: Session, model: type[Base], row_id: int, **values: object) -> None:
    """A loaded ORM object of a row just written with Core takes the written values as
    its loaded state: it reads true, and its own versioned flush expects the new version."""
    loaded = db.identity_map.get(identity_key(model, row_id))
    if loaded is not None:
        for name, value in values.items():
            set_committed_value(loaded, name, value)


def credit(db: Session, team: TeamKey, day: int, delta: int, reason: str, quest_id: str | None, now: datetime) -> None:
    if delta:
        core(db).execute(
            _CREDIT,
            {"team_id": team.id, "day": day, "delta": delta, "reason": reason, "quest_id": quest_id, "created_at": now},
        )
