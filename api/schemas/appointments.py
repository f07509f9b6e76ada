"""Schemas of the counsellor appointment endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate

from game.rules.localtime import LocalTimeError, from_instant, from_wall
from game.services import appointments

from ..organisation_settings import zone
from . import DB_ID, ZonedDateTime
from .player import ActionIn, OfferBriefOut

MODES = tuple(appointments.MODES)
WALL_CLOCK = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?$"
ZONE_NOTE = (
    "Le fuseau est celui de la Mission Locale de la session (ses « Réglages », sinon ECLATS_TIME_ZONE, "
    "Europe/Paris par défaut ; il est donné dans time_zone de chaque créneau)."
)


class SlotsIn(Schema):
    """Exactly one of ``starts_at`` (an instant) and ``local_start`` (a wall-clock time)."""

    starts_at = fields.AwareDateTime(
        format="iso",
        load_default=None,
        error_messages={
            "invalid": "doit être une date et une heure RFC 3339 avec son décalage, "
            "par exemple 2027-01-15T14:00:00+01:00",
            "invalid_awareness": "doit porter son décalage horaire (par exemple 2027-01-15T14:00:00+01:00) ; "
            "pour une heure locale sans décalage, utilisez « local_start »",
        },
        metadata={
            "description": "Début du premier créneau : un instant RFC 3339 dont le décalage est celui du fuseau "
            "de l'installation à cet instant (à Paris +01:00 en hiver, +02:00 en été), par exemple "
            "2027-01-15T14:00:00+01:00. Un autre décalage (Z, +00:00…) est refusé (422, avec la bonne valeur) "
            "plutôt que déplacé en silence ; une heure que les montres sautent ou répètent au changement "
            "d'heure aussi. Donner starts_at ou local_start, pas les deux. " + ZONE_NOTE,
            "example": "2027-01-15T14:00:00+01:00",
        },
    )
    local_start = fields.Str(
        load_default=None,
        validate=validate.Regexp(
            WALL_CLOCK, error="doit être une heure locale AAAA-MM-JJTHH:MM sans décalage, par exemple 2027-01-15T14:00"
        ),
        metadata={
            "description": "Début du premier créneau en heure locale de l'installation, sans décalage : "
            "AAAA-MM-JJTHH:MM (ce que donne un champ datetime-local), par exemple 2027-01-15T14:00. "
            "Une heure qui n'existe pas (nuit où l'on avance les montres : 2027-03-28T02:30 à Paris) ou qui "
            "existe deux fois (nuit où on les recule : 2027-10-31T02:30) est refusée (422) : rien n'est "
            "publié. Donner starts_at ou local_start, pas les deux. " + ZONE_NOTE,
            "example": "2027-01-15T14:00",
        },
    )
    duration_minutes = fields.Int(required=True, strict=True, validate=validate.Range(min=10, max=180))
    mode = fields.Str(required=True, validate=validate.OneOf(MODES, error="sur place, téléphone ou visio"))
    place = fields.Str(load_default="", validate=validate.Length(max=200))
    count = fields.Int(load_default=1, strict=True, validate=validate.Range(min=1, max=30))
    counsellor_id = fields.Int(load_default=None, allow_none=True, strict=True, validate=DB_ID)

    @post_load
    def _instant(self, data: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
        """``starts_at`` becomes the first slot's instant (naive UTC), whichever was sent."""
        at, wall = data.pop("starts_at"), data.pop("local_start")
        if at is None and wall is None:
            raise ValidationError("champ obligatoire (ou « local_start », l'heure locale sans décalage)", "starts_at")
        if at is not None and wall is not None:
            raise ValidationError("donnez « starts_at » ou « local_start », pas les deux", "local_start")
        field = "starts_at" if at is not None else "local_start"
        try:
            if at is not None:
                data["starts_at"] = from_instant(at, zone())
            else:
                data["starts_at"] = from_wall(datetime.fromisoformat(wall), zone())
        except LocalTimeError as exc:
            raise ValidationError(exc.reason, field) from exc
        except ValueError as exc:  # 2027-02-30T10:00 has the right shape and no day
            raise ValidationError("n'est pas une date du calendrier (jour ou heure impossible)", field) from exc
        return data


class SlotOut(Schema):
    id = fields.Int()
    starts_at = ZonedDateTime(
        metadata={
            "description": "Début : l'instant RFC 3339 écrit à l'heure de l'installation, avec son décalage "
            "(2027-01-15T14:00:00+01:00 pour 14:00 à Paris), à afficher tel quel quel que soit le fuseau de "
            "l'appareil."
        }
    )
    time_zone = fields.Str(
        metadata={"description": "Fuseau de la Mission Locale (nom IANA), par exemple Europe/Paris."}
    )
    duration_minutes = fields.Int()
    mode = fields.Str()
    mode_label = fields.Str()
    place = fields.Str()
    counsellor = fields.Str()


class AgendaLineOut(SlotOut):
    booked = fields.Bool()
    nickname = fields.Str(allow_none=True)
    note = fields.Str(allow_none=True)
    offers = fields.List(fields.Str())


class BookIn(ActionIn):
    slot_id = fields.Int(required=True, strict=True, validate=DB_ID)
    note = fields.Str(required=True, validate=validate.Length(min=1, max=500))
    offers = fields.List(
        fields.Str(validate=validate.Length(max=64)), load_default=list, validate=validate.Length(max=5)
    )


class MyAppointmentOut(Schema):
    booked = fields.Bool()
    slot = fields.Nested(SlotOut, allow_none=True)
    note = fields.Str(allow_none=True)
    offers = fields.List(fields.Nested(OfferBriefOut))
    team_booked = fields.Int()
    team_size = fields.Int()


class CounsellorIn(Schema):
    username = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    display_name = fields.Str(required=True, validate=validate.Length(min=1, max=120))
    password = fields.Str(required=True, validate=validate.Length(min=8, max=200))


class CounsellorOut(Schema):
    id = fields.Int()
    username = fields.Str()
    display_name = fields.Str()
    role = fields.Str()


class AgendaQuery(Schema):
    mine = fields.Bool(load_default=False)
