"""Cross-reference checks: what needs several files of a pack at once (ids, duplicates,
prerequisite cycles, reachability within the days, routes, offers, the diagnosis)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from content.catalog import DAYS_IN_SESSION, QuestKind
from content.schema import is_identifier

from .problems import (
    CHARACTERS_FILE,
    DIAGNOSIS_FILE,
    OFFERS_FILE,
    PACK_FILE,
    PLACES_FILE,
    QUESTS_DIR,
    SKILLS_FILE,
    Inspection,
    ListFile,
)


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


def _raw_entries(list_file: ListFile | None) -> Iterator[tuple[int, Mapping[str, Any]]]:
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


class CrossCheck:
    """Checks that need several files: ids, duplicates, cycles, reachability, offers."""

    def __init__(self, found: Inspection) -> None:
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

    def _unique_ids(self, list_file: ListFile) -> set[str]:
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
