"""The check-in decision: is this player, with this GPS fix, at this place?

The phone reports what the browser gives (position, accuracy in metres, time of the
fix); the server decides here, with the time it received the fix (``now``). A fix is
used for the decision and dropped. What the caller keeps of a good fix, to judge the
next one, is a :class:`Reading`: its distance to the place (never a position), its
accuracy, its two times, a short keyed fingerprint, and since when the player has been
inside the place.

Rule, in order (the first that applies wins):

1. ``stale``: the fix was taken more than ``max_age_s`` before the server got it (or
   more than ``max_clock_skew_s`` in the future): a position kept from earlier.
2. ``repeated``: the very same fix (fingerprint and time) as the previous reading.
3. ``copied``: the same position and accuracy, to the last digit, as a teammate's fix
   at this place in the last ``copy_window_s``: one phone's fix sent for several
   players. Two real phones never report identical readings.
4. ``teleport``: reaching this fix from the previous reading needs an implausible
   speed. Distance: how much closer to (or further from) the place the player got,
   minus both accuracies; time: the smaller of the phone's times and the server's
   receive times, so faking ``taken_at`` buys no travel time.
5. ``inaccurate``: the reported accuracy is worse than ``max_accuracy_m``.
6. ``too_far``: the distance to the place, minus the accuracy (credited up to
   ``accuracy_credit_m``), is more than the place's radius.
7. ``stay``: a good fix inside the place, but the player has not yet been inside for
   ``dwell_s`` (by both clocks, over consecutive good readings): one fix proves little,
   two fixes 20 s apart at a walkable pace prove presence. The phone sends the next one
   by itself.
8. Otherwise: accepted, the player is at the place.

Only a good reading (``too_far``, ``stay`` or accepted) becomes the previous one: a fix
refused for what it is (stale, repeated, copied, teleport, inaccurate) never does, so
a 100 km accuracy or a jump cannot open the way for the next fix.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from geopy.distance import geodesic

from .errors import InvalidInput


class Rejection(Enum):
    STALE = "stale"
    REPEATED = "repeated"
    COPIED = "copied"
    TELEPORT = "teleport"
    INACCURATE = "inaccurate"
    TOO_FAR = "too_far"
    STAY = "stay"  # not a refusal of the fix: presence is being confirmed


# refusals the facilitator should be able to look at (a cheat, or a very odd phone)
SUSPICIOUS = frozenset({Rejection.COPIED, Rejection.TELEPORT})


class Trend(Enum):
    WARMER = "warmer"
    COLDER = "colder"
    SAME = "same"


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Fix:
    """One reading of the phone's position, as the browser reported it."""

    latitude: float
    longitude: float
    accuracy_m: float
    taken_at: datetime

    @property
    def point(self) -> Point:
        return Point(self.latitude, self.longitude)


@dataclass(frozen=True)
class Reading:
    """What is kept of a player's last good fix at one place, to judge the next: no
    position, only the distance to the (public) place."""

    distance_m: float
    accuracy_m: float
    taken_at: datetime  # the phone's clock
    received_at: datetime  # the server's clock
    fingerprint: str
    # the first reading of the current stay inside the place (both clocks), if inside
    inside_since_taken: datetime | None = None
    inside_since_received: datetime | None = None


@dataclass(frozen=True)
class Policy:
    """The thresholds, configurable per installation (``CHECKIN_*`` settings)."""

    max_accuracy_m: float = 50.0  # worse than this: "go out in the open"
    accuracy_credit_m: float = 30.0  # at most this much of the accuracy counts in the player's favour
    max_age_s: float = 15.0  # a fix older than this is a leftover
    max_clock_skew_s: float = 5.0  # a phone clock slightly ahead is fine, a fix from the future is not
    max_speed_mps: float = 45.0  # ≈ 160 km/h: faster than any metro, tram or car in town
    trend_step_m: float = 10.0  # closer or further by less than this: "same"
    dwell_s: float = 20.0  # inside for this long (two fixes this far apart) proves presence
    copy_window_s: float = 120.0  # identical fixes of two teammates this close in time: one phone
    reading_ttl_s: float = 1800.0  # an older reading says nothing about the next fix


@dataclass(frozen=True)
class Decision:
    accepted: bool
    rejection: Rejection | None
    distance_m: float  # from the fix to the centre of the place
    accuracy_m: float
    radius_m: float
    trend: Trend | None  # against the previous reading, for the warmer/colder hint
    keep: Reading | None = None  # the new previous reading; None: keep the one there was
    wait_s: float = 0.0  # for ``stay``: how much longer to stay

    @property
    def inside(self) -> bool:
        """A good fix within the place (accepted, or confirming presence)."""
        return self.accepted or self.rejection is Rejection.STAY

    @property
    def suspicious(self) -> bool:
        return self.rejection in SUSPICIOUS


def validate_fix(latitude: float, longitude: float, accuracy_m: float) -> None:
    """A fix that cannot be a real reading is bad input, not a rejection."""
    if not all(math.isfinite(v) for v in (latitude, longitude, accuracy_m)):
        raise InvalidInput("position", "Position invalide : des nombres sont attendus.")
    if not -90 <= latitude <= 90:
        raise InvalidInput("latitude", "Latitude invalide : elle doit être entre -90 et 90.")
    if not -180 <= longitude <= 180:
        raise InvalidInput("longitude", "Longitude invalide : elle doit être entre -180 et 180.")
    if accuracy_m <= 0:
        raise InvalidInput("accuracy", "Précision invalide : elle doit être un nombre de mètres positif.")


def distance_m(a: Point, b: Point) -> float:
    """Geodesic distance on the WGS-84 ellipsoid, in metres."""
    return float(geodesic((a.latitude, a.longitude), (b.latitude, b.longitude)).meters)


def fingerprint(fix: Fix, key: bytes) -> str:
    """A short keyed hash of the position and accuracy exactly as the phone sent them:
    equal for a copy, different for any two real readings, and (keyed with the
    installation's secret) no way back to the position."""
    text = f"{fix.latitude!r}:{fix.longitude!r}:{fix.accuracy_m!r}"
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:16]


def elapsed_s(previous: Reading, taken_at: datetime, now: datetime) -> float:
    """Time between the previous reading and this fix: the smaller of the phone's and
    the server's measures. The phone's ``taken_at`` alone can be moved by up to
    ``max_age_s + max_clock_skew_s``; the server's receive times cannot."""
    return min((taken_at - previous.taken_at).total_seconds(), (now - previous.received_at).total_seconds())


def implied_speed_mps(previous: Reading, distance: float, fix: Fix, now: datetime, policy: Policy = Policy()) -> float:
    """The least speed that explains going from ``previous`` to ``fix``. Only the change
    of distance to the place is known (a lower bound of the way travelled, exact for a
    jump onto the place); both readings may be off by their accuracy, so that much is
    forgiven (the new fix's accuracy only up to ``max_accuracy_m``)."""
    moved = abs(distance - previous.distance_m) - previous.accuracy_m - min(fix.accuracy_m, policy.max_accuracy_m)
    if moved <= 0:
        return 0.0
    seconds = elapsed_s(previous, fix.taken_at, now)
    if seconds <= 0:
        return math.inf
    return moved / seconds


def decide(
    fix: Fix,
    place: Point,
    radius_m: float,
    now: datetime,
    previous: Reading | None = None,
    policy: Policy = Policy(),
    with_trend: bool = True,
    key: bytes = b"",
    teammates: frozenset[str] = frozenset(),
) -> Decision:
    """``now`` is when the server received the fix. ``previous`` is the player's last
    good reading at this place; ``teammates`` the fingerprints of the teammates' fixes
    inside this place in the last ``copy_window_s``; ``key`` keys the fingerprints.
    ``with_trend=False`` skips the warmer/colder comparison for places without it."""
    distance = distance_m(fix.point, place)
    if previous is not None and (now - previous.received_at).total_seconds() > policy.reading_ttl_s:
        previous = None  # too old to say anything about this fix
    trend = _trend(previous, distance, policy) if previous is not None and with_trend else None
    mark = fingerprint(fix, key)

    def rejected(reason: Rejection, keep: Reading | None = None, wait_s: float = 0.0) -> Decision:
        return Decision(False, reason, distance, fix.accuracy_m, radius_m, trend, keep, wait_s)

    age = (now - fix.taken_at).total_seconds()
    if age > policy.max_age_s or -age > policy.max_clock_skew_s:
        return rejected(Rejection.STALE)
    if previous is not None and previous.fingerprint == mark and previous.taken_at == fix.taken_at:
        return rejected(Rejection.REPEATED)
    if mark in teammates:
        return rejected(Rejection.COPIED)
    if previous is not None and implied_speed_mps(previous, distance, fix, now, policy) > policy.max_speed_mps:
        return rejected(Rejection.TELEPORT)
    if fix.accuracy_m > policy.max_accuracy_m:
        return rejected(Rejection.INACCURATE)
    if distance - min(fix.accuracy_m, policy.accuracy_credit_m) > radius_m:
        return rejected(Rejection.TOO_FAR, Reading(distance, fix.accuracy_m, fix.taken_at, now, mark))
    # inside: since when, over consecutive good readings?
    if previous is not None and previous.inside_since_taken is not None and previous.inside_since_received is not None:
        since_taken, since_received = previous.inside_since_taken, previous.inside_since_received
    else:
        since_taken, since_received = fix.taken_at, now
    keep = Reading(distance, fix.accuracy_m, fix.taken_at, now, mark, since_taken, since_received)
    stayed = min((fix.taken_at - since_taken).total_seconds(), (now - since_received).total_seconds())
    if stayed < policy.dwell_s:
        return rejected(Rejection.STAY, keep, policy.dwell_s - max(0.0, stayed))
    return Decision(True, None, distance, fix.accuracy_m, radius_m, trend, keep)


def _trend(previous: Reading, distance: float, policy: Policy) -> Trend:
    if distance < previous.distance_m - policy.trend_step_m:
        return Trend.WARMER
    if distance > previous.distance_m + policy.trend_step_m:
        return Trend.COLDER
    return Trend.SAME


def describe(decision: Decision) -> str:
    """What the player reads, in plain French, with what to do."""
    d = decision
    if d.accepted:
        return "Tu es sur place !"
    if d.rejection is Rejection.STAY:
        return "Tu y es presque : reste sur place quelques secondes… Ton téléphone vérifie encore une fois tout seul."
    if d.rejection is Rejection.TOO_FAR:
        return f"Tu es à {_metres(d.distance_m)} du lieu, rapproche-toi."
    if d.rejection is Rejection.INACCURATE:
        return f"Ton GPS est imprécis ({_metres(d.accuracy_m)}), sors à découvert et réessaie."
    if d.rejection is Rejection.TELEPORT:
        return "Ta position a sauté d'un coup : attends quelques secondes que le GPS se stabilise, puis réessaie."
    if d.rejection is Rejection.STALE:
        return "Ta position est trop ancienne : réessaie pour en prendre une nouvelle."
    if d.rejection is Rejection.COPIED:
        return (
            "Cette position est exactement la même que celle d'une personne de ton équipe : chaque "
            "téléphone doit donner sa propre position. Réessaie dans quelques secondes."
        )
    return "C'est la même position que la dernière fois : bouge un peu ou attends quelques secondes."


def describe_hidden(distance: float) -> str:
    """A hot/cold place is searched for: the player is told roughly how far, never the
    exact distance (three exact distances from three spots would give the place away)."""
    if distance < 150:
        return "Tu es tout près : cherche autour de toi."
    if distance < 500:
        return "Tu n'es pas loin : continue à chercher."
    return "Tu es encore loin du lieu."


def describe_trend(trend: Trend | None) -> str | None:
    if trend is Trend.WARMER:
        return "Tu te rapproches…"
    if trend is Trend.COLDER:
        return "Tu t'éloignes…"
    if trend is Trend.SAME:
        return "Tu n'as pas beaucoup bougé."
    return None


def _metres(value: float) -> str:
    if value >= 1000:
        return f"{value / 1000:.1f} km".replace(".", ",")
    return f"{round(value / 10) * 10:.0f} m" if value >= 20 else f"{value:.0f} m"


@dataclass(frozen=True)
class Gathering:
    """Where a team place stands: how many teammates checked in recently enough."""

    present: int
    needed: int

    @property
    def complete(self) -> bool:
        return self.present >= self.needed


def gathering(
    last_checkins: dict[int, datetime], team_size: int, needed: int, window_s: float, now: datetime
) -> Gathering:
    """A team place needs ``needed`` teammates (never more than the team has) whose
    latest accepted check-in there falls within the last ``window_s`` seconds: they came
    together, not one on Saturday and one on Sunday."""
    need = max(1, min(needed, team_size))
    present = sum(1 for at in last_checkins.values() if 0 <= (now - at).total_seconds() <= window_s)
    return Gathering(present, need)
