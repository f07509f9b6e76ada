"""The installation's time zone, looked up once at start.

A Mission Locale in Lille, Cayenne, Saint-Denis de La Réunion or Nouméa gives its
appointments in its own wall-clock time: the zone is an IANA name (``Europe/Paris``,
``America/Cayenne``, ``Indian/Reunion``, ``Pacific/Noumea``…), read by ``zoneinfo``
from the system's database or, on a machine without one, from the ``tzdata`` package.
"""

from __future__ import annotations

import difflib
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

DEFAULT = "Europe/Paris"
# names zoneinfo may open that are no place: "localtime" is whatever the machine is set
# to (the server must not depend on it) and a calendar would not know it as a TZID
NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})


class UnknownZone(ValueError):
    """The configured zone is not a time zone: said in French, with what to write."""

    def __init__(self, name: str, suggestion: str | None) -> None:
        self.suggestion = suggestion  # the closest known name, for another message (the console's)
        hint = f" Vouliez-vous dire « {suggestion} » ?" if suggestion else ""
        self.message = (
            f"Fuseau horaire inconnu : « {name} » (ECLATS_TIME_ZONE). Indiquez le nom IANA du fuseau "
            "de la Mission Locale, par exemple Europe/Paris, America/Cayenne, Indian/Reunion ou "
            f"Pacific/Noumea.{hint}"
        )
        super().__init__(self.message)


def zone_named(name: str) -> ZoneInfo:
    """The zone called ``name``, or :class:`UnknownZone`."""
    name = name.strip()
    known = available_timezones() - NOT_PLACES
    if name in known:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # listed, yet unreadable
            pass
    by_case = {k.lower(): k for k in known}
    close = by_case.get(name.lower()) or next(iter(difflib.get_close_matches(name, sorted(known), n=1)), None)
    raise UnknownZone(name, close)
