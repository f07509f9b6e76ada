"""Read a content pack folder, report every problem in it, build the ``Catalog``.

Pack authors fix packs by hand, often without a developer nearby, so a check lists
*every* problem at once as ``file: path: reason`` instead of stopping at the first.
To get there the checks are layered:

1. each file is read and parsed on its own (missing file, not UTF-8, YAML syntax);
2. its shape is checked by ``content.schema`` (one problem per bad field);
3. the cross-reference checks then run on the raw YAML of every file that parsed,
   even when some of its entries have shape errors, so that an unknown offer and a
   misspelt field show up in the same run.

A cross-reference check against a kind (e.g. "is this offer id known?") is skipped
when one of that kind's files could not be read at all: otherwise every reference to
it would be reported too, burying the one real problem under dozens of echoes.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from marshmallow import Schema, ValidationError

from content.catalog import (
    DAYS_IN_SESSION,
    Catalog,
    Character,
    Day,
    Diagnosis,
    DiagnosisChoice,
    DiagnosisFamily,
    DiagnosisQuestion,
    DialogueChoice,
    DialogueLine,
    Hint,
    Offer,
    Place,
    Quest,
    QuestKind,
    QuizQuestion,
    Route,
    Skill,
)
from content.schema import (
    ID_PATTERN,
    CharacterSchema,
    DiagnosisSchema,
    OfferSchema,
    PackSchema,
    PlaceSchema,
    QuestSchema,
    SkillSchema,
    is_identifier,
)

PACKS_DIR = Path(__file__).parent / "packs"


def packs_dir() -> Path:
    """Where packs are looked for: the shipped ones, or ``ECLATS_PACKS_DIR`` when a
    Mission Locale keeps its own packs outside the installation."""
    override = os.environ.get("ECLATS_PACKS_DIR")
    return Path(override) if override else PACKS_DIR


PACK_FILE = "pack.yaml"
CHARACTERS_FILE = "characters.yaml"
OFFERS_FILE = "offers.yaml"
SKILLS_FILE = "skills.yaml"
PLACES_FILE = "places.yaml"
QUESTS_DIR = "quests"
#: Optional: a pack without it has no self-diagnosis.
DIAGNOSIS_FILE = "diagnosis.yaml"

#: Path shown when a problem is about a whole file rather than a place inside it.
WHOLE_FILE = "(fichier)"

_SCHEMA_KEY = "_schema"
_LEADING_INDEX = re.compile(r"\[(\d+)\]")
_DIAGNOSIS_ENTRY = re.compile(r"(families|questions)\[(\d+)\]")


@dataclass(frozen=True)
class Problem:
    """One thing a pack author must fix.

    ``file`` is relative to the pack folder (``quests/day03.yaml``) and ``path`` points
    inside the file (``[4].hints[0].cost``), so the author can go straight to it.
    """

    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.reason}"


class PackError(Exception):
    """A pack that cannot be loaded, with every problem found in it."""

    def __init__(self, pack: Path, problems: list[Problem]) -> None:
        self.pack = pack
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


# ---------------------------------------------------------------------------
# Reading files


class _Unreadable:
    """Marks a file that could not be parsed at all (missing, not UTF-8, bad YAML)."""


_UNREADABLE = _Unreadable()


@dataclass
class _ListFile:
    """A YAML file holding a list of entries (characters, offers, quests…).

    ``raw`` is what YAML produced, kept for the cross-reference checks so that
    indices in messages always match the file; ``loaded`` is the schema's output,
    complete only when ``valid``.
    """

    name: str
    raw: list[Any]
    loaded: list[dict[str, Any]]
    valid: bool


@dataclass
class _Inspection:
    """Everything learnt about a pack in one pass: problems, and data to build from."""

    problems: list[Problem] = field(default_factory=list)
    pack: dict[str, Any] | None = None
    lists: dict[str, _ListFile | None] = field(default_factory=dict)
    quest_files: list[_ListFile] = field(default_factory=list)
    #: False when some quests could not be read: references to quests are then
    #: unknowable, and so is whether every offer gets unlocked.
    quests_complete: bool = True
    #: diagnosis.yaml as written (None when the pack has none or it could not be read),
    #: and its schema's output when it is valid.
    diagnosis_raw: Mapping[str, Any] | None = None
    diagnosis: dict[str, Any] | None = None

    def add(self, file: str, path: str, reason: str) -> None:
        self.problems.append(Problem(file, path or WHOLE_FILE, reason))


# libyaml's safe loader when the wheel has it (about ten times faster: every server start
# and every test app loads all packs); the same safe constructor either way
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(root: Path, name: str, found: _Inspection) -> Any:
    """Parse one file with ``yaml.safe_load``; a pack is data and must never run code."""
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


def _load_list(root: Path, name: str, schema: Schema, found: _Inspection) -> _ListFile | None:
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
        return _ListFile(name, data, [], valid=False)
    return _ListFile(name, data, list(loaded), valid=True)


def _load_pack_file(root: Path, found: _Inspection) -> None:
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


def _load_diagnosis(root: Path, found: _Inspection) -> None:
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


def _quest_file_names(root: Path, found: _Inspection) -> list[str]:
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


def _inspect(root: Path) -> _Inspection:
    found = _Inspection()
    if not root.is_dir():
        found.add(".", WHOLE_FILE, f"dossier de pack introuvable : {root}")
        return found
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
    quest_schema = QuestSchema()
    for name in _quest_file_names(root, found):
        quest_file = _load_list(root, name, quest_schema, found)
        if quest_file is None:
            found.quests_complete = False
        else:
            found.quest_files.append(quest_file)
    _CrossCheck(found).run()
    _sort_for_reading(found.problems)
    return found


def _sort_for_reading(problems: list[Problem]) -> None:
    """Order problems the way an author walks through a pack: file by file, top down.

    Shape and cross-reference problems are found in separate passes; sorting by file
    then by entry index merges them. The sort is stable, so problems about the same
    entry keep the order in which they were found.
    """
    names = [PACK_FILE, CHARACTERS_FILE, OFFERS_FILE, SKILLS_FILE, PLACES_FILE, DIAGNOSIS_FILE]
    names += sorted({p.file for p in problems if p.file not in names})
    order = {name: index for index, name in enumerate(names)}

    def key(problem: Problem) -> tuple[int, int, int]:
        if problem.file == DIAGNOSIS_FILE and (part := _DIAGNOSIS_ENTRY.match(problem.path)):
            return order[problem.file], 0 if part.group(1) == "families" else 1, int(part.group(2))
        entry = _LEADING_INDEX.match(problem.path)
        return order[problem.file], 0, int(entry.group(1)) if entry else -1

    problems.sort(key=key)


# ---------------------------------------------------------------------------
# Cross-reference checks


@dataclass
class _QuestEntry:
    """A quest as written, with where it was written (for messages)."""

    file: str
    index: int
    raw: Mapping[str, Any]

    @property
    def id(self) -> str | None:
        value = self.raw.get("id")
        return value if is_identifier(value) else None

    @property
    def day(self) -> int | None:
        """The day if it is a valid one; a bad day is reported by the schema already."""
        value = self.raw.get("day")
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        return value if 1 <= value <= DAYS_IN_SESSION else None

    @property
    def key(self) -> tuple[str, int]:
        """Where the entry is written: unique even when ids are duplicated or malformed."""
        return self.file, self.index

    def refs(self, key: str) -> list[tuple[int, str]]:
        """Well-formed ids in the list ``key``, with their index in the file."""
        values = self.raw.get(key)
        if not isinstance(values, list):
            return []
        return [(i, v) for i, v in enumerate(values) if is_identifier(v)]

    def at(self, path: str) -> str:
        return f"[{self.index}]{path}"


def _raw_items(values: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The mappings of a raw YAML list, with their index (anything else is skipped:
    the schema already reported it)."""
    for index, entry in enumerate(values if isinstance(values, list) else []):
        if isinstance(entry, Mapping):
            yield index, entry


def _raw_entries(list_file: _ListFile | None) -> Iterator[tuple[int, Mapping[str, Any]]]:
    if list_file is None:
        return
    for index, entry in enumerate(list_file.raw):
        if isinstance(entry, Mapping):
            yield index, entry


_KIND_WORDS = {
    CHARACTERS_FILE: "aucun personnage de ce nom dans characters.yaml",
    OFFERS_FILE: "aucune offre de ce nom dans offers.yaml",
    SKILLS_FILE: "aucune compétence de ce nom dans skills.yaml",
    PLACES_FILE: "aucun lieu de ce nom dans places.yaml",
    QUESTS_DIR: "aucune quête de ce nom",
    DIAGNOSIS_FILE: "aucune famille de ce nom dans les « families » de diagnosis.yaml",
}


class _CrossCheck:
    """Checks that need several files: ids, duplicates, cycles, reachability, offers."""

    def __init__(self, found: _Inspection) -> None:
        self.found = found
        self.entries = [
            _QuestEntry(quest_file.name, index, raw)
            for quest_file in found.quest_files
            for index, raw in _raw_entries(quest_file)
        ]
        #: First definition of each quest id; later ones are reported as duplicates.
        self.quests: dict[str, _QuestEntry] = {}
        #: Known ids per list file, or None when that file could not be read.
        self.known: dict[str, set[str] | None] = {}

    def run(self) -> None:
        for name, list_file in self.found.lists.items():
            self.known[name] = None if list_file is None else self._unique_ids(list_file)
        self._unique_quest_ids()
        self.known[QUESTS_DIR] = set(self.quests) if self.found.quests_complete else None
        self._known_references()
        self._routes()
        self._offers_unlocked(self._reachability())
        self._diagnosis()

    def _diagnosis(self) -> None:
        """Families and questions have unique ids, families name known offers, each
        question belongs to a known family, and each family has questions (a family
        without any could never be scored)."""
        raw = self.found.diagnosis_raw
        if raw is None:
            return
        families = list(_raw_items(raw.get("families")))
        questions = list(_raw_items(raw.get("questions")))
        family_ids = self._unique_in(families, "families", "famille")
        self._unique_in(questions, "questions", "question")
        for index, family in families:
            offers = family.get("offers")
            for i, offer in enumerate(offers if isinstance(offers, list) else []):
                if is_identifier(offer):
                    self._unknown(DIAGNOSIS_FILE, f"families[{index}].offers[{i}]", offer, OFFERS_FILE)
        self.known[DIAGNOSIS_FILE] = set(family_ids)
        asked: set[str] = set()
        for index, question in questions:
            family_id = question.get("family")
            if is_identifier(family_id):
                asked.add(family_id)
                self._unknown(DIAGNOSIS_FILE, f"questions[{index}].family", family_id, DIAGNOSIS_FILE)
        for family_id, index in family_ids.items():
            if family_id not in asked:
                self.found.add(
                    DIAGNOSIS_FILE,
                    f"families[{index}].id",
                    f"famille sans question : « {family_id} » (ajouter au moins une question avec family: {family_id})",
                )

    def _unique_in(self, entries: list[tuple[int, Mapping[str, Any]]], section: str, what: str) -> dict[str, int]:
        """First index of each well-formed id of a diagnosis section; repeats reported."""
        first: dict[str, int] = {}
        for index, entry in entries:
            value = entry.get("id")
            if not is_identifier(value):
                continue
            if value in first:
                self.found.add(
                    DIAGNOSIS_FILE,
                    f"{section}[{index}].id",
                    f"identifiant de {what} en double : « {value} » (déjà utilisé en {section}[{first[value]}])",
                )
            else:
                first[value] = index
        return first

    def _routes(self) -> None:
        """A route's stops are place quests of its own day."""
        pack = self.found.pack
        if pack is None or not self.found.quests_complete:
            return
        for i, day in enumerate(pack.get("days") or []):
            route = day.get("route") if isinstance(day, Mapping) else None
            if not isinstance(route, Mapping):
                continue
            for j, stop in enumerate(route.get("stops") or []):
                where = f"days[{i}].route.stops[{j}]"
                entry = self.quests.get(stop)
                if entry is None:
                    self.found.add(PACK_FILE, where, f"identifiant inconnu : « {stop} » ({_KIND_WORDS[QUESTS_DIR]})")
                elif entry.raw.get("kind") != QuestKind.PLACE.value:
                    self.found.add(PACK_FILE, where, f"l'étape « {stop} » doit être une quête de type « place »")
                elif entry.day != day.get("number"):
                    self.found.add(
                        PACK_FILE, where, f"l'étape « {stop} » est au jour {entry.day}, pas au jour {day.get('number')}"
                    )

    def _unique_ids(self, list_file: _ListFile) -> set[str]:
        first: dict[str, int] = {}
        for index, raw in _raw_entries(list_file):
            value = raw.get("id")
            if not is_identifier(value):
                continue
            if value in first:
                self.found.add(
                    list_file.name,
                    f"[{index}].id",
                    f"identifiant en double : « {value} » (déjà utilisé en [{first[value]}])",
                )
            else:
                first[value] = index
        return set(first)

    def _unique_quest_ids(self) -> None:
        for entry in self.entries:
            quest_id = entry.id
            if quest_id is None:
                continue
            previous = self.quests.get(quest_id)
            if previous is None:
                self.quests[quest_id] = entry
                continue
            self.found.add(
                entry.file,
                entry.at(".id"),
                f"identifiant de quête en double : « {quest_id} » "
                f"(déjà utilisé dans {previous.file}, [{previous.index}])",
            )

    def _unknown(self, file: str, path: str, value: str, kind: str) -> None:
        if (known := self.known.get(kind)) is not None and value not in known:
            self.found.add(file, path, f"identifiant inconnu : « {value} » ({_KIND_WORDS[kind]})")

    def _known_references(self) -> None:
        for entry in self.entries:
            for key in ("character", "place"):
                value = entry.raw.get(key)
                if is_identifier(value):
                    kind = CHARACTERS_FILE if key == "character" else PLACES_FILE
                    self._unknown(entry.file, entry.at(f".{key}"), value, kind)
            for key, kind in (
                ("prerequisites", QUESTS_DIR),
                ("offers", OFFERS_FILE),
                ("skills", SKILLS_FILE),
            ):
                for i, value in entry.refs(key):
                    self._unknown(entry.file, entry.at(f".{key}[{i}]"), value, kind)
            lines = entry.raw.get("lines")
            for i, line in enumerate(lines if isinstance(lines, list) else []):
                speaker = line.get("speaker") if isinstance(line, Mapping) else None
                if is_identifier(speaker):
                    path = entry.at(f".lines[{i}].speaker")
                    self._unknown(entry.file, path, speaker, CHARACTERS_FILE)

    def _reachability(self) -> list[_QuestEntry]:
        """Report cycles and quests that can never be played; return the playable ones.

        A quest is reachable when each prerequisite is known, reachable, and on the
        same day or an earlier one (a quest stays playable once its day is open, but
        a later prerequisite means the author mixed up the days). An unknown
        prerequisite was already reported; it only makes its quest unreachable.

        Judged per entry rather than per id, so that a duplicated or malformed id
        does not also hide the offers its quest unlocks.
        """
        stuck = {self.quests[quest_id].key for quest_id in self._cycles()}
        verdicts: dict[tuple[str, int], bool] = {key: False for key in stuck}

        def reachable(entry: _QuestEntry) -> bool:
            if (verdict := verdicts.get(entry.key)) is not None:
                return verdict
            verdicts[entry.key] = False  # cycles are already settled; this is a guard
            verdict = True
            for i, prerequisite in entry.refs("prerequisites"):
                before = self.quests.get(prerequisite)
                if before is None:
                    verdict = False  # reported as unknown, or its file is unreadable
                    continue
                where = entry.at(f".prerequisites[{i}]")
                if not reachable(before):
                    verdict = False
                    self.found.add(
                        entry.file,
                        where,
                        f"quête inatteignable : son prérequis « {prerequisite} » ne peut jamais être terminé",
                    )
                elif before.day is not None and entry.day is not None and before.day > entry.day:
                    verdict = False
                    self.found.add(
                        entry.file,
                        where,
                        f"quête inatteignable : son prérequis « {prerequisite} » est au jour "
                        f"{before.day}, après cette quête (jour {entry.day})",
                    )
            verdicts[entry.key] = verdict
            return verdict

        return [entry for entry in self.entries if reachable(entry)]

    def _cycles(self) -> set[str]:
        """Report one cycle per group of quests that wait on each other.

        Tarjan's strongly connected components: every quest in a component of two or
        more (or waiting on itself) is stuck forever, and one example cycle per
        component is enough for the author to see what to cut.
        """
        graph = {
            quest_id: [p for _, p in entry.refs("prerequisites") if p in self.quests]
            for quest_id, entry in self.quests.items()
        }
        stuck: set[str] = set()
        for component in _strongly_connected(graph):
            start = component[0]
            if len(component) == 1 and start not in graph[start]:
                continue
            members = set(component)
            stuck |= members
            cycle = _find_cycle(graph, start, members)
            entry = self.quests[cycle[-2]]
            index = next(i for i, p in entry.refs("prerequisites") if p == cycle[-1])
            self.found.add(
                entry.file,
                entry.at(f".prerequisites[{index}]"),
                "cycle de prérequis : " + " → ".join(cycle),
            )
        return stuck

    def _offers_unlocked(self, playable: list[_QuestEntry]) -> None:
        offers_file = self.found.lists.get(OFFERS_FILE)
        if offers_file is None or not self.found.quests_complete:
            return
        unlocked = {offer for entry in playable for _, offer in entry.refs("offers")}
        for index, raw in _raw_entries(offers_file):
            offer_id = raw.get("id")
            if is_identifier(offer_id) and offer_id not in unlocked:
                self.found.add(
                    OFFERS_FILE,
                    f"[{index}].id",
                    f"offre « {offer_id} » jamais découverte : aucune quête atteignable ne la débloque",
                )


def _strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative so that a long chain of quests cannot overflow.

    Components come out with their members in discovery order, nodes are visited in
    the graph's (file) order, so messages are stable from one run to the next.
    """
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in graph:
        if root in index_of:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(graph[root]))]
        index_of[root] = low[root] = len(index_of)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index_of:
                    index_of[child] = low[child] = len(index_of)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index_of[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index_of[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component, key=index_of.__getitem__))
    return components


def _find_cycle(graph: dict[str, list[str]], start: str, members: set[str]) -> list[str]:
    """A path ``start → … → start`` inside one strongly connected component."""
    parents: dict[str, str] = {}
    queue = [start]
    for node in queue:  # breadth-first, so the cycle shown is a shortest one
        for child in graph[node]:
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(parents[path[-1]])
                return [*reversed(path), start]
            if child in members and child not in parents:
                parents[child] = node
                queue.append(child)
    raise AssertionError("a strongly connected component always holds a cycle")


# ---------------------------------------------------------------------------
# Public API


def check_pack(path: Path) -> list[Problem]:
    """Every problem of the pack at ``path``, empty when it is valid."""
    return _inspect(Path(path)).problems


def load_pack(path: Path) -> Catalog:
    """Build the catalogue of the pack at ``path``, or raise ``PackError``."""
    root = Path(path)
    found = _inspect(root)
    if found.problems:
        raise PackError(root, found.problems)
    return _build(root, found)


_local: list[Path] = []


def use_local_packs(folder: Path | None) -> None:
    """Where this installation keeps the packs its facilitators made (copies edited in
    the console, for their own town). They come before the shipped ones."""
    _local[:] = [Path(folder)] if folder else []
    load_named_pack.cache_clear()


def local_packs_dir() -> Path | None:
    return _local[0] if _local else None


def _check_name(name: str) -> None:
    if not isinstance(name, str) or ID_PATTERN.match(name) is None:
        raise ValueError(f"invalid pack name: {name!r}")


def is_local(name: str) -> bool:
    _check_name(name)
    local = local_packs_dir()
    return local is not None and (local / name / PACK_FILE).is_file()


def pack_path(name: str) -> Path:
    """Folder of the pack ``name``; names come from users, so nothing but an id passes."""
    _check_name(name)
    local = local_packs_dir()
    if local is not None and (local / name / PACK_FILE).is_file():
        return local / name
    return packs_dir() / name


def packs_in(root: Path | None) -> set[str]:
    if root is None or not root.is_dir():
        return set()
    return {
        folder.name for folder in root.iterdir() if ID_PATTERN.match(folder.name) and (folder / PACK_FILE).is_file()
    }


def available_packs() -> list[str]:
    """Names of the packs this server can play: shipped, and made here."""
    return sorted(packs_in(packs_dir()) | packs_in(local_packs_dir()))


@functools.lru_cache(maxsize=8)
def load_named_pack(name: str) -> Catalog:
    """Load a pack once: packs do not change while the server runs, except through
    ``content.editor``, which clears this cache after each change.

    Raises ``ValueError`` for a malformed name and ``PackError`` for a missing or
    invalid pack (failures are not cached, so a fixed pack loads on the next call).
    """
    return load_pack(pack_path(name))


# ---------------------------------------------------------------------------
# Building the catalogue (only ever from fully valid data)


def _build(root: Path, found: _Inspection) -> Catalog:
    assert found.pack is not None  # guaranteed by the absence of problems

    def loaded(name: str) -> list[dict[str, Any]]:
        list_file = found.lists[name]
        assert list_file is not None and list_file.valid
        return list_file.loaded

    pack = found.pack
    # an ordered route makes each stop wait for the one before it
    before = {
        stop: day["route"]["stops"][i - 1]
        for day in pack["days"]
        if day.get("route") and day["route"]["order"] == "ordered"
        for i, stop in enumerate(day["route"]["stops"])
        if i > 0
    }
    quests = [_quest(data, before.get(data["id"])) for quest_file in found.quest_files for data in quest_file.loaded]
    quests.sort(key=lambda quest: quest.day)  # stable: file order within a day
    return Catalog(
        name=root.absolute().name,
        title=pack["title"],
        organisation=pack["organisation"],
        town=pack["town"],
        description=pack["description"],
        company=pack["company"],
        days=tuple(sorted((_day(day) for day in pack["days"]), key=lambda day: day.number)),
        characters=tuple(Character(**data) for data in loaded(CHARACTERS_FILE)),
        offers=tuple(Offer(**data) for data in loaded(OFFERS_FILE)),
        skills=tuple(Skill(**data) for data in loaded(SKILLS_FILE)),
        places=tuple(Place(**data) for data in loaded(PLACES_FILE)),
        quests=tuple(quests),
        diagnosis=_diagnosis(found.diagnosis) if found.diagnosis is not None else None,
    )


def _diagnosis(data: dict[str, Any]) -> Diagnosis:
    return Diagnosis(
        families=tuple(DiagnosisFamily(f["id"], f["name"], tuple(f["offers"])) for f in data["families"]),
        questions=tuple(
            DiagnosisQuestion(
                id=q["id"],
                family=q["family"],
                text=q["text"],
                choices=tuple(DiagnosisChoice(c["text"], c["need"]) for c in q["choices"]),
            )
            for q in data["questions"]
        ),
    )


def _day(data: dict[str, Any]) -> Day:
    route = data.get("route")
    return Day(
        number=data["number"],
        title=data["title"],
        intro=data["intro"],
        autonomous=data["autonomous"],
        route=Route(route["title"], route["order"] == "ordered", tuple(route["stops"])) if route else None,
        reflection=tuple(data.get("reflection", ())),
    )


def _quest(data: dict[str, Any], previous_stop: str | None = None) -> Quest:
    prerequisites = tuple(data["prerequisites"])
    if previous_stop and previous_stop not in prerequisites:
        prerequisites += (previous_stop,)
    return Quest(
        id=data["id"],
        day=data["day"],
        kind=QuestKind(data["kind"]),
        title=data["title"],
        story=data["story"],
        character=data["character"],
        prerequisites=prerequisites,
        reward=data["reward"],
        offers=tuple(data["offers"]),
        skills=tuple(data["skills"]),
        hints=tuple(Hint(**hint) for hint in data["hints"]),
        max_attempts=data["max_attempts"],
        duration_minutes=data["duration_minutes"],
        success=data["success"],
        question=data.get("question", ""),
        answers=tuple(data.get("answers", ())),
        quiz=tuple(QuizQuestion(q["question"], tuple(q["choices"]), q["correct"]) for q in data.get("questions", ())),
        lines=tuple(DialogueLine(**line) for line in data.get("lines", ())),
        choices=tuple(DialogueChoice(**choice) for choice in data.get("choices", ())),
        pieces=tuple(data.get("pieces", ())),
        separator=data.get("separator", ""),
        place=data.get("place"),
        team_min=data.get("team_min", 1),
        window_minutes=data.get("window_minutes", 20),
        hot_cold=data.get("hot_cold", False),
    )
