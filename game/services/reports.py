"""The facilitator's report on a session: attendance per day, progress per team and per
young person, offers discovered, appointments booked, badges issued, and the teams'
progress day after day (for the chart).

Attendance is counted from activity. Presence on the live link (the websocket) is not
kept as history: a ``Connection`` row lives only while the socket is open. So a young
person counts as present on day D when they did something during that day's window
(from the opening of day D to the opening of day D+1, or until now for the day still
running): joining the session, an action their phone sent (``ProcessedAction``), a
code-lock piece, a check-in at a place, an answer sent for review, a reflection, a
self-diagnosis answer, an appointment booked, or a quest they finished (except the
reviewed ones, finished when the facilitator approves: their own moment is the answer
they sent). A wrong answer sent without an action id leaves no dated trace and is not
seen; the phone app always sends one.

Everything is loaded in a handful of queries for the whole session, not per player.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from content.catalog import DAYS_IN_SESSION, Catalog, Offer
from game.rules import kinds
from game.rules.quests import Progress, QuestState, TeamSnapshot, unlocked_offers
from game.rules.report import DayWindow, Mark, Series, attendance, cumulative, day_windows, per_day
from game.store.models import (
    Appointment,
    AppointmentSlot,
    Award,
    CheckIn,
    DayOpening,
    DiagnosisAnswer,
    Facilitator,
    GameSession,
    LedgerEntry,
    LockEntry,
    Player,
    ProcessedAction,
    Reflection,
    Submission,
    TeamQuest,
)

from .appointments import MODES
from .common import catalog_of, get_session

DAYS = DAYS_IN_SESSION


@dataclass(frozen=True)
class DayLine:
    day: int
    title: str
    opened_at: datetime | None  # None: not opened yet
    closed_at: datetime | None  # the next day's opening; None while it runs (or not opened)
    present: int
    enrolled: int  # young people in the session that day (joined, not disconnected)


@dataclass(frozen=True)
class TeamLine:
    team_id: int
    name: str
    members: int  # active members (not disconnected)
    eclats: int
    quests_solved: int
    quests_total: int  # quests of the days opened so far
    offers: tuple[Offer, ...]  # discovered, in catalogue order
    offers_total: int
    solved_by_day: tuple[int | None, ...]  # running total at the end of each day (None: not opened)
    eclats_by_day: tuple[int | None, ...]


@dataclass(frozen=True)
class AppointmentLine:
    player_id: int
    nickname: str
    team_name: str | None
    starts_at: datetime  # the instant, naive UTC (shown at the installation's hour)
    duration_minutes: int
    mode: str
    mode_label: str
    place: str
    counsellor: str
    booked_at: datetime


@dataclass(frozen=True)
class PlayerLine:
    player_id: int
    nickname: str
    team_id: int | None
    team_name: str | None
    revoked: bool
    joined_at: datetime
    marks: tuple[Mark, ...]
    quests_solved: int  # quests the team solved with this young person's answer
    pieces: int  # code-lock pieces they entered
    places: int  # distinct places they reached
    answers_approved: int
    reflections: int
    appointment: AppointmentLine | None
    badges: tuple[str, ...]  # names of the badges they hold (not revoked)

    @property
    def days_present(self) -> int:
        return sum(1 for m in self.marks if m is Mark.PRESENT)


@dataclass(frozen=True)
class BadgeLine:
    skill_id: str
    name: str
    issued: int  # still valid (not revoked)
    revoked: int


@dataclass(frozen=True)
class Report:
    session: GameSession
    catalog: Catalog
    generated_at: datetime
    days: tuple[DayLine, ...]
    teams: tuple[TeamLine, ...]
    players: tuple[PlayerLine, ...]
    appointments: tuple[AppointmentLine, ...]
    badges: tuple[BadgeLine, ...]

    @property
    def active_players(self) -> int:
        return sum(1 for p in self.players if not p.revoked)

    @property
    def appointments_booked(self) -> int:
        """Young people still in the session who booked an appointment."""
        return sum(1 for p in self.players if not p.revoked and p.appointment is not None)

    @property
    def badges_issued(self) -> int:
        return sum(b.issued for b in self.badges)

    @property
    def badges_revoked(self) -> int:
        return sum(b.revoked for b in self.badges)

    def series(self, metric: str) -> list[Series]:
        """Per team, the running total of quests solved (``quests``) or of éclats
        (``eclats``) at the end of each day."""
        return [Series(t.name, t.eclats_by_day if metric == "eclats" else t.solved_by_day) for t in self.teams]


def _activity(
    db: Session, players: list[Player], team_ids: list[int], quest_rows: list[TeamQuest], catalog: Catalog
) -> dict[int, list[datetime]]:
    """Every dated thing each young person did, whatever it was."""
    ids = [p.id for p in players]
    seen: dict[int, list[datetime]] = defaultdict(list)
    for p in players:
        seen[p.id].append(p.joined_at)
    if not ids:
        return seen
    queries = (
        select(ProcessedAction.player_id, ProcessedAction.created_at).where(ProcessedAction.player_id.in_(ids)),
        select(LockEntry.player_id, LockEntry.created_at).where(LockEntry.team_id.in_(team_ids)),
        select(CheckIn.player_id, CheckIn.created_at).where(CheckIn.team_id.in_(team_ids)),
        select(Submission.player_id, Submission.created_at).where(Submission.team_id.in_(team_ids)),
        select(Reflection.player_id, Reflection.updated_at).where(Reflection.player_id.in_(ids)),
        select(DiagnosisAnswer.player_id, DiagnosisAnswer.answered_at).where(DiagnosisAnswer.player_id.in_(ids)),
        select(Appointment.player_id, Appointment.created_at).where(Appointment.player_id.in_(ids)),
    )
    for query in queries:
        for player_id, at in db.execute(query):
            if player_id is not None:
                seen[player_id].append(at)
    reviewed = {q.id for q in catalog.quests if kinds.of(q.kind).reviewed}
    for row in quest_rows:
        if row.quest_id not in reviewed and row.finished_by is not None and row.finished_at is not None:
            seen[row.finished_by].append(row.finished_at)
    return seen


def _appointments(db: Session, session: GameSession, players: dict[int, Player]) -> list[AppointmentLine]:
    rows = db.execute(
        select(Appointment, AppointmentSlot, Facilitator.display_name)
        .join(AppointmentSlot, Appointment.slot_id == AppointmentSlot.id)
        .join(Facilitator, AppointmentSlot.counsellor_id == Facilitator.id)
        .where(AppointmentSlot.session_id == session.id)
        .order_by(AppointmentSlot.starts_at, Appointment.id)
    ).all()
    out = []
    for appointment, slot, counsellor in rows:
        player = players.get(appointment.player_id)
        if player is None:
            continue
        out.append(
            AppointmentLine(
                player_id=player.id,
                nickname=player.nickname,
                team_name=player.team.name if player.team else None,
                starts_at=slot.starts_at,
                duration_minutes=slot.duration_minutes,
                mode=slot.mode,
                mode_label=MODES.get(slot.mode, slot.mode),
                place=slot.place,
                counsellor=str(counsellor),
                booked_at=appointment.created_at,
            )
        )
    return out


def _badges(awards: Iterable[Award], catalog: Catalog) -> tuple[BadgeLine, ...]:
    issued: Counter[str] = Counter()
    revoked: Counter[str] = Counter()
    names: dict[str, str] = {}
    for award in awards:
        names.setdefault(award.skill_id, award.name)
        (revoked if award.revoked_at is not None else issued)[award.skill_id] += 1
    order = [s.id for s in catalog.skills] + sorted(set(names) - {s.id for s in catalog.skills})
    skill_names = {s.id: s.name for s in catalog.skills}
    return tuple(
        BadgeLine(skill_id, skill_names.get(skill_id, names[skill_id]), issued[skill_id], revoked[skill_id])
        for skill_id in order
        if skill_id in names
    )


def _day_lines(catalog: Catalog, windows: tuple[DayWindow, ...], rows: list[PlayerLine]) -> tuple[DayLine, ...]:
    by_day = {w.day: w for w in windows}
    lines = []
    for day in range(1, DAYS + 1):
        window = by_day.get(day)
        info = catalog.day(day)
        marks = [r.marks[day - 1] for r in rows]
        lines.append(
            DayLine(
                day=day,
                title=info.title if info else f"Jour {day}",
                opened_at=window.start if window else None,
                closed_at=window.end if window else None,
                present=sum(1 for m in marks if m is Mark.PRESENT),
                enrolled=sum(1 for m in marks if m in (Mark.PRESENT, Mark.ABSENT)),
            )
        )
    return tuple(lines)


def build_report(db: Session, session_id: int, now: datetime) -> Report:
    """The whole report of a session (``now``: when it was made, shown on the page)."""
    session = get_session(db, session_id)
    catalog = catalog_of(session)
    openings = {o.day: o.opened_at for o in db.scalars(select(DayOpening).where(DayOpening.session_id == session.id))}
    windows = day_windows(openings)
    teams = list(session.teams)
    team_ids = [t.id for t in teams]
    players = sorted(
        session.players, key=lambda p: ((p.team.name if p.team else "\uffff").casefold(), p.nickname.casefold(), p.id)
    )
    by_id = {p.id: p for p in players}
    ids = list(by_id)

    quest_rows = list(db.scalars(select(TeamQuest).where(TeamQuest.team_id.in_(team_ids)))) if team_ids else []
    activity = _activity(db, players, team_ids, quest_rows, catalog)
    solved_by: Counter[int] = Counter(
        r.finished_by for r in quest_rows if r.progress == Progress.SOLVED.value and r.finished_by is not None
    )
    pieces: Counter[int] = Counter()
    places: dict[int, set[str]] = defaultdict(set)
    approved: Counter[int] = Counter()
    reflections: Counter[int] = Counter()
    if team_ids:
        pieces.update(
            p for p in db.scalars(select(LockEntry.player_id).where(LockEntry.team_id.in_(team_ids))) if p is not None
        )
        for player_id, place_id in db.execute(
            select(CheckIn.player_id, CheckIn.place_id).where(CheckIn.team_id.in_(team_ids))
        ):
            if player_id is not None:
                places[player_id].add(place_id)
        approved.update(
            p
            for p in db.scalars(
                select(Submission.player_id).where(Submission.team_id.in_(team_ids), Submission.status == "approved")
            )
            if p is not None
        )
    if ids:
        reflections.update(db.scalars(select(Reflection.player_id).where(Reflection.player_id.in_(ids))))
    appointments = _appointments(db, session, by_id)
    booked = {a.player_id: a for a in appointments}
    awards = list(db.scalars(select(Award).where(Award.session_id == session.id).order_by(Award.issued_at, Award.id)))
    held: dict[int, list[str]] = defaultdict(list)
    for award in awards:
        if award.player_id is not None and award.revoked_at is None:
            held[award.player_id].append(award.name)

    player_lines = tuple(
        PlayerLine(
            player_id=p.id,
            nickname=p.nickname,
            team_id=p.team_id,
            team_name=p.team.name if p.team else None,
            revoked=p.revoked_at is not None,
            joined_at=p.joined_at,
            marks=attendance(windows, activity.get(p.id, ()), p.joined_at, p.revoked_at, DAYS),
            quests_solved=solved_by[p.id],
            pieces=pieces[p.id],
            places=len(places[p.id]),
            answers_approved=approved[p.id],
            reflections=reflections[p.id],
            appointment=booked.get(p.id),
            badges=tuple(held[p.id]),
        )
        for p in players
    )

    eclats_per_day: dict[int, dict[int, int]] = defaultdict(dict)
    if team_ids:
        for team_id, day, total in db.execute(
            select(LedgerEntry.team_id, LedgerEntry.day, func.sum(LedgerEntry.delta))
            .where(LedgerEntry.team_id.in_(team_ids))
            .group_by(LedgerEntry.team_id, LedgerEntry.day)
        ):
            eclats_per_day[team_id][day] = int(total or 0)
    opened = [w.day for w in windows]
    open_quests = [q for q in catalog.quests if q.day <= session.current_day]
    team_lines = []
    for team in teams:
        rows = [r for r in quest_rows if r.team_id == team.id]
        snapshot = TeamSnapshot(
            quests={r.quest_id: QuestState(Progress(r.progress), r.attempts, r.hints_used) for r in rows}, eclats=0
        )
        discovered = unlocked_offers(catalog, snapshot)
        solved_at = [r.finished_at for r in rows if r.progress == Progress.SOLVED.value and r.finished_at]
        team_lines.append(
            TeamLine(
                team_id=team.id,
                name=team.name,
                members=sum(1 for p in players if p.team_id == team.id and p.revoked_at is None),
                eclats=sum(eclats_per_day[team.id].values()),
                quests_solved=sum(1 for r in rows if r.progress == Progress.SOLVED.value),
                quests_total=len(open_quests),
                offers=tuple(o for o in catalog.offers if o.id in discovered),
                offers_total=len(catalog.offers),
                solved_by_day=cumulative(per_day(windows, solved_at), opened, DAYS),
                eclats_by_day=cumulative(eclats_per_day[team.id], opened, DAYS),
            )
        )
    return Report(
        session=session,
        catalog=catalog,
        generated_at=now,
        days=_day_lines(catalog, windows, list(player_lines)),
        teams=tuple(team_lines),
        players=player_lines,
        appointments=tuple(appointments),
        badges=_badges(awards, catalog),
    )
