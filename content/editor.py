"""Changing a pack from the console: a Mission Locale copies a pack for its own town,
then places or moves its places on a map and fills its Mission Locale block
(``mission_locale.yaml``: name, addresses, whom to ask for each offer, partners).

Every change is written to a scratch copy of the whole pack first and checked like any
pack (``check_pack``); only a valid result replaces the real file, atomically, and then
the pack's stamp (``content.loader.stamp``), so that every server process serves the
changed pack from its next request on. A refused change leaves the pack exactly as it
was. Only packs made on this server (in the local packs folder) can be changed: the
shipped ones stay as released.

Rewriting ``places.yaml`` or ``mission_locale.yaml`` drops its comments (YAML comments do not survive a load and
dump); the other files are untouched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .catalog import Place
from .loader import (
    PACK_FILE,
    PLACES_FILE,
    PackError,
    check_pack,
    is_local,
    load_named_pack,
    local_packs_dir,
    pack_path,
    packs_dir,
    packs_in,
)
from .loader.local import MISSION_LOCALE_FILE
from .loader.owner import write_owner
from .loader.stamp import write_stamp
from .schema import is_identifier

_EDITED = "# Edited in the Éclats console: comments are not kept.\n"


class EditError(Exception):
    """A change that cannot be made; ``message`` is plain French for the facilitator."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class PlaceChange:
    latitude: float
    longitude: float
    radius_m: float | None = None
    name: str | None = None
    address: str | None = None
    description: str | None = None


def _known(name: str) -> str:
    if not is_identifier(name):
        raise EditError("no_pack", f"Le pack « {name} » n'existe pas.")
    return name


def copy_pack(source: str, name: str, town: str | None = None, owner: int | None = None) -> Path:
    """Copy pack ``source`` as ``name`` in the local packs folder (and set its town), as
    the pack of organisation ``owner`` (``content.loader.owner``). Names are unique on the
    installation, whoever owns the pack that has one."""
    _known(source)
    _known(name)
    local = local_packs_dir()
    if local is None:
        raise EditError("no_local_packs", "Ce serveur n'a pas de dossier pour ses propres packs.")
    if (local / name).exists() or name in packs_in(packs_dir()):
        raise EditError("pack_exists", f"Un pack « {name} » existe déjà : choisissez un autre nom.")
    origin = pack_path(source)
    if not (origin / PACK_FILE).is_file():
        raise EditError("no_pack", f"Le pack « {source} » n'existe pas.")
    local.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=local))
    try:
        target = scratch / name
        shutil.copytree(origin, target)
        if town:
            _rewrite_key(target / PACK_FILE, "town", town)
        write_owner(target, owner)
        _raise_if_invalid(target)
        write_stamp(target)
        os.replace(target, local / name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return local / name


def _root(pack: str) -> Path:
    root = pack_path(_known(pack))
    if not (root / PACK_FILE).is_file():
        raise EditError("no_pack", f"Le pack « {pack} » n'existe pas.")
    return root


def _editable(pack: str) -> Path:
    root = _root(pack)
    if not is_local(pack):
        raise EditError(
            "pack_read_only",
            "Ce pack est fourni avec Éclats : copiez-le d'abord pour votre ville, puis modifiez la copie.",
        )
    return root


def move_place(pack: str, place_id: str, change: PlaceChange) -> Place:
    """Place (or move) ``place_id`` of a local pack; a new id adds a place."""
    root = _editable(pack)
    if not is_identifier(place_id):
        raise EditError("place_id", "Identifiant de lieu invalide (lettres minuscules, chiffres et tirets).")
    places: list[dict[str, Any]] = yaml.safe_load((root / PLACES_FILE).read_text(encoding="utf-8")) or []
    entry = next((p for p in places if isinstance(p, dict) and p.get("id") == place_id), None)
    if entry is None:
        if not change.name or not change.description:
            raise EditError("new_place", "Pour un nouveau lieu, donnez au moins son nom et une description.")
        entry = {"id": place_id}
        places.append(entry)
    entry["latitude"] = round(change.latitude, 6)
    entry["longitude"] = round(change.longitude, 6)
    for key, value in (
        ("radius_m", change.radius_m),
        ("name", change.name),
        ("address", change.address),
        ("description", change.description),
    ):
        if value is not None:
            entry[key] = value
    entry.setdefault("radius_m", 50)
    _replace_checked(root, PLACES_FILE, _dump(places))
    place = load_named_pack(pack).place(place_id)
    assert place is not None
    return place


def local_block(pack: str) -> dict[str, Any] | None:
    """The pack's Mission Locale block as written (placeholders kept), None without one."""
    file = _root(pack) / MISSION_LOCALE_FILE
    raw = yaml.safe_load(file.read_text(encoding="utf-8")) if file.is_file() else None
    return raw if isinstance(raw, dict) else None


def write_local_block(pack: str, block: Mapping[str, Any]) -> None:
    """Replace the Mission Locale block of a local pack; the whole pack is checked with
    it first (its placeholders replaced in every text) and nothing is written if the
    check finds a problem."""
    _replace_checked(_editable(pack), MISSION_LOCALE_FILE, _dump(dict(block)))


def _dump(data: object) -> str:
    return _EDITED + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def place_id_for(name: str) -> str:
    """A readable id from a place's name: « Église Notre-Dame » → eglise-notre-dame."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60]
    return slug or "lieu"


def _replace_checked(root: Path, file_name: str, text: str) -> None:
    scratch = Path(tempfile.mkdtemp(prefix=f".{root.name}-", dir=root.parent))
    try:
        trial = scratch / root.name
        shutil.copytree(root, trial)
        (trial / file_name).write_text(text, encoding="utf-8")
        _raise_if_invalid(trial)
        staged = root / f".{file_name}.new"
        staged.write_text(text, encoding="utf-8")
        os.replace(staged, root / file_name)
        write_stamp(root)  # after the file: a process that sees the new stamp reads the new file
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _raise_if_invalid(root: Path) -> None:
    problems = check_pack(root)
    if problems:
        raise PackError(root, problems)


def _rewrite_key(path: Path, key: str, value: str) -> None:
    """Change one top-level ``key: value`` line, keeping the rest of the file as it is."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    quoted = json.dumps(value, ensure_ascii=False)  # a JSON string is a double-quoted YAML scalar
    for i, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            lines[i] = f"{key}: {quoted}\n"
            break
    else:
        lines.append(f"{key}: {quoted}\n")
    path.write_text("".join(lines), encoding="utf-8")
