"""What the live messages say, read after the commit so that they say what is true.

One transaction may produce several domain events for one team: ``team_news`` picks the
one that speaks for the team and gathers what its message needs (the actor, the quest,
its place, the offers revealed, a reviewer's comment). The API's event schemas
(``api/schemas/events.py``) dump these objects; nothing here knows the wire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from content.catalog import Offer, Place, Quest
from game.rules import events as ev
from game.rules import weekend
from game.store.models import GameSession, Player, Submission, Team

from . import presence
from .common import SESSION_FACT_COLUMNS, Routed, SessionFacts, TeamFacts, catalog_of, core, eclats_of

# which event speaks for a team when one transaction produced several
PRIORITY: list[type] = [
    ev.SubmissionReviewed,
    ev.QuestSolved,
    ev.QuestFailed,
    ev.PiecesEntered,
    ev.HintRevealed,
    ev.SubmissionReceived,
    ev.WrongAnswer,
    ev.TeamMessage,
]
# the events after which the leaderboard is sent again
SCORING = (ev.QuestSolved, ev.HintRevealed, ev.SubmissionReviewed, ev.FinaleWon)


@dataclass(frozen=True)
class TeamNews:
    """A team's message: its event, the team's sequence number and éclats, who acted."""

    event: ev.Event
    team_id: int
    seq: int
    eclats: int
    by: str | None  # the acting player's nickname
    quest: Quest | None
    place: Place | None  # the quest's place (its own public coordinates, never a player's)
    offers: list[Offer]  # revealed by the quest solved or failed in this transaction
    reward: int  # the éclats of the quest solved in this transaction (0 if none)
    comment: str  # a reviewed submission's comment


@dataclass(frozen=True)
class SessionNews:
    event: ev.Event
    session_id: int
    seq: int
    status: str
    current_day: int
    day_title: str  # the day opened (DayOpened)


@dataclass(frozen=True)
class PresenceNews:
    """A player came or went (``joined``: new in the team; ``left``: moved or put out)."""

    player_id: int
    nickname: str
    team_id: int
    online: bool
    joined: bool | None = None
    left: bool | None = None


@dataclass(frozen=True)
class Hello:
    """What a phone resynchronises from: sequence numbers and who is online in its team."""

    team_seq: int
    session_seq: int
    online: list[int]


def _rank(routed: Routed) -> int:
    kind = type(routed.event)
    return PRIORITY.index(kind) if kind in PRIORITY else len(PRIORITY)


_T, _S, _P = (cast(Table, m.__table__) for m in (Team, GameSession, Player))
# read with Core after every action's commit: the ORM objects cost more than the rows
_TEAM_NOW = (
    select(
        _T.c.id,
        _T.c.session_id,
        _T.c.seq,
        _T.c.weekend_in_town,
        *SESSION_FACT_COLUMNS,
    )
    .select_from(_T.join(_S, _S.c.id == _T.c.session_id))
    .where(_T.c.id == bindparam("team_id"))
)
_NICKNAME = select(_P.c.nickname).where(_P.c.id == bindparam("player_id"))


def team_now(db: Session, team_id: int) -> TeamFacts | None:
    """The team as committed (its sequence number after the change), with its session."""
    row = core(db).execute(_TEAM_NOW, {"team_id": team_id}).first()
    if row is None:  # erased meanwhile
        return None
    team_id, session_id, seq, weekend_in_town, *session = row
    return TeamFacts(team_id, session_id, seq, bool(weekend_in_town), SessionFacts(session_id, *session))


def team_news(db: Session, team: TeamFacts, routed: list[Routed]) -> TeamNews:
    if team.session is None:
        raise ValueError("team_news: read the team with its session (team_now)")
    main = min(routed, key=_rank)
    event = main.event
    catalog = catalog_of(team.session)
    by = main.actor_name
    if by is None and main.actor_id:
        by = core(db).execute(_NICKNAME, {"player_id": main.actor_id}).scalar()
    quest_id = getattr(event, "quest_id", None)
    quest = catalog.quest(quest_id) if quest_id else None
    if quest is not None:
        quest = weekend.as_played(quest, team.weekend_in_town)  # its in-town alternative's place, if switched on
    place = catalog.place(quest.place) if quest is not None and quest.place else None
    solved = next((r.event for r in routed if isinstance(r.event, ev.QuestSolved)), None)
    revealing: ev.QuestSolved | ev.QuestFailed | None = (
        event if isinstance(event, ev.QuestSolved | ev.QuestFailed) else solved
    )
    comment = ""
    if isinstance(event, ev.SubmissionReviewed):
        sub = db.scalar(
            select(Submission)
            .where(Submission.team_id == team.id, Submission.quest_id == event.quest_id)
            .order_by(Submission.id.desc())
            .limit(1)
        )
        comment = sub.comment if sub else ""
    return TeamNews(
        event=event,
        team_id=team.id,
        seq=team.seq,
        eclats=main.eclats if main.eclats is not None else eclats_of(db, team.id),
        by=by,
        quest=quest,
        place=place,
        offers=[o for o in (catalog.offer(i) for i in revealing.offers) if o] if revealing else [],
        reward=solved.reward if solved else 0,
        comment=comment,
    )


def session_news(game: GameSession, event: ev.Event) -> SessionNews:
    day = catalog_of(game).day(event.day) if isinstance(event, ev.DayOpened) else None
    return SessionNews(
        event=event,
        session_id=game.id,
        seq=game.version,
        status=game.status,
        current_day=game.current_day,
        day_title=day.title if day else "",
    )


def hello(db: Session, player: Player, now: datetime) -> Hello:
    return Hello(
        team_seq=player.team.seq if player.team else 0,
        session_seq=player.session.version,
        online=presence.online_in_team(db, player.team_id, now) if player.team_id else [],
    )
