"""What the loader finds in a pack: the problems an author must fix, and the files read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


@dataclass
class ListFile:
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
class Inspection:
    """Everything learnt about a pack in one pass: problems, and data to build from."""

    problems: list[Problem] = field(default_factory=list)
    pack: dict[str, Any] | None = None
    lists: dict[str, ListFile | None] = field(default_factory=dict)
    quest_files: list[ListFile] = field(default_factory=list)
    #: False when some quests could not be read: references to quests are then
    #: unknowable, and so is whether every offer gets unlocked.
    quests_complete: bool = True
    #: diagnosis.yaml as written (None when the pack has none or it could not be read),
    #: and its schema's output when it is valid.
    diagnosis_raw: Mapping[str, Any] | None = None
    diagnosis: dict[str, Any] | None = None
    #: mission_locale.yaml's placeholders ({"ml.name": …}); None when the pack has none,
    #: and ``placeholders_broken`` when the file is there but could not be used
    placeholders: dict[str, str] | None = None
    placeholders_broken: bool = False
    mission_locale: dict[str, Any] | None = None
    mission_locale_raw: Mapping[str, Any] | None = None
    glossary: ListFile | None = None
    #: rounds.yaml (optional: the live « situation → offre » rounds), see ``content.loader.rounds``
    rounds: ListFile | None = None
    #: finale.yaml (optional: the group's « Cœur d'Avenir »), see ``content.loader.finale``
    finale_raw: Mapping[str, Any] | None = None
    finale: dict[str, Any] | None = None
    #: what an author should improve but that does not stop the pack (readability, old dates)
    warnings: list[Problem] = field(default_factory=list)

    def add(self, file: str, path: str, reason: str) -> None:
        self.problems.append(Problem(file, path or WHOLE_FILE, reason))

    def warn(self, file: str, path: str, reason: str) -> None:
        self.warnings.append(Problem(file, path or WHOLE_FILE, reason))
