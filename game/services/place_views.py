"""Urban games, what the phone and the console show: the places a team sees on its map
(a warmer/colder place stays hidden until a teammate reached it), where each team has
been (which place, when, how; never where anybody was) and the check-ins the facilitator
may want to look at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from content.catalog import Place
from game.rules import geo, kinds, weekend
from game.rules import quests as rules
from game.rules.errors import NotFound
from game.rules.quests import Availability
from game.store.checkins import CheckInFlag
from game.store.models import CheckIn, Facilitator, GameSession, Player, Team

from .common import (
    calendar_of,
    catalog_of,
    get_session,
    progress_only,
    team_rows,
)
from .places import MANUAL, last_checkins
from .play import team_of


@dataclass(frozen=True)
class PlaceView:
    """A place as a team sees it on its map: only the places of missions it can play
    or has won, and for those still to reach, the clue."""

    quest_id: str
    quest_title: str
    place: Place
    status: str  # available / solved
    clue: str
    team_min: int
    window_minutes: int
    hot_cold: bool
    present: int  # teammates checked in recently enough (team places)
    # whether the phone may see where the place is: a warmer/colder place is a search,
    # so its position stays hidden until a teammate has reached it
    pinned: bool = True
    gathering: str = ""  # how many must be there, said from the rule (game.rules.weekend)
    in_town: bool = False  # the facilitator switched the team to the in-town alternative


def team_places(db: Session, player: Player, now: datetime) -> list[PlaceView]:
    session = player.session
    catalog = catalog_of(session)
    team = team_of(player)
    snap = progress_only(team_rows(db, team.id))
    cal = calendar_of(session)
    views = []
    for pack_quest in catalog.quests:
        if not kinds.of(pack_quest.kind).place:
            continue
        quest = weekend.as_played(pack_quest, team.weekend_in_town)  # the in-town alternative, if switched on
        status, _ = rules.availability(quest, catalog, cal, snap)
        place = catalog.place(quest.place)
        if place is None or status not in (Availability.AVAILABLE, Availability.SOLVED):
            continue
        present, reached = 0, status is Availability.SOLVED
        if status is Availability.AVAILABLE and (quest.team_min > 1 or quest.hot_cold):
            arrivals = last_checkins(db, team.id, quest.id)
            reached = bool(arrivals)
            present = geo.gathering(arrivals, len(team.members), quest.team_min, quest.window_minutes * 60, now).present
        views.append(
            PlaceView(
                quest.id,
                quest.title,
                place,
                status.value,
                quest.question,
                quest.team_min,
                quest.window_minutes,
                quest.hot_cold,
                present,
                pinned=reached or not quest.hot_cold,
                gathering=weekend.gathering_text(quest.team_min, quest.window_minutes, len(team.members)),
                in_town=quest is not pack_quest,
            )
        )
    return views


@dataclass(frozen=True)
class Visit:
    quest_id: str
    place_id: str
    place_name: str
    method: str
    at: datetime
    by: str | None  # nickname, or the facilitator for a manual validation
    reason: str


@dataclass(frozen=True)
class Journey:
    """Where a team has been (accepted check-ins only) and how far along the routes."""

    team_id: int
    team_name: str
    visits: list[Visit]
    last: Visit | None
    routes: list[tuple[int, str, int, int]]  # (day, route title, stops won, stops)
    flags: list[Flag]  # its check-ins worth a look (jumps, copies, other teams' codes)


def journeys(db: Session, session_id: int) -> list[Journey]:
    session = get_session(db, session_id)
    catalog = catalog_of(session)
    rows = db.execute(
        select(CheckIn, Player.nickname, Facilitator.display_name)
        .join(Team, CheckIn.team_id == Team.id)
        .outerjoin(Player, CheckIn.player_id == Player.id)
        .outerjoin(Facilitator, CheckIn.staff_id == Facilitator.id)
        .where(Team.session_id == session.id)
        .order_by(CheckIn.created_at, CheckIn.id)
    ).all()
    visits: dict[int, list[Visit]] = {}
    for checkin, nickname, staff_name in rows:
        place = catalog.place(checkin.place_id)
        visits.setdefault(checkin.team_id, []).append(
            Visit(
                checkin.quest_id,
                checkin.place_id,
                place.name if place else checkin.place_id,
                checkin.method,
                checkin.created_at,
                nickname if checkin.method != MANUAL else staff_name,
                checkin.reason,
            )
        )
    flagged = flags(db, session.id)
    result = []
    for team in sorted(session.teams, key=lambda t: t.id):
        snap = progress_only(team_rows(db, team.id))
        routes = [
            (day.number, day.route.title, sum(1 for s in day.route.stops if snap.finished(s)), len(day.route.stops))
            for day in catalog.days
            if day.route is not None
        ]
        mine = visits.get(team.id, [])
        result.append(Journey(team.id, team.name, mine, mine[-1] if mine else None, routes, flagged.get(team.id, [])))
    return result


@dataclass(frozen=True)
class Flag:
    """A check-in the facilitator may want to look at."""

    reason: str  # teleport / copied / other_team_code
    quest_id: str
    place_id: str
    place_name: str
    by: str | None  # the player's nickname (None once erased)
    count: int
    first_at: datetime
    last_at: datetime


def flags(db: Session, session_id: int) -> dict[int, list[Flag]]:
    """Per team, the flagged check-ins, latest first."""
    session = get_session(db, session_id)
    catalog = catalog_of(session)
    rows = db.execute(
        select(CheckInFlag, Player.nickname)
        .join(Team, CheckInFlag.team_id == Team.id)
        .outerjoin(Player, CheckInFlag.player_id == Player.id)
        .where(Team.session_id == session.id)
        .order_by(CheckInFlag.last_at.desc(), CheckInFlag.id.desc())
    ).all()
    out: dict[int, list[Flag]] = {}
    for flag, nickname in rows:
        quest = catalog.quest(flag.quest_id)
        place = catalog.place(quest.place) if quest is not None and quest.place else None
        out.setdefault(flag.team_id, []).append(
            Flag(
                flag.reason,
                flag.quest_id,
                place.id if place else "",
                place.name if place else flag.quest_id,
                nickname,
                flag.count,
                flag.first_at,
                flag.last_at,
            )
        )
    return out


def place_of(db: Session, session_id: int, place_id: str) -> tuple[GameSession, Place]:
    session = get_session(db, session_id)
    place = catalog_of(session).place(place_id)
    if place is None:
        raise NotFound("no_place", "Ce lieu n'existe pas dans le pack de cette session.")
    return session, place
