"""Read-only views the API dumps as they are: a session as the console lists it or
shows it, the leaderboard as a team sees it, a day's recap as a young person reads it.
Each gathers what other services know; none changes anything."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from content.catalog import Catalog
from game.rules.calendar import planned_dates
from game.rules.recap import Recap
from game.rules.scoring import TeamScore
from game.store.models import GameSession, Player

from . import appointments, play, reviews, sessions
from .common import catalog_of, get_session


@dataclass(frozen=True)
class SessionLine:
    session: GameSession
    pack_title: str
    join_code: str | None  # None for counsellors: the code is for those who run the session
    players_count: int  # players still in (not put out)
    teams_count: int


@dataclass(frozen=True)
class DayPlan:
    number: int
    title: str
    autonomous: bool
    opened_at: datetime | None
    date: dt.date  # planned


@dataclass(frozen=True)
class SessionDetail(SessionLine):
    join_url: str
    days: list[DayPlan]
    teams: list[sessions.TeamProgress]
    pending_reviews: int
    bans_count: int


def _line(game: GameSession, with_code: bool) -> SessionLine:
    return SessionLine(
        session=game,
        pack_title=catalog_of(game).title,
        join_code=game.join_code if with_code else None,
        players_count=sum(1 for p in game.players if p.revoked_at is None),
        teams_count=len(game.teams),
    )


def session_lines(db: Session, organisation_id: int, with_code: bool) -> list[SessionLine]:
    return [_line(game, with_code) for game in sessions.list_sessions(db, organisation_id)]


def session_detail(db: Session, session_id: int, join_url: str) -> SessionDetail:
    """``join_url``: the join link as the web tells it (its address is no game matter)."""
    game = get_session(db, session_id)
    opened = {o.day: o.opened_at for o in game.openings}
    dates = planned_dates(game.start_date)
    days = [
        DayPlan(d.number, d.title, d.autonomous, opened.get(d.number), dates[d.number - 1])
        for d in catalog_of(game).days
    ]
    line = _line(game, with_code=True)
    return SessionDetail(
        session=line.session,
        pack_title=line.pack_title,
        join_code=line.join_code,
        players_count=line.players_count,
        teams_count=line.teams_count,
        join_url=join_url,
        days=days,
        teams=sessions.progress(db, session_id),
        pending_reviews=len(reviews.list_submissions(db, session_id, "pending")),
        bans_count=sessions.bans_count(db, game.id),
    )


@dataclass(frozen=True)
class Standing:
    """A line of the leaderboard: the same for the REST API and the live message;
    ``mine`` says whether it is the asking team's (never true in the live message)."""

    score: TeamScore
    rank: int
    mine: bool = False


def standings(db: Session, game: GameSession, team_id: int | None = None) -> list[Standing]:
    return [Standing(r.score, r.rank, r.score.team_id == team_id) for r in play.session_leaderboard(db, game)]


@dataclass(frozen=True)
class Me:
    """What a phone shows of its player, their team (with its place on the leaderboard)
    and the session."""

    player: Player
    session: GameSession
    catalog: Catalog
    standing: Standing | None  # the player's team on the leaderboard (None: no team yet)


def me(db: Session, player: Player) -> Me:
    game = player.session
    team_id = player.team_id
    mine = next((r for r in standings(db, game, team_id) if r.mine), None) if team_id is not None else None
    return Me(player, game, catalog_of(game), mine)


@dataclass(frozen=True)
class BookedAppointment:
    starts_at: datetime
    duration_minutes: int
    mode_label: str
    place: str
    counsellor: str


@dataclass(frozen=True)
class MyRecap:
    """A day's recap as one young person reads it (``play.player_recap``) and their
    counsellor appointment, once booked."""

    recap: Recap
    offers: tuple[play.RecapOffer, ...]
    appointment: BookedAppointment | None


def booked_appointment(db: Session, player: Player) -> BookedAppointment | None:
    found = appointments.mine(db, player)
    if found is None:
        return None
    _appointment, slot, counsellor = found
    return BookedAppointment(
        slot.starts_at, slot.duration_minutes, appointments.MODES[slot.mode], slot.place, counsellor.display_name
    )


def my_recap(db: Session, player: Player, day: int | None) -> MyRecap:
    mine = play.player_recap(db, player, day)
    return MyRecap(mine.recap, mine.offers, booked_appointment(db, player))
