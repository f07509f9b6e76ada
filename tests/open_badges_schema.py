"""The 1EdTech Open Badges 3.0 ``AchievementCredential`` JSON Schema (``tests/standards/``,
see its README), with the PyPI ``jsonschema`` package: what every credential Éclats issues
must satisfy. ``tests/conftest.py`` applies it to every credential a test issues."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jsonschema

STANDARDS = Path(__file__).resolve().parent / "standards"
SCHEMAS = {
    "ob_v3p0_achievementcredential_schema.json": "5753fb3ecf7d024ed273dd364bd683f483eb47257e718e6618832cf89eb2083a",
    "ob_v3p0_achievementcredential_schema.jsonld-2024-04-29.json": (
        "b47b322876e1abd3576989ae603b6c3322cff7dd64d0e065ec02fc5e87837fb8"
    ),
}
OB3_TYPES = ("OpenBadgeCredential", "AchievementCredential")


@functools.cache
def validators() -> dict[str, Any]:
    """One validator per schema file, of the draft the file names (2019-09)."""
    out: dict[str, Any] = {}
    for name, digest in SCHEMAS.items():
        data = (STANDARDS / name).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise AssertionError(f"tests/standards/{name} is not the 1EdTech file it should be (SHA-256 differs)")
        schema = json.loads(data)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        out[name] = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return out


def is_open_badge(document: Any) -> bool:
    """An Open Badges 3.0 credential (the schema's subject), as opposed to a status list."""
    types = document.get("type") if isinstance(document, Mapping) else None
    return isinstance(types, list) and any(t in OB3_TYPES for t in types)


def problems(credential: Mapping[str, Any]) -> list[str]:
    """What the 1EdTech schema finds wrong, one line per error (empty: valid)."""
    found = []
    for name, validator in validators().items():
        for error in sorted(validator.iter_errors(credential), key=lambda e: list(e.absolute_path)):
            rule = json.dumps(error.validator_value, ensure_ascii=False)
            found.append(f"{name}: {error.json_path} must satisfy {error.validator} {rule[:120]}")
    return found
