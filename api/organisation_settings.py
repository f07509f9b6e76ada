"""The settings of the organisation a request acts for (issue 16): the time zone its
appointments are typed, shown and put in calendars in, and the public address its
join links, QR codes, posters and badge links carry.

The organisation is the one of the session in the address (``/api/sessions/<id>/...``),
else the caller's: a staff account's own, a young person's session's.
A route without a caller (a badge's public page) names it with :func:`act_for`. With
none (the installation's own pages), and for an organisation that set nothing, the
installation's values apply (``ECLATS_TIME_ZONE``, ``ECLATS_PUBLIC_URL``).

Each value is read once per request from the database (shared by every server
process) and kept in ``flask.g`` for the rest of it; ``forget`` drops it when the
settings change during the request.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import current_app, g, has_request_context, request

from game.services import settings
from game.store.models import GameSession

from .clock import zone as installation_zone
from .extensions import db


def acting_for() -> int | None:
    """The organisation this request acts for, if any."""
    pinned = g.get("eclats_organisation")
    if pinned is not None:
        return int(pinned)
    session_id = (request.view_args or {}).get("session_id") if has_request_context() else None
    if isinstance(session_id, int):  # a session's things: its organisation's, whoever looks
        game = db().get(GameSession, session_id)
        if game is not None:
            return int(game.organisation_id)
    staff = g.get("staff")
    if staff is not None:
        return int(staff.organisation_id)
    player = g.get("caller")  # a young person (accounts.Caller: their session's organisation)
    if player is not None:
        return int(player.session.organisation_id)
    return None


def act_for(organisation_id: int) -> None:
    """Name the organisation of a request that has no caller (a badge's public page: the
    badge's issuing organisation)."""
    g.eclats_organisation = organisation_id


def forget() -> None:
    g.pop("eclats_zones", None)
    g.pop("eclats_public_urls", None)


def zone_of(organisation_id: int | None) -> ZoneInfo:
    """An organisation's time zone (``None``: the installation's)."""
    if organisation_id is None:
        return installation_zone()
    kept: dict[int, ZoneInfo] = g.setdefault("eclats_zones", {})
    if organisation_id not in kept:
        kept[organisation_id] = settings.zone_of(db(), organisation_id, current_app.config["TIME_ZONE"])
    return kept[organisation_id]


def zone() -> ZoneInfo:
    """The time zone of the organisation this request acts for."""
    return zone_of(acting_for())


def public_url_of(organisation_id: int | None) -> str:
    """An organisation's public address ("" when neither it nor the installation gave one)."""
    initial = str(current_app.config.get("PUBLIC_URL") or "")
    if organisation_id is None:
        return initial
    kept: dict[int, str] = g.setdefault("eclats_public_urls", {})
    if organisation_id not in kept:
        kept[organisation_id] = settings.public_url_of(db(), organisation_id, initial)
    return kept[organisation_id]


def public_url() -> str:
    """The public address of the organisation this request acts for ("" if none)."""
    return public_url_of(acting_for())
