"""Urban games: checking in at real places, by GPS, by the QR code posted there, or by
the facilitator's hand; and where each team has been.

Privacy: a fix (position + accuracy) is used for the decision and dropped. What the
rule needs to judge the next fix is kept in the database (shared by every server
process), without any position: per player and place mission, the last good reading's
distance to the place, accuracy, times, a short keyed fingerprint and since when the
player has been inside (``checkin_readings``, used for 30 minutes); the fingerprints of
good fixes inside a place (``checkin_prints``, used for 2 minutes, to see copies).
Expired rows go whenever new ones are written; all go when the team wins the place and
when the player is erased. The database also keeps which
place was reached, when and how, and the check-ins the facilitator may want to look
at (``checkin_flags``): never where anybody was.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from content.catalog import Catalog, Offer, Place, Quest
from game.rules import geo, weekend
from game.rules import quests as rules
from game.rules.errors import InvalidInput, NotFound
from game.rules.geo import Decision, Fix, Point, Policy, Reading
from game.rules.quests import Progress
from game.store.checkins import CheckInFlag, CheckInPrint, CheckInReading
from game.store.models import CheckIn, Facilitator, Player, Team

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


def qr_code(secret: bytes, session_id: int, place_id: str, team_id: int) -> str:
    """The code printed on a team's QR poster for a place: different for every session,
    place and team (a photo of the poster sent to another team is worth nothing there),
    derived from the installation's secret (nothing to store, and a pack made public
    gives nothing away)."""
    digest = hmac.new(secret, f"place:{session_id}:{place_id}:{team_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:QR_CODE_LENGTH]


def normalize_qr_code(code: str) -> str:
    return "".join(code.split()).upper()


# what the console shows for each kind of flagged check-in
TELEPORT, COPIED, OTHER_TEAM_CODE = "teleport", "copied", "other_team_code"


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
    refusal: str | None = None  # a refused QR code that is worth telling (another team's)
    team_name: str = ""


def _place_quest(catalog: Catalog, quest_id: str, team: Team) -> tuple[Quest, Place]:
    """The place quest as this team plays it: at its in-town alternative's place, with
    the alternative's gathering rule, when the facilitator switched the team to it."""
    pack_quest = catalog.quest(quest_id)
    if pack_quest is None:
        raise NotFound("no_quest", "Cette mission n'existe pas.")
    quest = weekend.as_played(pack_quest, team.weekend_in_town)
    rules.ensure_place(quest)
    place = catalog.place(quest.place)
    if place is None:  # the pack checker forbids it; a hand-edited pack could still do it
        raise NotFound("no_place", "Le lieu de cette mission n'existe plus dans le pack.")
    return quest, place


def last_checkins(db: Session, team_id: int, quest_id: str) -> dict[int, datetime]:
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
        last_checkins(db, team.id, quest.id), len(team.members), quest.team_min, quest.window_minutes * 60, now
    )
    state, event = rules.arrive(quest, catalog, cal, snap, together)
    write_state(db, team, rows, quest.id, state, now, player.id)
    solved = state.progress is Progress.SOLVED
    if solved:
        _forget_place(db, team.id, quest.id)
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
    db: Session, player: Player, quest_id: str, fix: Fix, now: datetime, policy: Policy, secret: bytes
) -> CheckInOutcome:
    """The phone sent the browser's position; the rule in ``game.rules.geo`` decides,
    from the player's previous reading and the teammates' recent fixes there. ``now``
    is when the server received the fix. A refused fix changes nothing in the game; a
    good one updates the player's reading, and a suspicious one is flagged."""
    geo.validate_fix(fix.latitude, fix.longitude, fix.accuracy_m)
    session = player.session
    catalog = catalog_of(session)
    team = team_of(player)
    quest, place = _place_quest(catalog, quest_id, team)
    rules.ensure_can_check_in(quest, catalog, calendar_of(session), progress_only(team_rows(db, team.id)))
    row = db.scalar(
        select(CheckInReading).where(CheckInReading.player_id == player.id, CheckInReading.quest_id == quest.id)
    )
    previous = _reading(row)

    def decide(teammates: frozenset[str]) -> Decision:
        centre = Point(place.latitude, place.longitude)
        return geo.decide(fix, centre, place.radius_m, now, previous, policy, quest.hot_cold, secret, teammates)

    decision = decide(frozenset())
    if decision.inside:  # only a fix inside the place can be a copy worth refusing: look now
        decision = decide(
            _teammates_prints(db, team.id, quest.id, player.id, now - timedelta(seconds=policy.copy_window_s))
        )
    if decision.keep is not None:
        if row is None:  # a new row now and then: the time to clear the expired ones
            _forget_old(db, CheckInReading, now - timedelta(seconds=policy.reading_ttl_s))
        _keep(db, row, player.id, team.id, quest.id, decision.keep)
        if decision.inside:
            _forget_old(db, CheckInPrint, now - timedelta(seconds=policy.copy_window_s))
            db.add(
                CheckInPrint(
                    team_id=team.id,
                    player_id=player.id,
                    quest_id=quest.id,
                    fingerprint=decision.keep.fingerprint,
                    received_at=now,
                )
            )
    if decision.suspicious:
        assert decision.rejection is not None
        _flag(db, team.id, player.id, quest.id, decision.rejection.value, now)
    if not decision.accepted:  # nothing changed in the game: no score to report
        needed = max(1, min(quest.team_min, len(team.members)))
        return CheckInOutcome(decision, False, False, 0, needed, None, [], [])
    outcome = _arrive(db, player, quest, place, GPS, now)
    return replace(outcome, decision=decision)


def check_in_qr(db: Session, player: Player, quest_id: str, code: str, secret: bytes, now: datetime) -> CheckInOutcome:
    """The code under the team's QR poster at the place: for when the GPS cannot be used.
    Another team's code is refused and flagged for the facilitator."""
    team = team_of(player)
    quest, place = _place_quest(catalog_of(player.session), quest_id, team)
    given = normalize_qr_code(code).encode()
    if hmac.compare_digest(given, qr_code(secret, player.session_id, place.id, team.id).encode()):
        return _arrive(db, player, quest, place, QR, now)
    others = [t for t in player.session.teams if t.id != team.id]
    if any(hmac.compare_digest(given, qr_code(secret, player.session_id, place.id, t.id).encode()) for t in others):
        rules.ensure_can_check_in(
            quest, catalog_of(player.session), calendar_of(player.session), progress_only(team_rows(db, team.id))
        )
        _flag(db, team.id, player.id, quest.id, OTHER_TEAM_CODE, now)
        db.flush()
        needed = max(1, min(quest.team_min, len(team.members)))
        return CheckInOutcome(None, False, False, 0, needed, None, [], [], OTHER_TEAM_CODE, team.name)
    raise InvalidInput("wrong_qr_code", "Ce code ne correspond pas à ce lieu. Vérifie l'affiche sur place.")


def _reading(row: CheckInReading | None) -> Reading | None:
    if row is None:
        return None
    return Reading(
        row.distance_m,
        row.accuracy_m,
        row.taken_at,
        row.received_at,
        row.fingerprint,
        row.inside_since_taken,
        row.inside_since_received,
    )


def _keep(db: Session, row: CheckInReading | None, player_id: int, team_id: int, quest_id: str, r: Reading) -> None:
    if row is None:
        row = CheckInReading(player_id=player_id, quest_id=quest_id)
        db.add(row)
    row.team_id = team_id
    row.distance_m, row.accuracy_m, row.fingerprint = round(r.distance_m, 1), r.accuracy_m, r.fingerprint
    row.taken_at, row.received_at = r.taken_at, r.received_at
    row.inside_since_taken, row.inside_since_received = r.inside_since_taken, r.inside_since_received


def _teammates_prints(db: Session, team_id: int, quest_id: str, player_id: int, since: datetime) -> frozenset[str]:
    """The fingerprints of the teammates' good fixes inside this place since ``since``."""
    return frozenset(
        db.scalars(
            select(CheckInPrint.fingerprint).where(
                CheckInPrint.team_id == team_id,
                CheckInPrint.quest_id == quest_id,
                CheckInPrint.player_id != player_id,
                CheckInPrint.received_at >= since,
            )
        )
    )


def _forget_old(db: Session, table: type[CheckInReading] | type[CheckInPrint], before: datetime) -> None:
    """Readings and fingerprints live only as long as the rule needs them: the expired
    ones (of every player) go whenever a new one is written."""
    db.execute(
        delete(table).where(table.received_at < before),
        execution_options={"synchronize_session": False},  # none is loaded here: no need to look
    )


def _forget_place(db: Session, team_id: int, quest_id: str) -> None:
    """The team won the place: what was kept to decide it is no longer needed."""
    db.flush()
    db.execute(delete(CheckInReading).where(CheckInReading.team_id == team_id, CheckInReading.quest_id == quest_id))
    db.execute(delete(CheckInPrint).where(CheckInPrint.team_id == team_id, CheckInPrint.quest_id == quest_id))


def _flag(db: Session, team_id: int, player_id: int, quest_id: str, reason: str, now: datetime) -> None:
    """One row per player, place and kind, counted: a player hammering the server with
    jumps makes one line in the console, not a thousand."""
    row = db.scalar(
        select(CheckInFlag).where(
            CheckInFlag.team_id == team_id,
            CheckInFlag.player_id == player_id,
            CheckInFlag.quest_id == quest_id,
            CheckInFlag.reason == reason,
        )
    )
    if row is None:
        db.add(
            CheckInFlag(
                team_id=team_id,
                player_id=player_id,
                quest_id=quest_id,
                reason=reason,
                count=1,
                first_at=now,
                last_at=now,
            )
        )
    else:
        row.count, row.last_at = row.count + 1, now


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
    quest, place = _place_quest(catalog, quest_id, team)
    rows = team_rows(db, team.id)
    snap = snapshot_from(db, team.id, rows)
    state, event = rules.vouch(quest, catalog, calendar_of(session), snap)
    checkin = CheckIn(team_id=team.id, quest_id=quest.id, place_id=place.id, player_id=None, method=MANUAL)
    checkin.staff_id, checkin.reason, checkin.created_at = staff.id, reason, now
    db.add(checkin)
    _forget_place(db, team.id, quest.id)
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
