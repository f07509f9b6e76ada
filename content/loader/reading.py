"""Reading a pack folder: each file parsed on its own, then checked by its schema.

Every problem is recorded rather than raised (``Inspection``), so that one run lists them
all; the cross-reference checks (``content.loader.crosscheck``) then run on what parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from marshmallow import Schema, ValidationError

from content.schema import (
    CharacterSchema,
    DiagnosisSchema,
    GlossaryEntrySchema,
    MissionLocaleSchema,
    OfferSchema,
    PackSchema,
    PlaceSchema,
    QuestSchema,
    SkillSchema,
)

from .crosscheck import CrossCheck
from .fairness import check_fairness
from .finale import check_finale, check_place_quests
from .local import GLOSSARY_FILE, MISSION_LOCALE_FILE, placeholder_values, resolve
from .localcheck import LocalCheck
from .problems import (
    CHARACTERS_FILE,
    DIAGNOSIS_FILE,
    OFFERS_FILE,
    PACK_FILE,
    PLACES_FILE,
    QUESTS_DIR,
    SKILLS_FILE,
    WHOLE_FILE,
    Inspection,
    ListFile,
    Problem,
)
from .rounds import check_rounds
from .variants import check_variants

_SCHEMA_KEY = "_schema"
_LEADING_INDEX = re.compile(r"\[(\d+)\]")
_DIAGNOSIS_ENTRY = re.compile(r"(families|questions)\[(\d+)\]")


class _Unreadable:
    """Marks a file that could not be parsed at all (missing, not UTF-8, bad YAML)."""


_UNREADABLE = _Unreadable()


# libyaml's safe loader when the wheel has it (about ten times faster: every server start
# and every test app loads all packs); the same safe constructor either way
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(root: Path, name: str, found: Inspection) -> Any:
    """Parse one file with ``yaml.safe_load``; a pack is data and must never run code.
    The Mission Locale's placeholders are replaced in every other file's texts."""
    data = _parse_yaml(root, name, found)
    if data is _UNREADABLE or name == MISSION_LOCALE_FILE:
        return data
    return resolve(data, name, found)


def _parse_yaml(root: Path, name: str, found: Inspection) -> Any:
    try:
        data = (root / name).read_bytes()
    except FileNotFoundError:
        found.add(name, WHOLE_FILE, "fichier manquant")
        return _UNREADABLE
    except OSError as error:
        found.add(name, WHOLE_FILE, f"fichier illisible ({error.strerror})")
        return _UNREADABLE
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        found.add(name, WHOLE_FILE, "le fichier doit être enregistré en UTF-8")
        return _UNREADABLE
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as error:
        found.add(name, WHOLE_FILE, _yaml_reason(error))
        return _UNREADABLE


def _yaml_reason(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    detail = getattr(error, "problem", None) or str(error)
    if mark is None:
        return f"YAML invalide : {detail}"
    return f"YAML invalide à la ligne {mark.line + 1}, colonne {mark.column + 1} : {detail}"


def _schema_problems(name: str, messages: Any, path: str = "") -> Iterator[Problem]:
    """Flatten marshmallow's nested error dict into one Problem per message."""
    if isinstance(messages, str):
        yield Problem(name, path or WHOLE_FILE, messages)
    elif isinstance(messages, list):
        for message in messages:
            yield from _schema_problems(name, message, path)
    elif isinstance(messages, Mapping):
        for key, value in messages.items():
            yield from _schema_problems(name, value, _join(path, key))


def _join(path: str, key: object) -> str:
    if key == _SCHEMA_KEY:
        return path
    if isinstance(key, int) and not isinstance(key, bool):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _load_list(root: Path, name: str, schema: Schema, found: Inspection) -> ListFile | None:
    data = _read_yaml(root, name, found)
    if data is _UNREADABLE:
        return None
    if data is None:  # an empty file (or only comments) is an empty list
        data = []
    if not isinstance(data, list):
        found.add(name, WHOLE_FILE, "le fichier doit contenir une liste (des éléments « - »)")
        return None
    try:
        loaded = schema.load(data, many=True)
    except ValidationError as error:
        found.problems.extend(_schema_problems(name, error.messages))
        return ListFile(name, data, [], valid=False)
    return ListFile(name, data, list(loaded), valid=True)


def _load_pack_file(root: Path, found: Inspection) -> None:
    data = _read_yaml(root, PACK_FILE, found)
    if data is _UNREADABLE:
        return
    if not isinstance(data, Mapping):
        found.add(PACK_FILE, WHOLE_FILE, "le fichier doit contenir des lignes « clé: valeur »")
        return
    try:
        found.pack = PackSchema().load(data)
    except ValidationError as error:
        found.problems.extend(_schema_problems(PACK_FILE, error.messages))


def _load_diagnosis(root: Path, found: Inspection) -> None:
    """diagnosis.yaml is optional; once there, it is checked like any other file."""
    if not (root / DIAGNOSIS_FILE).exists():
        stray = root / "diagnosis.yml"
        if stray.is_file():
            found.add(stray.name, WHOLE_FILE, f"fichier ignoré : l'extension doit être .yaml ({DIAGNOSIS_FILE})")
        return
    data = _read_yaml(root, DIAGNOSIS_FILE, found)
    if data is _UNREADABLE:
        return
    if data is None:  # an empty file: the schema names what is missing
        data = {}
    if not isinstance(data, Mapping):
        found.add(DIAGNOSIS_FILE, WHOLE_FILE, "le fichier doit contenir deux parties : « families: » et « questions: »")
        return
    found.diagnosis_raw = data
    try:
        found.diagnosis = DiagnosisSchema().load(data)
    except ValidationError as error:
        found.problems.extend(_schema_problems(DIAGNOSIS_FILE, error.messages))


def _load_block(root: Path, found: Inspection) -> None:
    """mission_locale.yaml is optional; its values become the pack's placeholders."""
    if not (root / MISSION_LOCALE_FILE).exists():
        return
    found.placeholders, found.placeholders_broken = {}, True  # until it is known to be good
    data = _read_yaml(root, MISSION_LOCALE_FILE, found)
    if data is _UNREADABLE:
        return
    if not isinstance(data, Mapping):
        found.add(MISSION_LOCALE_FILE, WHOLE_FILE, "le fichier doit contenir des lignes « clé: valeur »")
        return
    found.mission_locale_raw = data
    try:
        block = MissionLocaleSchema().load(data)
    except ValidationError as error:
        found.problems.extend(_schema_problems(MISSION_LOCALE_FILE, error.messages))
        return
    found.placeholders, found.placeholders_broken = placeholder_values(block), False
    found.mission_locale = resolve(block, MISSION_LOCALE_FILE, found)


def _quest_file_names(root: Path, found: Inspection) -> list[str]:
    folder = root / QUESTS_DIR
    if not folder.is_dir():
        found.add(f"{QUESTS_DIR}/", WHOLE_FILE, "dossier des quêtes manquant")
        found.quests_complete = False
        return []
    for stray in sorted(folder.glob("*.yml")):
        found.add(f"{QUESTS_DIR}/{stray.name}", WHOLE_FILE, "fichier ignoré : l'extension doit être .yaml")
        found.quests_complete = False  # its quests may be the ones other files wait on
    names = sorted(f"{QUESTS_DIR}/{p.name}" for p in folder.glob("*.yaml") if p.is_file())
    if not names:
        found.add(f"{QUESTS_DIR}/", WHOLE_FILE, "aucun fichier de quêtes (.yaml)")
        found.quests_complete = False  # every offer would be reported as never unlocked
    return names


def inspect_pack(root: Path) -> Inspection:
    found = Inspection()
    if not root.is_dir():
        found.add(".", WHOLE_FILE, f"dossier de pack introuvable : {root}")
        return found
    _load_block(root, found)
    _load_pack_file(root, found)
    schemas: dict[str, Schema] = {
        CHARACTERS_FILE: CharacterSchema(),
        OFFERS_FILE: OfferSchema(),
        SKILLS_FILE: SkillSchema(),
        PLACES_FILE: PlaceSchema(),
    }
    for name, schema in schemas.items():
        found.lists[name] = _load_list(root, name, schema, found)
    _load_diagnosis(root, found)
    if (root / GLOSSARY_FILE).exists():
        found.glossary = _load_list(root, GLOSSARY_FILE, GlossaryEntrySchema(), found)
    quest_schema = QuestSchema()
    for name in _quest_file_names(root, found):
        quest_file = _load_list(root, name, quest_schema, found)
        if quest_file is None:
            found.quests_complete = False
        else:
            found.quest_files.append(quest_file)
    CrossCheck(found).run()
    check_rounds(root, found, _load_list)
    check_finale(root, found, _read_yaml)
    check_place_quests(found)
    LocalCheck(found).run()
    check_fairness(found)
    check_variants(found)
    _sort_for_reading(found.problems)
    return found


def _sort_for_reading(problems: list[Problem]) -> None:
    """Order problems the way an author walks through a pack: file by file, top down.

    Shape and cross-reference problems are found in separate passes; sorting by file
    then by entry index merges them. The sort is stable, so problems about the same
    entry keep the order in which they were found.
    """
    names = [MISSION_LOCALE_FILE, PACK_FILE, CHARACTERS_FILE, OFFERS_FILE, SKILLS_FILE, PLACES_FILE, DIAGNOSIS_FILE]
    names += sorted({p.file for p in problems if p.file not in names})
    order = {name: index for index, name in enumerate(names)}

    def key(problem: Problem) -> tuple[int, int, int]:
        if problem.file == DIAGNOSIS_FILE and (part := _DIAGNOSIS_ENTRY.match(problem.path)):
            return order[problem.file], 0 if part.group(1) == "families" else 1, int(part.group(2))
        entry = _LEADING_INDEX.match(problem.path)
        return order[problem.file], 0, int(entry.group(1)) if entry else -1

    problems.sort(key=key)
