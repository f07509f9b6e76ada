"""Urban games: checking in at real places, by GPS, by the QR code posted there, or by
the facilitator's hand; and where each team has been.

Privacy: a fix (position + accuracy) is used for the decision and dropped. The only
position this module keeps is each player's previous fix, in this process's memory
(never in the database), to catch a teleport; it is forgotten after
``LastFixes.ttl_s`` or when the server restarts. The database keeps which place was
reached, when and how: never where anybody was.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from content.catalog import Catalog, Offer, Place, Quest, QuestKind
from game.rules import geo
from game.rules import quests as rules
from game.rules.errors import InvalidInput, NotFound
from game.rules.geo import Decision, Fix, Point, Policy
from game.rules.quests import Availability, Progress
from game.store.models import CheckIn, Facilitator, GameSession, Player, Team

from .common import (
    Routed,
    calendar_of,
    catalog_of,
    credit,
    get_session,
    progress_only,
    snapshot_from,
    team_rows,
    write_state,
)
from .play import team_of

GPS, QR, MANUAL = "gps", "qr", "manual"
QR_CODE_LENGTH = 6


class LastFixes:
    """Each player's previous accepted-for-comparison fix, in memory only, bounded in
    number and in time: enough to tell a walk from a teleport, not a track."""

    def __init__(self, ttl_s: float = 1800, capacity: int = 50_000) -> None:
        self.ttl_s = ttl_s
        self.capacity = capacity
        self._fixes: OrderedDict[int, tuple[float, Fix]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, player_id: int) -> Fix | None:
        with self._lock:
            kept = self._fixes.get(player_id)
            if kept is None:
                return None
            if time.monotonic() - kept[0] > self.ttl_s:
                del self._fixes[player_id]
                return None
            return kept[1]

    def put(self, player_id: int, fix: Fix) -> None:
        with self._lock:
            self._fixes.pop(player_id, None)
            self._fixes[player_id] = (time.monotonic(), fix)
            while len(self._fixes) > self.capacity:
                self._fixes.popitem(last=False)

    def forget(self, player_id: int) -> None:
        with self._lock:
            self._fixes.pop(player_id, None)

    def __len__(self) -> int:
        return len(self._fixes)


def qr_code(secret: bytes, session_id: int, place_id: str) -> str:
    """The code printed on a place's QR poster, different for every session and place,
    derived from the installation's secret (so nothing needs storing, and a pack made
    public gives nothing away)."""
    digest = hmac.new(secret, f"place:{session_id}:{place_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:QR_CODE_LENGTH]


def normalize_qr_code(code: str) -> str:
    return "".join(code.split()).upper()


@dataclass(frozen=True)
class CheckInOutcome:
    decision: Decision | None  # None for a QR code or a facilitator's validation
    accepted: bool
    solved: bool
    present: int
    needed: int
    eclats: int | None  # the team's éclats after an accepted check-in
    offers: list[Offer]
    events: list[Routed]


def _place_quest(catalog: Catalog, quest_id: str) -> tuple[Quest, Place]:
    quest = catalog.quest(quest_id)
    if quest is None:
        raise NotFound("no_quest", "Cette mission n'existe pas.")
    rules.ensure_place(quest)
    place = catalog.place(quest.place)
    if place is None:  # the pack checker forbids it; a hand-edited pack could still do it
        raise NotFound("no_place", "Le lieu de cette mission n'existe plus dans le pack.")
    return quest, place


def _last_checkins(db: Session, team_id: int, quest_id: str) -> dict[int, datetime]:
    rows = db.execute(
        select(CheckIn.player_id, func.max(CheckIn.created_at))
        .where(
            CheckIn.team_id == team_id,
            CheckIn.quest_id == quest_id,
            CheckIn.method.in_((GPS, QR)),
            CheckIn.player_id.is_not(None),
        )
        .group_by(CheckIn.player_id)
    )
    return {player_id: at for player_id, at in rows if player_id is not None}


def _arrive(db: Session, player: Player, quest: Quest, place: Place, method: str, now: datetime) -> CheckInOutcome:
    """Record an accepted check-in and see whether the team has now won the place."""
    session = player.session
    catalog = catalog_of(session)
    cal = calendar_of(session)
    team = team_of(player)
    rows = team_rows(db, team.id)
    snap = snapshot_from(db, team.id, rows)
    rules.ensure_can_check_in(quest, catalog, cal, snap)  # a locked or won place records nothing
    checkin = CheckIn(team_id=team.id, quest_id=quest.id, place_id=place.id, player_id=player.id, method=method)
    checkin.reason, checkin.created_at = "", now
    db.add(checkin)
    db.flush()
    together = geo.gathering(
        _last_checkins(db, team.id, quest.id), len(team.members), quest.team_min, quest.window_minutes * 60, now
    )
    state, event = rules.arrive(quest, catalog, cal, snap, together)
    write_state(db, team, rows, quest.id, state, now, player.id)
    solved = state.progress is Progress.SOLVED
    reward = quest.reward if solved else 0
    credit(db, team, session.current_day, reward, "quest", quest.id, now)
    db.flush()
    eclats = snap.eclats + reward
    return CheckInOutcome(
        decision=None,
        accepted=True,
        solved=solved,
        present=together.present,
        needed=together.needed,
        eclats=eclats,
        offers=[o for o in (catalog.offer(i) for i in quest.offers) if o] if solved else [],
        events=[Routed(event, session.id, team.id, player.id, eclats)],
    )


def check_in_gps(
    db: Session, player: Player, quest_id: str, fix: Fix, now: datetime, memory: LastFixes, policy: Policy
) -> CheckInOutcome:
    """The phone sent the browser's position; the rule in ``game.rules.geo`` decides.
    A refused fix writes nothing and costs nothing: the player just tries again."""
    geo.validate_fix(fix.latitude, fix.longitude, fix.accuracy_m)
    session = player.session
    catalog = catalog_of(session)
    quest, place = _place_quest(catalog, quest_id)
    team = team_of(player)
    rules.ensure_can_check_in(quest, catalog, calendar_of(session), progress_only(team_rows(db, team.id)))
    point = Point(place.latitude, place.longitude)
    decision = geo.decide(fix, point, place.radius_m, now, memory.get(player.id), policy, with_trend=quest.hot_cold)
    if geo.keeps_as_previous(decision):
        memory.put(player.id, fix)
    if not decision.accepted:  # nothing changed: no score to report
        needed = max(1, min(quest.team_min, len(team.members)))
        return CheckInOutcome(decision, False, False, 0, needed, None, [], [])
    return replace(_arrive(db, player, quest, place, GPS, now), decision=decision)


def check_in_qr(db: Session, player: Player, quest_id: str, code: str, secret: bytes, now: datetime) -> CheckInOutcome:
    """The code under the QR poster at the place: for when the GPS cannot be used."""
    quest, place = _place_quest(catalog_of(player.session), quest_id)
    expected = qr_code(secret, player.session_id, place.id)
    if not hmac.compare_digest(normalize_qr_code(code).encode(), expected.encode()):
        raise InvalidInput("wrong_qr_code", "Ce code ne correspond pas à ce lieu. Vérifie l'affiche sur place.")
    return _arrive(db, player, quest, place, QR, now)


def validate_by_hand(
    db: Session, staff: Facilitator, session_id: int, team_id: int, quest_id: str, reason: str, now: datetime
) -> CheckInOutcome:
    """The facilitator vouches that the team reached the place (GPS and QR both failed,
    a teammate's phone died…). The reason is required and kept."""
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("reason", "Indiquez pourquoi vous validez ce lieu à la main.")
    if len(reason) > 300:
        raise InvalidInput("reason", "La raison doit faire au plus 300 caractères.")
    session = get_session(db, session_id)
    team = db.get(Team, team_id)
    if team is None or team.session_id != session.id:
        raise NotFound("no_team", "Cette équipe n'existe pas dans cette session.")
    catalog = catalog_of(session)
    quest, place = _place_quest(catalog, quest_id)
    rows = team_rows(db, team.id)
    snap = snapshot_from(db, team.id, rows)
    state, event = rules.vouch(quest, catalog, calendar_of(session), snap)
    checkin = CheckIn(team_id=team.id, quest_id=quest.id, place_id=place.id, player_id=None, method=MANUAL)
    checkin.staff_id, checkin.reason, checkin.created_at = staff.id, reason, now
    db.add(checkin)
    write_state(db, team, rows, quest.id, state, now, None)
    credit(db, team, session.current_day, quest.reward, "quest", quest.id, now)
    db.flush()
    eclats = snap.eclats + quest.reward
    return CheckInOutcome(
        decision=None,
        accepted=True,
        solved=True,
        present=0,
        needed=0,
        eclats=eclats,
        offers=[o for o in (catalog.offer(i) for i in quest.offers) if o],
        events=[Routed(event, session.id, team.id, None, eclats)],
    )


# ---------------------------------------------------------------------------
# What the phone and the console show


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


def team_places(db: Session, player: Player, now: datetime) -> list[PlaceView]:
    session = player.session
    catalog = catalog_of(session)
    team = team_of(player)
    snap = progress_only(team_rows(db, team.id))
    cal = calendar_of(session)
    views = []
    for quest in catalog.quests:
        if quest.kind is not QuestKind.PLACE:
            continue
        status, _ = rules.availability(quest, catalog, cal, snap)
        place = catalog.place(quest.place)
        if place is None or status not in (Availability.AVAILABLE, Availability.SOLVED):
            continue
        present = 0
        if status is Availability.AVAILABLE and quest.team_min > 1:
            present = geo.gathering(
                _last_checkins(db, team.id, quest.id), len(team.members), quest.team_min, quest.window_minutes * 60, now
            ).present
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
    result = []
    for team in sorted(session.teams, key=lambda t: t.id):
        snap = progress_only(team_rows(db, team.id))
        routes = [
            (day.number, day.route.title, sum(1 for s in day.route.stops if snap.finished(s)), len(day.route.stops))
            for day in catalog.days
            if day.route is not None
        ]
        mine = visits.get(team.id, [])
        result.append(Journey(team.id, team.name, mine, mine[-1] if mine else None, routes))
    return result


def place_of(db: Session, session_id: int, place_id: str) -> tuple[GameSession, Place]:
    session = get_session(db, session_id)
    place = catalog_of(session).place(place_id)
    if place is None:
        raise NotFound("no_place", "Ce lieu n'existe pas dans le pack de cette session.")
    return session, place
