"""Live « situation → offre » rounds (issue 14, point 5): the facilitator launches one of
the pack's rounds on the projector, every young person answers on their own phone, the
reveal shows the distribution and the right offer, and the teams win éclats.

The rules are in ``game/rules/rounds.py``; here, the rows (``LiveRound``,
``RoundAnswer``), the ledger, and the views for the projector and for a phone. A phone
never learns the right answer before the round is closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from content.catalog import Catalog, LiveRoundSpec
from game.rules import rounds as rules
from game.rules.calendar import Status
from game.rules.errors import NotFound, RuleViolation
from game.store.models import Facilitator, LiveRound, Player, ProcessedAction, RoundAnswer, Team

from .common import catalog_of, credit, get_session

LEDGER_REASON = "round"


@dataclass(frozen=True)
class ChoiceView:
    index: int  # the pack's index: what a phone sends back
    offer_id: str
    title: str


@dataclass(frozen=True)
class TeamPoints:
    team_id: int
    name: str
    points: int  # won in this round


@dataclass(frozen=True)
class Result:
    """What the reveal shows: only ever built for a closed round."""

    answer: int
    explanation: str
    distribution: tuple[int, ...]
    teams: list[TeamPoints]


@dataclass(frozen=True)
class RoundView:
    """A live round as the projector, the console and every phone of the session see it."""

    live_id: int
    session_id: int
    round_id: str
    day: int
    situation: str
    choices: list[ChoiceView]
    status: str  # rules.RoundStatus
    untimed: bool
    seconds_left: int | None
    deadline: datetime | None
    points: int
    answers: int  # how many answered (the staff's live count)
    players: int  # how many young people could answer
    result: Result | None = None
    extensions: int = 0  # how many times young people asked for more time (rules.MORE_MAX at most)


@dataclass(frozen=True)
class MyRound:
    """A phone's view: the round, its own answer, and (once closed) whether it was right."""

    round: RoundView
    mine: int | None
    correct: bool | None = None


@dataclass(frozen=True)
class PackRound:
    """A round of the pack, for the facilitator choosing one (with the answer)."""

    spec: LiveRoundSpec
    choices: list[ChoiceView]
    playable: bool  # its day is open
    played: int  # how many times it was launched in this session


@dataclass(frozen=True)
class Catalogue:
    rounds: list[PackRound]
    current: RoundView | None = None


def _spec(catalog: Catalog, round_id: str) -> LiveRoundSpec:
    spec = next((r for r in catalog.rounds if r.id == round_id), None)
    if spec is None:
        raise NotFound("no_round", "Cette manche n'existe pas dans le pack de la session.")
    return spec


def _choices(catalog: Catalog, spec: LiveRoundSpec) -> list[ChoiceView]:
    out = []
    for index, offer_id in enumerate(spec.choices):
        offer = catalog.offer(offer_id)
        out.append(ChoiceView(index, offer_id, offer.title if offer else offer_id))
    return out


def _clock(live: LiveRound) -> rules.RoundClock:
    return rules.RoundClock(live.opened_at, live.deadline, live.closed_at)


def _latest(db: Session, session_id: int) -> LiveRound | None:
    query = select(LiveRound).where(LiveRound.session_id == session_id).order_by(LiveRound.id.desc()).limit(1)
    return db.scalar(query)


def _open(db: Session, session_id: int) -> LiveRound:
    live = _latest(db, session_id)
    if live is None or live.closed_at is not None:
        raise NotFound("no_open_round", "Aucune manche n'est en cours.")
    return live


def answer_count(db: Session, live_id: int) -> int:
    return int(
        db.scalar(select(func.count()).select_from(RoundAnswer).where(RoundAnswer.live_round_id == live_id)) or 0
    )


def _players(db: Session, session_id: int) -> int:
    query = select(func.count()).select_from(Player).where(Player.session_id == session_id, Player.revoked_at.is_(None))
    return int(db.scalar(query) or 0)


def more_key(live_id: int) -> str:
    """A young person's request for more time is kept as a processed action under this
    id (a phone's own ids cannot hold « : »): the unique (player, id) pair makes it once
    per young person and round, and counting them gives the round's extensions."""
    return f"round:more:{live_id}"


def extensions(db: Session, live_id: int) -> int:
    query = select(func.count()).select_from(ProcessedAction).where(ProcessedAction.client_id == more_key(live_id))
    return int(db.scalar(query) or 0)


def _result(db: Session, live: LiveRound, spec: LiveRoundSpec) -> Result:
    rows = db.execute(
        select(RoundAnswer.choice, RoundAnswer.team_id, RoundAnswer.correct).where(RoundAnswer.live_round_id == live.id)
    ).all()
    won = rules.team_points(((r.team_id, r.correct) for r in rows), spec.points)
    teams = db.scalars(select(Team).where(Team.session_id == live.session_id).order_by(Team.id))
    return Result(
        answer=spec.answer_index,
        explanation=spec.explanation,
        distribution=rules.distribution((r.choice for r in rows), len(spec.choices)),
        teams=[TeamPoints(t.id, t.name, won.get(t.id, 0)) for t in teams],
    )


def view(db: Session, live: LiveRound, now: datetime, catalog: Catalog | None = None) -> RoundView:
    catalog = catalog or catalog_of(get_session(db, live.session_id))
    spec = _spec(catalog, live.round_id)
    clock = _clock(live)
    closed = live.closed_at is not None
    return RoundView(
        live_id=live.id,
        session_id=live.session_id,
        round_id=spec.id,
        day=spec.day,
        situation=spec.situation,
        choices=_choices(catalog, spec),
        status=rules.status(clock, now).value,
        untimed=live.deadline is None,
        seconds_left=rules.seconds_left(clock, now),
        deadline=live.deadline,
        points=spec.points,
        answers=answer_count(db, live.id),
        players=_players(db, live.session_id),
        result=_result(db, live, spec) if closed else None,
        extensions=extensions(db, live.id),
    )


# ---------------------------------------------------------------- the facilitator


def pack_rounds(db: Session, session_id: int, now: datetime) -> Catalogue:
    session = get_session(db, session_id)
    catalog = catalog_of(session)
    launched = select(LiveRound.round_id, func.count()).where(LiveRound.session_id == session.id)
    played = {round_id: int(n) for round_id, n in db.execute(launched.group_by(LiveRound.round_id)).all()}
    rounds = [
        PackRound(spec, _choices(catalog, spec), spec.day <= session.current_day, played.get(spec.id, 0))
        for spec in sorted(catalog.rounds, key=lambda r: r.day)
    ]
    latest = _latest(db, session.id)
    return Catalogue(rounds, view(db, latest, now, catalog) if latest else None)


def current(db: Session, session_id: int, now: datetime) -> RoundView | None:
    """The session's latest round (open, or closed with its result), for the projector."""
    latest = _latest(db, get_session(db, session_id).id)
    return view(db, latest, now) if latest else None


def launch(
    db: Session, staff: Facilitator, session_id: int, round_id: str, seconds: int | None, now: datetime
) -> RoundView:
    session = get_session(db, session_id)
    catalog = catalog_of(session)
    spec = _spec(catalog, round_id)
    latest = _latest(db, session.id)
    rules.check_launch(
        spec.day, session.current_day, session.status == Status.RUNNING.value, bool(latest and not latest.closed_at)
    )
    deadline = rules.first_deadline(now, seconds)
    live = LiveRound(
        session_id=session.id, round_id=spec.id, opened_at=now, deadline=deadline, closed_at=None, opened_by=staff.id
    )
    db.add(live)
    # advancing the session's version makes the launch conditional: of two facilitators
    # launching at the same instant, one commits and the other gets a conflict
    session.last_event_at = now
    db.flush()
    return view(db, live, now, catalog)


def adjust(db: Session, session_id: int, add_seconds: int | None, now: datetime) -> RoundView:
    """Add time (``add_seconds``) or lift the limit (None)."""
    live = _open(db, get_session(db, session_id).id)
    live.deadline = rules.adjusted_deadline(_clock(live), now, add_seconds)
    db.flush()
    return view(db, live, now)


def close(db: Session, session_id: int, now: datetime) -> RoundView:
    """Reveal: the round closes, each team is credited its points in the ledger."""
    session = get_session(db, session_id)
    live = _open(db, session.id)
    # conditional: of two facilitators closing at once, only one credits the teams; and
    # an answer racing the close either commits before it (and counts) or is refused
    closed = db.execute(
        update(LiveRound).where(LiveRound.id == live.id, LiveRound.closed_at.is_(None)).values(closed_at=now)
    )
    if closed.rowcount != 1:  # type: ignore[attr-defined]
        raise RuleViolation("round_closed", "Cette manche est déjà terminée.")
    db.refresh(live)
    catalog = catalog_of(session)
    spec = _spec(catalog, live.round_id)
    result = _result(db, live, spec)
    teams = {t.id: t for t in db.scalars(select(Team).where(Team.session_id == session.id))}
    for line in result.teams:
        if line.points:
            credit(db, teams[line.team_id], session.current_day, line.points, LEDGER_REASON, None, now)
    db.flush()
    return view(db, live, now, catalog)


# ---------------------------------------------------------------- a young person


def mine(db: Session, player: Player, now: datetime) -> MyRound | None:
    latest = _latest(db, player.session_id)
    if latest is None or (_finished(player) and latest.closed_at is None):
        return None  # a round left open when the session ended does not cover the end screen
    return _mine(db, player, latest, now)


def _finished(player: Player) -> bool:
    return player.session.status == Status.FINISHED.value


def _mine(db: Session, player: Player, live: LiveRound, now: datetime) -> MyRound:
    shown = view(db, live, now)
    row = db.scalar(select(RoundAnswer).where(RoundAnswer.live_round_id == live.id, RoundAnswer.player_id == player.id))
    if row is None:
        return MyRound(shown, None)
    return MyRound(shown, row.choice, row.correct if live.closed_at is not None else None)


def answer(db: Session, player: Player, choice: int, now: datetime) -> MyRound:
    """The young person's one answer to the open round."""
    live = _latest(db, player.session_id)
    if live is None:
        raise NotFound("no_open_round", "Aucune manche n'est en cours.")
    if _finished(player):
        raise RuleViolation("session_finished", "Cette aventure est terminée.")
    spec = _spec(catalog_of(player.session), live.round_id)
    answered = db.scalar(
        select(RoundAnswer.id).where(RoundAnswer.live_round_id == live.id, RoundAnswer.player_id == player.id)
    )
    rules.check_answer(_clock(live), now, answered is not None, choice, len(spec.choices))
    # holds the round's row until commit (PostgreSQL): a close waits for this answer,
    # or this answer sees the round closed and is refused
    still_open = db.execute(
        update(LiveRound)
        .where(LiveRound.id == live.id, LiveRound.closed_at.is_(None))
        .values(closed_at=None)
        .execution_options(synchronize_session=False)
    )
    if still_open.rowcount != 1:  # type: ignore[attr-defined]
        raise RuleViolation("round_closed", "La manche est terminée : les réponses sont fermées.")
    db.add(
        RoundAnswer(
            live_round_id=live.id,
            player_id=player.id,
            team_id=player.team_id,
            choice=choice,
            correct=choice == spec.answer_index,
            created_at=now,
        )
    )
    db.flush()
    return _mine(db, player, live, now)


# ---------------------------------------------------------------- evidence and privacy


@dataclass(frozen=True)
class Answered:
    round_id: str
    situation: str
    chosen: str  # the offer's title
    correct: bool
    revealed: bool
    at: datetime


def answers_of(db: Session, player: Player) -> list[Answered]:
    """Every answer the young person gave in live rounds (evidence, export)."""
    catalog = catalog_of(player.session)
    out = []
    rows = db.execute(
        select(RoundAnswer, LiveRound)
        .join(LiveRound, LiveRound.id == RoundAnswer.live_round_id)
        .where(RoundAnswer.player_id == player.id)
        .order_by(RoundAnswer.id)
    ).all()
    for answer_row, live in rows:
        spec = next((r for r in catalog.rounds if r.id == live.round_id), None)
        offer_id = spec.choices[answer_row.choice] if spec and answer_row.choice < len(spec.choices) else ""
        offer = catalog.offer(offer_id)
        out.append(
            Answered(
                live.round_id,
                spec.situation if spec else "",
                offer.title if offer else offer_id,
                answer_row.correct,
                live.closed_at is not None,
                answer_row.created_at,
            )
        )
    return out


def skills_of(catalog: Catalog, round_id: str) -> tuple[str, ...]:
    spec = next((r for r in catalog.rounds if r.id == round_id), None)
    return spec.skills if spec else ()


def export(db: Session, player: Player) -> list[dict[str, Any]]:
    return [
        {
            "manche": a.round_id,
            "situation": a.situation,
            "reponse": a.chosen,
            "juste": a.correct if a.revealed else None,
            "le": a.at.isoformat(),
        }
        for a in answers_of(db, player)
    ]
