"""Shape of the files that make a pack one Mission Locale's and readable by all:
``mission_locale.yaml`` (the local block), ``glossary.yaml``, and the national list of
helplines shipped with Éclats (``content/helplines.yaml``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from marshmallow import fields, validate

from .fields import (
    Flag,
    Identifier,
    ListOf,
    Object,
    PackFileSchema,
    Text,
    at_least,
)


class Checked(fields.Date):
    """The day facts were checked, written as a YAML date (``2026-12-01``)."""

    default_error_messages = {
        "required": "champ obligatoire manquant : la date de vérification (AAAA-MM-JJ)",
        "null": "valeur vide : la date de vérification (AAAA-MM-JJ)",
        "invalid": "date attendue au format AAAA-MM-JJ (par exemple 2026-12-01)",
        "format": "date attendue au format AAAA-MM-JJ (par exemple 2026-12-01)",
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> dt.date:
        # YAML reads 2026-12-01 as a date already; a quoted "2026-12-01" is accepted too
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return super()._deserialize(value, attr, data, **kwargs)


class Source(fields.String):
    """An official page the facts come from: a web address."""

    default_error_messages = {
        "required": "champ obligatoire manquant",
        "null": "valeur vide : une adresse web (https://…) attendue",
        "invalid": "adresse web attendue (https://…)",
        "not_url": "adresse web attendue, commençant par https:// : « {input} »",
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        text = str(super()._deserialize(value, attr, data, **kwargs)).strip()
        if not text.startswith("https://") or " " in text:
            raise self.make_error("not_url", input=text)
        return text


def sources_field() -> ListOf:
    """The official pages facts come from: at least one."""
    return ListOf(Source(), required=True, validate=at_least(1, "source officielle"))


class AddressSchema(PackFileSchema):
    label = Text(required=True)
    street = Text(required=True)
    hours = Text(required=True)


class PartnerSchema(PackFileSchema):
    id = Identifier(required=True)
    name = Text(required=True)
    what = Text(required=True)
    contact = Text(required=True)


class MissionLocaleSchema(PackFileSchema):
    """``mission_locale.yaml``: the local block texts use through placeholders."""

    name = Text(required=True)
    town = Text(required=True)
    region = Text(required=True)
    phone = Text(required=True)
    website = Text(required=True)
    email = fields.String(load_default="")
    welcome = Text(required=True)  # with or without an appointment
    addresses = ListOf(Object(AddressSchema), required=True, validate=at_least(1, "adresse"))
    contacts = fields.Dict(keys=Identifier(), values=Text(), load_default=dict)
    partners = ListOf(Object(PartnerSchema), load_default=list)


class GlossaryEntrySchema(PackFileSchema):
    """One entry of ``glossary.yaml``."""

    term = Text(required=True, validate=validate.Length(max=60, error="mot ou sigle trop long (60 caractères au plus)"))
    meaning = Text(required=True)


class HelplineSchema(PackFileSchema):
    """One national number of ``content/helplines.yaml``."""

    id = Identifier(required=True)
    name = Text(required=True)
    number = Text(required=True)
    when = Text(required=True)
    hours = Text(required=True)
    free = Flag(required=True)
    verified_on = Checked(required=True)
    sources = sources_field()
