"""Schemas of the places endpoints: check-ins (phone) and journeys, manual validation,
QR posters and place editing (console). A fix never comes back out: replies carry the
distance to the place, not a position."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, post_dump, validate

from game.services import places

from . import ComputedInt, ComputedStr, UtcDateTime
from .player import ActionIn, OfferBriefOut

LATITUDE = validate.Range(min=-90, max=90, error="latitude entre -90 et 90 attendue")
LONGITUDE = validate.Range(min=-180, max=180, error="longitude entre -180 et 180 attendue")


class FixIn(ActionIn):
    """What the browser's Geolocation API gave: ``coords`` and ``timestamp``."""

    latitude = fields.Float(required=True, allow_nan=False, validate=LATITUDE)
    longitude = fields.Float(required=True, allow_nan=False, validate=LONGITUDE)
    accuracy = fields.Float(
        required=True,
        allow_nan=False,
        validate=validate.Range(min=0, min_inclusive=False, max=100_000, error="précision en mètres attendue"),
    )
    # ms since 1970, up to the year 2286: beyond, no clock gives it and no date can hold it
    taken_at = fields.Int(
        required=True,
        strict=True,
        validate=validate.Range(min=0, max=9_999_999_999_999, error="heure de la position (ms) attendue"),
    )


class QrIn(ActionIn):
    code = fields.Str(required=True, validate=validate.Length(min=4, max=16))


class CheckInOut(Schema):
    accepted = fields.Bool()
    solved = fields.Bool()
    # stale / repeated / copied / teleport / inaccurate / too_far / stay (presence being
    # confirmed: send another fix in ``retry_in_s``) / other_team_code (QR)
    reason = fields.Str(allow_none=True)
    message = fields.Str()
    distance_m = fields.Int(allow_none=True)
    accuracy_m = fields.Int(allow_none=True)
    trend = fields.Str(allow_none=True)  # warmer / colder / same, when the quest gives that hint
    trend_message = fields.Str(allow_none=True)
    present = fields.Int()
    needed = fields.Int()
    eclats = fields.Int(allow_none=True)  # null when the check-in was refused (nothing changed)
    offers_unlocked = fields.List(fields.Nested(OfferBriefOut))
    replayed = fields.Bool()
    retry_in_s = fields.Int(allow_none=True)  # for "stay": the phone sends its next fix by itself


class PlaceOut(Schema):
    id = fields.Str()
    name = fields.Str()
    address = fields.Str()
    description = fields.Str()
    latitude = fields.Float()
    longitude = fields.Float()
    radius_m = fields.Float()


class HiddenPlaceOut(PlaceOut):
    """A place on the team's map: a warmer/colder place is a search, so its position
    (and radius) is null until a teammate has reached it."""

    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    radius_m = fields.Float(allow_none=True)


class TeamPlaceOut(Schema):
    """A ``PlaceView`` (game/services/place_views.py)."""

    quest_id = fields.Str()
    quest_title = fields.Str()
    status = fields.Str()
    clue = fields.Str()
    team_min = fields.Int()
    window_minutes = fields.Int()
    hot_cold = fields.Bool()
    present = fields.Int()
    pinned = fields.Bool()  # false: the position is hidden (found with "warmer / colder")
    gathering = fields.Str()  # « Il faut être 3 de l'équipe ici, dans les 20 minutes. »
    in_town = fields.Bool()  # the facilitator switched the team to the in-town alternative
    place = fields.Nested(HiddenPlaceOut)

    @post_dump
    def _hide_unpinned(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        if not data["pinned"]:
            data["place"].update(latitude=None, longitude=None, radius_m=None)
        return data


class MapOut(Schema):
    tiles_url = fields.Str()
    attribution = fields.Str()
    max_accuracy_m = fields.Float()


class MyPlacesOut(Schema):
    map = fields.Nested(MapOut)
    places = fields.List(fields.Nested(TeamPlaceOut))


class VisitOut(Schema):
    quest_id = fields.Str()
    place_id = fields.Str()
    place_name = fields.Str()
    method = fields.Str()  # gps / qr / manual
    at = UtcDateTime()
    by = fields.Str(allow_none=True)
    reason = fields.Str()


class RouteProgressOut(Schema):
    """A route of ``Journey.routes``: (day, title, stops won, stops)."""

    day = ComputedInt(lambda r: r[0])
    title = ComputedStr(lambda r: r[1])
    won = ComputedInt(lambda r: r[2])
    stops = ComputedInt(lambda r: r[3])


FLAG_LABELS = {
    places.TELEPORT: "position qui a sauté d'un coup (trop loin pour le temps écoulé)",
    places.COPIED: "position identique à celle d'un·e coéquipier·e : un seul téléphone pour plusieurs ?",
    places.OTHER_TEAM_CODE: "code de l'affiche d'une autre équipe",
}


class FlagOut(Schema):
    """A check-in worth a look: refused jumps, fixes copied from a teammate, another
    team's poster code. Who, where, how many times; never a position."""

    reason = fields.Str()  # teleport / copied / other_team_code
    label = ComputedStr(lambda f: FLAG_LABELS.get(f.reason, f.reason))
    quest_id = fields.Str()
    place_id = fields.Str()
    place_name = fields.Str()
    by = fields.Str(allow_none=True)
    count = fields.Int()
    first_at = UtcDateTime()
    last_at = UtcDateTime()


class JourneyOut(Schema):
    """A ``Journey`` (game/services/place_views.py)."""

    team_id = fields.Int()
    team_name = fields.Str()
    visits = fields.List(fields.Nested(VisitOut))
    last = fields.Nested(VisitOut, allow_none=True)
    routes = fields.List(fields.Nested(RouteProgressOut))
    flags = fields.List(fields.Nested(FlagOut))


class PlaceQuestOut(Schema):
    """A place ``Quest`` of the pack."""

    quest_id = fields.Str(attribute="id")
    title = fields.Str()
    day = fields.Int()
    place_id = fields.Str(attribute="place")
    team_min = fields.Int()


class SessionPlacesOut(Schema):
    map = fields.Nested(MapOut)
    pack = fields.Str()
    editable = fields.Bool()
    places = fields.List(fields.Nested(PlaceOut))
    quests = fields.List(fields.Nested(PlaceQuestOut))
    journeys = fields.List(fields.Nested(JourneyOut))


class ManualCheckInIn(Schema):
    quest_id = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    reason = fields.Str(required=True, validate=validate.Length(min=1, max=300))


class PosterOut(Schema):
    place = fields.Nested(PlaceOut)
    quests = fields.List(fields.Str())
    team_id = fields.Int()  # one poster per place and team: a code only works for its team
    team_name = fields.Str()
    code = fields.Str()
    url = fields.Str()
    qr_svg = fields.Str()


class PlaceEditIn(Schema):
    latitude = fields.Float(required=True, allow_nan=False, validate=LATITUDE)
    longitude = fields.Float(required=True, allow_nan=False, validate=LONGITUDE)
    radius_m = fields.Float(
        load_default=None,
        allow_nan=False,
        validate=validate.Range(min=5, max=2000, error="rayon entre 5 et 2000 m attendu"),
    )
    name = fields.Str(load_default=None, validate=validate.Length(min=1, max=120))
    address = fields.Str(load_default=None, validate=validate.Length(max=200))
    description = fields.Str(load_default=None, validate=validate.Length(min=1, max=2000))


class PackCopyIn(Schema):
    name = fields.Str(
        required=True,
        validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{1,40}$", error="nom en minuscules, chiffres et tirets"),
    )
    town = fields.Str(load_default=None, validate=validate.Length(min=1, max=80))
