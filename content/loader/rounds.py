"""``rounds.yaml``, the pack's live « situation → offre » rounds: optional; once there,
read and checked like any other file (shape, then the offers, skills and days it names)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from content.catalog import LiveRoundSpec
from content.schema import is_identifier
from content.schema.rounds import RoundSchema

from .problems import OFFERS_FILE, SKILLS_FILE, Inspection, ListFile

ROUNDS_FILE = "rounds.yaml"
_UNKNOWN = "identifiant inconnu : « {} » ({})"


def check_rounds(root: Path, found: Inspection, load_list: Any) -> None:
    """Read ``rounds.yaml`` if the pack has one (``load_list`` is the reader's own list
    loader), then check what it names against the other files."""
    if not (root / ROUNDS_FILE).exists():
        stray = root / "rounds.yml"
        if stray.is_file():
            found.add(stray.name, "(fichier)", f"fichier ignoré : l'extension doit être .yaml ({ROUNDS_FILE})")
        return
    found.rounds = load_list(root, ROUNDS_FILE, RoundSchema(), found)
    if found.rounds is not None:
        _references(found, found.rounds)


def _ids(found: Inspection, name: str) -> set[str] | None:
    list_file = found.lists.get(name)
    if list_file is None:
        return None  # unreadable: reported already, its references are unknowable
    return {raw["id"] for raw in list_file.raw if isinstance(raw, Mapping) and is_identifier(raw.get("id"))}


def _references(found: Inspection, rounds: ListFile) -> None:
    offers, skills = _ids(found, OFFERS_FILE), _ids(found, SKILLS_FILE)
    seen: dict[str, int] = {}
    for index, raw in enumerate(rounds.raw):
        if not isinstance(raw, Mapping):
            continue
        round_id = raw.get("id")
        if is_identifier(round_id):
            if round_id in seen:
                first = seen[round_id]
                found.add(
                    ROUNDS_FILE, f"[{index}].id", f"identifiant en double : « {round_id} » (déjà utilisé en [{first}])"
                )
            else:
                seen[round_id] = index
        choices = raw.get("choices")
        for i, offer in enumerate(choices if isinstance(choices, list) else []):
            if offers is not None and is_identifier(offer) and offer not in offers:
                found.add(
                    ROUNDS_FILE,
                    f"[{index}].choices[{i}]",
                    _UNKNOWN.format(offer, "aucune offre de ce nom dans offers.yaml"),
                )
        listed = raw.get("skills")
        for i, skill in enumerate(listed if isinstance(listed, list) else []):
            if skills is not None and is_identifier(skill) and skill not in skills:
                found.add(
                    ROUNDS_FILE,
                    f"[{index}].skills[{i}]",
                    _UNKNOWN.format(skill, "aucune compétence de ce nom dans skills.yaml"),
                )


def build_rounds(found: Inspection) -> tuple[LiveRoundSpec, ...]:
    if found.rounds is None:
        return ()
    return tuple(
        LiveRoundSpec(**{**data, "choices": tuple(data["choices"]), "skills": tuple(data["skills"])})
        for data in found.rounds.loaded
    )
