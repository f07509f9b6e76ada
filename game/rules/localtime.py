"""Wall-clock times in the installation's time zone, and the instants they name.

The database keeps instants (naive UTC, like every time in Éclats); people read and type
wall-clock times in the Mission Locale's zone. Most wall times name exactly one instant.
On the night the clocks go forward, an hour of them names none (02:30 on 28 March 2027
in Paris), and on the night they go back an hour names two (02:30 on 31 October 2027).
An appointment there is refused rather than guessed: the young person reads a time, and
the calendar file carries that time with its zone (RFC 5545 takes the first of two), so
one of them would be an hour off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo


class LocalTimeError(ValueError):
    """A time that cannot be an appointment's: ``reason`` says why and what to do, in
    French, without the field's name (the caller knows which field it was)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ClockChange:
    """The clocks jump (``gap``: forward) or repeat (``overlap``: back) around a wall time."""

    kind: Literal["gap", "overlap"]
    wall_from: datetime  # the wall time the clocks leave…
    wall_to: datetime  # …and the one they show at once after
    length: timedelta


def local(at: datetime, zone: ZoneInfo) -> datetime:
    """A stored instant (naive UTC) as the zone's clock shows it, with its offset."""
    return at.replace(tzinfo=UTC).astimezone(zone)


def _offset_at(instant: datetime, zone: ZoneInfo) -> timedelta:
    return instant.replace(tzinfo=UTC).astimezone(zone).utcoffset() or timedelta(0)


def clock_change(wall: datetime, zone: ZoneInfo) -> ClockChange | None:
    """The change of the clocks that makes ``wall`` (naive) name no instant or two, if any."""
    wall = wall.replace(tzinfo=None, fold=0)
    before = wall.replace(tzinfo=zone, fold=0).utcoffset() or timedelta(0)
    after = wall.replace(tzinfo=zone, fold=1).utcoffset() or timedelta(0)
    if before == after:
        return None
    # PEP 495: around a change, fold=0 gives the offset before it and fold=1 the one after;
    # the change's instant lies between the two readings of the wall time
    try:
        lo, hi = sorted((wall - before, wall - after))
        while hi - lo > timedelta(seconds=1):
            mid = lo + (hi - lo) / 2
            if _offset_at(mid, zone) == after:
                hi = mid
            else:
                lo = mid
    except OverflowError:  # the first or last day datetime can hold: no clocks change there
        return None
    change = hi.replace(microsecond=0)
    kind: Literal["gap", "overlap"] = "gap" if after > before else "overlap"
    return ClockChange(kind, change + before, change + after, abs(after - before))


def _zone_label(zone: ZoneInfo) -> str:
    city = zone.key.rsplit("/", 1)[-1].replace("_", " ")
    return f"à l'heure de {city} ({zone.key})"


def _length(length: timedelta) -> str:
    minutes = int(length.total_seconds() // 60)
    if minutes == 60:
        return "d'une heure"
    if minutes % 60 == 0:
        return f"de {minutes // 60} heures"
    return f"de {minutes} minutes"


def why_not(wall: datetime, zone: ZoneInfo) -> str | None:
    """Why ``wall`` cannot be an appointment's time in ``zone`` (None: it can)."""
    change = clock_change(wall, zone)
    return None if change is None else _explain(wall, change, zone)


def _explain(wall: datetime, change: ClockChange, zone: ZoneInfo) -> str:
    when = f"le {wall:%d/%m/%Y} à {wall:%H:%M}"
    start, end = f"{change.wall_from:%H:%M}", f"{change.wall_to:%H:%M}"
    if change.kind == "gap":
        return (
            f"{when} n'existe pas {_zone_label(zone)} : cette nuit-là, les montres avancent "
            f"{_length(change.length)} (à {start}, elles passent directement à {end}). "
            f"Choisissez une heure avant {start} ou à partir de {end}."
        )
    return (
        f"{when} existe deux fois {_zone_label(zone)} : cette nuit-là, les montres reculent "
        f"{_length(change.length)} (à {start}, elles reviennent à {end}) et le rendez-vous ne "
        "dirait pas laquelle des deux. "
        f"Choisissez une heure avant {end} ou à partir de {start}."
    )


def from_wall(wall: datetime, zone: ZoneInfo) -> datetime:
    """The instant (naive UTC) a wall time of ``zone`` names, if it names exactly one."""
    reason = why_not(wall, zone)
    if reason is not None:
        raise LocalTimeError(reason)
    try:
        return wall.replace(tzinfo=zone, fold=0).astimezone(UTC).replace(tzinfo=None)
    except OverflowError as exc:
        raise LocalTimeError("cette date est hors du calendrier possible.") from exc


def _offset_text(offset: timedelta) -> str:
    sign = "-" if offset < timedelta(0) else "+"
    minutes = int(abs(offset).total_seconds() // 60)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def from_instant(at: datetime, zone: ZoneInfo) -> datetime:
    """The instant (naive UTC) of an aware time sent with its offset, if that offset is
    the zone's at that instant and its wall time is not one the clocks skip or repeat.
    14:00+00:00 for a Paris appointment is the classic slip of a wall time sent as UTC,
    an hour off in winter: refused, not moved."""
    sent = at.utcoffset()
    if sent is None:
        raise LocalTimeError("doit porter son décalage horaire (par exemple +01:00).")
    wall = at.replace(tzinfo=None)
    change = clock_change(wall, zone)
    try:
        instant = wall - sent
        shown = local(instant, zone)
    except OverflowError as exc:
        raise LocalTimeError("cette date est hors du calendrier possible.") from exc
    expected = shown.utcoffset() or timedelta(0)
    if change is not None and (change.kind == "gap" or expected == sent):
        raise LocalTimeError(_explain(wall, change, zone))
    if expected != sent:
        same = shown.replace(microsecond=0).isoformat()
        raise LocalTimeError(
            f"le décalage {_offset_text(sent)} n'est pas celui de {zone.key} à cet instant "
            f"({_offset_text(expected)}) : envoyez l'heure de la Mission Locale avec son décalage "
            f"(ici {same} pour le même instant), ou l'heure locale seule dans « local_start »."
        )
    return instant


def series_problem(starts: list[datetime], zone: ZoneInfo) -> str | None:
    """Why one of several slots following each other (instants, naive UTC) cannot be
    published: one of them would start at a wall time the clocks repeat that night."""
    for number, at in enumerate(starts, start=1):
        try:
            wall = local(at, zone).replace(tzinfo=None)
        except OverflowError:
            return "cette date est hors du calendrier possible."
        change = clock_change(wall, zone)
        if change is not None and number == 1:
            return _explain(wall, change, zone)
        if change is not None:
            return (
                f"le {number}e créneau de la série commencerait ainsi : {_explain(wall, change, zone)} "
                "Publiez moins de créneaux ou commencez plus tôt ou plus tard."
            )
    return None
