"""The content catalogue: what a validated content pack becomes in memory.

These are plain frozen dataclasses so that the pure game rules can take them as
arguments without depending on the loader, YAML or marshmallow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

DAYS_IN_SESSION = 10


class QuestKind(StrEnum):
    RIDDLE = "riddle"
    QUIZ = "quiz"
    DIALOGUE = "dialogue"
    CODE_LOCK = "code_lock"
    FREE_TEXT = "free_text"
    PHOTO = "photo"
    APPOINTMENT = "appointment"
    PLACE = "place"


# How each kind is played (answered, reviewed, at a place…): game/rules/kinds.py.


@dataclass(frozen=True)
class Offer:
    id: str
    title: str
    category: str
    summary: str
    brings: str
    contact: str
    how: str


@dataclass(frozen=True)
class Character:
    id: str
    name: str
    role: str
    description: str


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    category: str  # "savoir-être" or "savoir-faire"
    description: str
    criteria: str | None = None  # a skill with criteria is an Open Badge
    valid_days: int | None = None  # the badge expires after this many days (None: never)
    min_evidence: int = 2  # game evidence before the badge is suggested to the facilitator
    color: str | None = None

    @property
    def is_badge(self) -> bool:
        return self.criteria is not None


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    latitude: float
    longitude: float
    radius_m: float
    description: str
    address: str = ""  # plain words to find it ("place du Théâtre, devant les marches")


@dataclass(frozen=True)
class Route:
    """A day's urban game, played by the teams on their own (usually the weekend)."""

    title: str
    ordered: bool  # stops one after the other, or in any order
    stops: tuple[str, ...]  # ids of place quests of that day


@dataclass(frozen=True)
class Day:
    number: int
    title: str
    intro: str
    autonomous: bool  # weekend urban-game day, played without a facilitator
    route: Route | None = None
    reflection: tuple[str, ...] = ()  # end-of-day questions (analyse the experience)


@dataclass(frozen=True)
class Hint:
    text: str
    cost: int


@dataclass(frozen=True)
class QuizQuestion:
    question: str
    choices: tuple[str, ...]
    correct: int


@dataclass(frozen=True)
class DialogueLine:
    speaker: str  # character id
    text: str


@dataclass(frozen=True)
class DialogueChoice:
    text: str
    correct: bool
    reply: str


@dataclass(frozen=True)
class Quest:
    id: str
    day: int
    kind: QuestKind
    title: str
    story: str
    character: str | None
    prerequisites: tuple[str, ...]
    reward: int
    offers: tuple[str, ...]
    skills: tuple[str, ...]
    hints: tuple[Hint, ...]
    max_attempts: int | None
    duration_minutes: int
    success: str  # message shown when solved
    # kind-specific payloads (only the one matching ``kind`` is set)
    question: str = ""  # riddle question, code-lock / review / appointment / place prompt
    answers: tuple[str, ...] = ()  # riddle accepted answers
    quiz: tuple[QuizQuestion, ...] = ()
    lines: tuple[DialogueLine, ...] = ()
    choices: tuple[DialogueChoice, ...] = ()
    pieces: tuple[str, ...] = ()  # code lock pieces, in order
    separator: str = ""  # code lock: "" for digits, " " for words
    place: str | None = None
    team_min: int = 1  # place: teammates who must check in together…
    window_minutes: int = 20  # …within this many minutes
    hot_cold: bool = False  # place: tell "warmer / colder" on a failed check-in


@dataclass(frozen=True)
class Catalog:
    name: str
    title: str
    organisation: str  # the Mission Locale running the pack
    town: str
    description: str
    company: str  # the company of 2050 the players are hired by
    days: tuple[Day, ...]
    characters: tuple[Character, ...]
    offers: tuple[Offer, ...]
    skills: tuple[Skill, ...]
    places: tuple[Place, ...]
    quests: tuple[Quest, ...]
    diagnosis: Diagnosis | None = None  # optional self-diagnosis (diagnosis.yaml)
    _quest_index: dict[str, Quest] = field(default_factory=dict, compare=False, repr=False)
    _place_index: dict[str, Place] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._quest_index.update({q.id: q for q in self.quests})
        self._place_index.update({p.id: p for p in self.places})

    def quest(self, quest_id: str) -> Quest | None:
        return self._quest_index.get(quest_id)

    def offer(self, offer_id: str) -> Offer | None:
        return next((o for o in self.offers if o.id == offer_id), None)

    def character(self, character_id: str | None) -> Character | None:
        return next((c for c in self.characters if c.id == character_id), None)

    def day(self, number: int) -> Day | None:
        return next((d for d in self.days if d.number == number), None)

    def place(self, place_id: str | None) -> Place | None:
        return self._place_index.get(place_id) if place_id else None

    def route_of(self, quest_id: str) -> Route | None:
        quest = self.quest(quest_id)
        day = self.day(quest.day) if quest else None
        return day.route if day and day.route and quest_id in day.route.stops else None

    def quests_of_day(self, number: int) -> tuple[Quest, ...]:
        return tuple(q for q in self.quests if q.day == number)


# ---------------------------------------------------------------------------
# Self-diagnosis (in the spirit of L'INSTANT T): a few playful questions, grouped in
# families of needs, taken on day 1 and again on day 10.

#: How much need a diagnosis answer can express: 0 (none) to 3 (a lot).
MAX_NEED = 3


@dataclass(frozen=True)
class DiagnosisChoice:
    text: str
    need: int  # 0..MAX_NEED


@dataclass(frozen=True)
class DiagnosisQuestion:
    id: str
    family: str  # family id
    text: str
    choices: tuple[DiagnosisChoice, ...]

    @property
    def max_need(self) -> int:
        """The most need one answer to this question can express (at least 1)."""
        return max(choice.need for choice in self.choices)


@dataclass(frozen=True)
class DiagnosisFamily:
    """A family of needs (emploi, logement…) and the offers that serve it, the most
    fitting first."""

    id: str
    name: str
    offers: tuple[str, ...]


@dataclass(frozen=True)
class Diagnosis:
    families: tuple[DiagnosisFamily, ...]
    questions: tuple[DiagnosisQuestion, ...]  # in the order they are asked

    def family(self, family_id: str) -> DiagnosisFamily | None:
        return next((f for f in self.families if f.id == family_id), None)

    def question(self, question_id: str) -> DiagnosisQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def questions_of(self, family_id: str) -> tuple[DiagnosisQuestion, ...]:
        return tuple(q for q in self.questions if q.family == family_id)
