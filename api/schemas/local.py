"""Schemas of the Mission Locale block (console) and of the pack's glossary (phone).

The block's texts are checked by the pack check when it is written (one place for
what a valid block is); here only the shape and the sizes a form can send."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

_ID = validate.Regexp(r"^[a-z0-9][a-z0-9-]{0,63}$", error="identifiant en minuscules, chiffres et tirets")


def _text(size: int, **kwargs: object) -> fields.Str:
    return fields.Str(validate=validate.Length(max=size), **kwargs)  # type: ignore[arg-type]


class AddressIn(Schema):
    label = _text(80, required=True)
    street = _text(200, required=True)
    hours = _text(300, required=True)


class PartnerIn(Schema):
    id = fields.Str(required=True, validate=_ID)
    name = _text(120, required=True)
    what = _text(300, required=True)
    contact = _text(300, required=True)


class LocalBlockIn(Schema):
    """``mission_locale.yaml`` as the console's form sends it (placeholders allowed)."""

    name = _text(120, required=True)
    town = _text(80, required=True)
    region = _text(80, required=True)
    phone = _text(40, required=True)
    website = _text(300, required=True)
    email = _text(200, load_default="")
    welcome = _text(500, required=True)
    addresses = fields.List(fields.Nested(AddressIn), required=True, validate=validate.Length(max=10))
    contacts = fields.Dict(
        keys=fields.Str(validate=_ID), values=_text(500), load_default=dict, validate=validate.Length(max=200)
    )
    partners = fields.List(fields.Nested(PartnerIn), load_default=list, validate=validate.Length(max=30))


class OfferTitleOut(Schema):
    id = fields.Str()
    title = fields.Str()


class LocalBlockOut(Schema):
    pack = fields.Str()
    editable = fields.Bool()  # a pack made here; a shipped pack is copied first
    block = fields.Nested(LocalBlockIn, allow_none=True)  # None: the pack has no block yet
    offers = fields.List(fields.Nested(OfferTitleOut))  # the pack's offers, for « whom to ask »


class GlossaryEntryOut(Schema):
    term = fields.Str()
    meaning = fields.Str()
