"""What makes a pack one Mission Locale's, and readable by all: the local block
(``mission_locale.yaml``) and its placeholders, the glossary, and the national list of
helplines shipped with Éclats.

Placeholders (``{{ml.name}}``, ``{{contact.cej}}``, ``{{partner.caf}}``…) are replaced in
the raw YAML of every file as it is read, before its shape is checked: the rest of the
loader, and the whole application, only ever see plain text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from marshmallow import ValidationError

from content.catalog import Helpline
from content.schema import HelplineSchema

from .problems import Inspection

MISSION_LOCALE_FILE = "mission_locale.yaml"
GLOSSARY_FILE = "glossary.yaml"
HELPLINES_FILE = Path(__file__).parent.parent / "helplines.yaml"

#: ``{{ml.name}}``, ``{{ contact.cej }}``, ``{{partner.caf}}``
PLACEHOLDER = re.compile(r"\{\{\s*([a-z]+)\.([a-z0-9][a-z0-9_-]*)\s*\}\}")
_BRACES = re.compile(r"\{\{|\}\}")
#: ``{{v.key}}`` belongs to the quest's variants, not to the block: left as written
VARIANT_PREFIX = "v"
#: the block's single values a text may use, as ``{{ml.<key>}}``
ML_KEYS = ("name", "town", "region", "phone", "website", "email", "welcome", "address", "hours")


def placeholder_values(block: Mapping[str, Any]) -> dict[str, str]:
    """Every placeholder the block defines, with its text (the block's own placeholders,
    e.g. a contact naming ``{{ml.name}}``, already replaced)."""
    first = block["addresses"][0]
    values = {f"ml.{key}": str(block.get(key, "")) for key in ML_KEYS if key not in ("address", "hours")}
    values["ml.address"] = first["street"]
    values["ml.hours"] = first["hours"]
    values.update({f"partner.{p['id']}": p["name"] for p in block.get("partners", ())})
    for offer_id, text in block.get("contacts", {}).items():
        values[f"contact.{offer_id}"] = PLACEHOLDER.sub(lambda m: values.get(f"{m[1]}.{m[2]}", m[0]), text)
    return values


def resolve(data: Any, file: str, found: Inspection, path: str = "") -> Any:
    """``data`` (raw YAML) with its placeholders replaced; an unknown or malformed one
    is a problem at its path, and stays as written."""
    if isinstance(data, str):
        return _resolve_text(data, file, found, path)
    if isinstance(data, list):
        return [resolve(item, file, found, f"{path}[{i}]") for i, item in enumerate(data)]
    if isinstance(data, Mapping):
        return {key: resolve(value, file, found, f"{path}.{key}" if path else str(key)) for key, value in data.items()}
    return data


def _resolve_text(text: str, file: str, found: Inspection, path: str) -> str:
    if "{{" not in text and "}}" not in text:
        return text
    values = found.placeholders
    if found.placeholders_broken:  # mission_locale.yaml itself is the problem, reported once
        return text

    def replace(match: re.Match[str]) -> str:
        key = f"{match[1]}.{match[2]}"
        if match[1] == VARIANT_PREFIX:  # a variant's value, drawn per session (``variants``)
            return match[0]
        if values is None:
            found.add(file, path, f"« {match[0]} » : ce pack n'a pas de {MISSION_LOCALE_FILE} pour le remplir")
            return match[0]
        if key not in values:
            found.add(file, path, f"« {match[0]} » inconnu dans {MISSION_LOCALE_FILE} ({_known(values, match[1])})")
            return match[0]
        return values[key]

    resolved = PLACEHOLDER.sub(replace, text)
    if _BRACES.search(PLACEHOLDER.sub("", text)):
        found.add(file, path, "accolades mal écrites : un remplacement s'écrit {{ml.name}}, {{contact.<offre>}}…")
    return resolved


def _known(values: Mapping[str, str], prefix: str) -> str:
    names = sorted(key for key in values if key.startswith(f"{prefix}."))
    if names:
        return "possibles : " + ", ".join(names[:12]) + (" …" if len(names) > 12 else "")
    return "possibles : " + ", ".join(f"ml.{key}" for key in ML_KEYS) + ", contact.<offre>, partner.<partenaire>"


@functools.cache
def national_helplines() -> tuple[Helpline, ...]:
    """The helplines shipped with Éclats; they are checked by the test suite, so a broken
    file is a bug of the installation, reported with its reason."""
    data = yaml.safe_load(HELPLINES_FILE.read_text(encoding="utf-8"))
    try:
        entries = HelplineSchema().load(data, many=True)
    except ValidationError as error:
        raise ValueError(f"{HELPLINES_FILE}: {error.messages}") from error
    return tuple(Helpline(e["id"], e["name"], e["number"], e["when"], e["hours"], e["free"]) for e in entries)


def helpline_ids() -> set[str]:
    return {h.id for h in national_helplines()}
