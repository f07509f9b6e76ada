"""``finale.yaml``, the group's « Cœur d'Avenir » (optional; once there, read and checked
like any other file), and the checks of the weekend place quests: an in-town
alternative names a known place, and no text promises « toute l'équipe » when the rule
asks for fewer people (the phone states the real number, from the rule itself)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from marshmallow import ValidationError

from content.catalog import Finale, Fragment
from content.schema import is_identifier
from content.schema.finale import FinaleSchema

from .problems import PLACES_FILE, WHOLE_FILE, Inspection

FINALE_FILE = "finale.yaml"
#: a team never has more members than this (game.rules.teams.MAX_TEAM_SIZE): a place
#: quest asking for fewer people than that cannot promise « toute l'équipe »
LARGEST_TEAM = 12
_WHOLE_TEAM = re.compile(r"toute\s+l['’]\s*équipe", re.IGNORECASE)


def check_finale(root: Path, found: Inspection, read_yaml: Callable[[Path, str, Inspection], Any]) -> None:
    """Read ``finale.yaml`` if the pack has one; ``read_yaml`` is the reader's own
    (placeholders resolved), returning something else than a mapping when unreadable."""
    if not (root / FINALE_FILE).exists():
        stray = root / "finale.yml"
        if stray.is_file():
            found.add(stray.name, WHOLE_FILE, f"fichier ignoré : l'extension doit être .yaml ({FINALE_FILE})")
        return
    data = read_yaml(root, FINALE_FILE, found)
    if not isinstance(data, Mapping):
        if not any(p.file == FINALE_FILE for p in found.problems):
            found.add(FINALE_FILE, WHOLE_FILE, "le fichier doit contenir des lignes « clé: valeur »")
        return
    found.finale_raw = data
    try:
        found.finale = FinaleSchema().load(data)
    except ValidationError as error:
        _flatten(found, error.messages, "")
        return
    days = {d.get("number") for d in (found.pack or {}).get("days", []) if isinstance(d, Mapping)}
    for index, fragment in enumerate(found.finale["fragments"]):
        if days and fragment["day"] not in days:
            found.add(FINALE_FILE, f"fragments[{index}].day", f"le pack n'a pas de jour {fragment['day']}")
    place_quests: dict[int, int] = {}
    for quest_file in found.quest_files:
        for raw in quest_file.raw:
            if isinstance(raw, Mapping) and raw.get("kind") == "place" and isinstance(raw.get("day"), int):
                place_quests[raw["day"]] = place_quests.get(raw["day"], 0) + 1
    for index, fragment in enumerate(found.finale["fragments"]):
        if fragment["places"] > place_quests.get(fragment["day"], 0) and found.quests_complete:
            found.add(
                FINALE_FILE,
                f"fragments[{index}].places",
                f"le jour {fragment['day']} n'a que {place_quests.get(fragment['day'], 0)} mission(s) de lieu",
            )
    quest_ids = {
        raw.get("id") for quest_file in found.quest_files for raw in quest_file.raw if isinstance(raw, Mapping)
    }
    if found.finale["id"] in quest_ids:
        found.add(FINALE_FILE, "id", f"« {found.finale['id']} » est déjà l'identifiant d'une quête")


def _flatten(found: Inspection, messages: Any, path: str) -> None:
    if isinstance(messages, str):
        found.add(FINALE_FILE, path or WHOLE_FILE, messages)
    elif isinstance(messages, list):
        for message in messages:
            _flatten(found, message, path)
    elif isinstance(messages, Mapping):
        for key, value in messages.items():
            if key == "_schema":
                _flatten(found, value, path)
            elif isinstance(key, int):
                _flatten(found, value, f"{path}[{key}]")
            else:
                _flatten(found, value, f"{path}.{key}" if path else str(key))


def build_finale(found: Inspection) -> Finale | None:
    data = found.finale
    if data is None:
        return None
    return Finale(
        id=data["id"],
        title=data["title"],
        story=data["story"],
        fragments=tuple(Fragment(**f) for f in sorted(data["fragments"], key=lambda f: f["day"])),
        question=data["question"],
        answers=tuple(data["answers"]),
        hints=tuple(data["hints"]),
        reward=data["reward"],
        success=data["success"],
    )


def check_place_quests(found: Inspection) -> None:
    """An alternative names a known place; no place text promises the whole team when
    the rule asks for fewer people."""
    places_file = found.lists.get(PLACES_FILE)
    places = (
        None
        if places_file is None
        else {raw.get("id") for raw in places_file.raw if isinstance(raw, Mapping) and is_identifier(raw.get("id"))}
    )
    for quest_file in found.quest_files:
        for index, raw in enumerate(quest_file.raw):
            if not isinstance(raw, Mapping) or raw.get("kind") != "place":
                continue
            _whole_team(found, quest_file.name, f"[{index}]", raw, ("story", "question"))
            alternative = raw.get("alternative")
            if not isinstance(alternative, Mapping):
                continue
            place = alternative.get("place")
            if places is not None and is_identifier(place) and place not in places:
                found.add(
                    quest_file.name,
                    f"[{index}].alternative.place",
                    f"identifiant inconnu : « {place} » (aucun lieu de ce nom dans places.yaml)",
                )
            _whole_team(found, quest_file.name, f"[{index}].alternative", alternative, ("question",))


def _whole_team(found: Inspection, file: str, at: str, raw: Mapping[str, Any], keys: tuple[str, ...]) -> None:
    team_min = raw.get("team_min", 1)
    if not isinstance(team_min, int) or team_min >= LARGEST_TEAM:
        return
    for key in keys:
        text = raw.get(key)
        if isinstance(text, str) and _WHOLE_TEAM.search(text):
            found.add(
                file,
                f"{at}.{key}",
                f"le texte dit « toute l'équipe » mais la règle demande {team_min} personne(s) "
                "(team_min) : enlevez-le, le téléphone dit le nombre exact",
            )
