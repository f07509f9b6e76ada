"""The check-in decision: is this player, with this GPS fix, at this place?

The phone reports what the browser gives (position, accuracy in metres, time of the
fix); the server decides here. The fix is used for the decision and then dropped: only
the player's previous fix is needed (to catch a teleport), and the caller keeps that in
memory, never in the database.

Rule, in order (the first that applies wins):

1. ``stale``: the fix was taken more than ``max_age_s`` before the server got it (or
   more than ``max_clock_skew_s`` in the future): a position kept from earlier.
2. ``repeated``: the very same fix (position, accuracy and time) as the previous one:
   a replay, not a new reading.
3. ``teleport``: reaching this fix from the previous one needs an implausible speed.
   The speed is measured pessimistically for the player: the distance between the two
   fixes minus both accuracies, over the time between them.
4. ``inaccurate``: the reported accuracy is worse than ``max_accuracy_m``.
5. ``too_far``: the distance to the place, minus the accuracy (credited up to
   ``accuracy_credit_m``), is more than the place's radius.
6. Otherwise: accepted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from geopy.distance import geodesic

from .errors import InvalidInput


class Rejection(Enum):
    STALE = "stale"
    REPEATED = "repeated"
    TELEPORT = "teleport"
    INACCURATE = "inaccurate"
    TOO_FAR = "too_far"


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
class Policy:
    """The thresholds, configurable per installation (``CHECKIN_*`` settings)."""

    max_accuracy_m: float = 50.0  # worse than this: "go out in the open"
    accuracy_credit_m: float = 30.0  # at most this much of the accuracy counts in the player's favour
    max_age_s: float = 15.0  # a fix older than this is a leftover
    max_clock_skew_s: float = 5.0  # a phone clock slightly ahead is fine, a fix from the future is not
    max_speed_mps: float = 45.0  # ≈ 160 km/h: faster than any metro, tram or car in town
    trend_step_m: float = 10.0  # closer or further by less than this: "same"


@dataclass(frozen=True)
class Decision:
    accepted: bool
    rejection: Rejection | None
    distance_m: float  # from the fix to the centre of the place
    accuracy_m: float
    radius_m: float
    trend: Trend | None  # against the previous fix, for the warmer/colder hint


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


def implied_speed_mps(previous: Fix, fix: Fix) -> float:
    """The least speed that explains moving from ``previous`` to ``fix``: both readings
    may be off by their accuracy, so that much distance is forgiven."""
    seconds = (fix.taken_at - previous.taken_at).total_seconds()
    moved = max(0.0, distance_m(previous.point, fix.point) - previous.accuracy_m - fix.accuracy_m)
    if moved == 0:
        return 0.0
    if seconds <= 0:
        return math.inf
    return moved / seconds


def decide(
    fix: Fix,
    place: Point,
    radius_m: float,
    now: datetime,
    previous: Fix | None = None,
    policy: Policy = Policy(),
    with_trend: bool = True,
) -> Decision:
    """``with_trend=False`` skips the warmer/colder comparison (one geodesic less) for
    places that do not give that hint."""
    distance = distance_m(fix.point, place)
    trend = _trend(previous, fix, place, distance, policy) if previous is not None and with_trend else None

    def rejected(reason: Rejection) -> Decision:
        return Decision(False, reason, distance, fix.accuracy_m, radius_m, trend)

    age = (now - fix.taken_at).total_seconds()
    if age > policy.max_age_s or -age > policy.max_clock_skew_s:
        return rejected(Rejection.STALE)
    if previous is not None:
        if previous == fix:
            return rejected(Rejection.REPEATED)
        if implied_speed_mps(previous, fix) > policy.max_speed_mps:
            return rejected(Rejection.TELEPORT)
    if fix.accuracy_m > policy.max_accuracy_m:
        return rejected(Rejection.INACCURATE)
    if distance - min(fix.accuracy_m, policy.accuracy_credit_m) > radius_m:
        return rejected(Rejection.TOO_FAR)
    return Decision(True, None, distance, fix.accuracy_m, radius_m, trend)


def keeps_as_previous(decision: Decision) -> bool:
    """Which fixes the caller should remember as the player's previous one. Not a
    teleport (the next fix is checked against where the player really was, so a jump
    keeps failing until enough time has passed to explain it), not a stale or repeated
    one (they say nothing new)."""
    return decision.rejection not in (Rejection.TELEPORT, Rejection.STALE, Rejection.REPEATED)


def _trend(previous: Fix, fix: Fix, place: Point, distance: float, policy: Policy) -> Trend:
    before = distance_m(previous.point, place)
    if distance < before - policy.trend_step_m:
        return Trend.WARMER
    if distance > before + policy.trend_step_m:
        return Trend.COLDER
    return Trend.SAME


def describe(decision: Decision) -> str:
    """What the player reads, in plain French, with what to do."""
    d = decision
    if d.accepted:
        return "Tu es sur place !"
    if d.rejection is Rejection.TOO_FAR:
        return f"Tu es à {_metres(d.distance_m)} du lieu, rapproche-toi."
    if d.rejection is Rejection.INACCURATE:
        return f"Ton GPS est imprécis ({_metres(d.accuracy_m)}), sors à découvert et réessaie."
    if d.rejection is Rejection.TELEPORT:
        return "Ta position a sauté d'un coup : attends quelques secondes que le GPS se stabilise, puis réessaie."
    if d.rejection is Rejection.STALE:
        return "Ta position est trop ancienne : réessaie pour en prendre une nouvelle."
    return "C'est la même position que la dernière fois : bouge un peu ou attends quelques secondes."


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
