"""The content catalogue: what a validated content pack becomes in memory.

These are plain frozen dataclasses so that the pure game rules can take them as
arguments without depending on the loader, YAML or marshmallow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

DAYS_IN_SESSION = 10


class QuestKind(StrEnum):
    RIDDLE = "riddle"
    QUIZ = "quiz"
    DIALOGUE = "dialogue"
    CODE_LOCK = "code_lock"
    CLUE_LOCK = "clue_lock"
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
    contact: str  # whom to ask (the Mission Locale block's contact for this offer, when it has one)
    how: str
    verified_on: date | None = None  # the day its facts were checked against its sources
    sources: tuple[str, ...] = ()  # official pages the facts come from


@dataclass(frozen=True)
class Character:
    id: str
    name: str
    role: str
    description: str


#: What the game records of a young person, as evidence for a skill: a quest they
#: finished, their own code-lock piece, their own check-in at a place, their answer a
#: facilitator approved, a facilitator's observation, their own end-of-day reflection.
EVIDENCE_KINDS: tuple[str, ...] = ("solved", "piece", "place", "approved", "observed", "reflection", "round")

#: RECTEC levels (the framework used with Open Badges in France), 1 to 4.
LEVELS: Mapping[int, str] = {
    1: "Niveau 1 : agit en situation guidée",
    2: "Niveau 2 : agit seul dans une situation simple",
    3: "Niveau 3 : agit seul dans une situation complexe",
    4: "Niveau 4 : transfère à des situations nouvelles et aide les autres",
}


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
    level: int | None = None  # 1..4 (RECTEC levels), given for every badge
    evidence: tuple[str, ...] = EVIDENCE_KINDS  # the kinds of evidence that count for the badge

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
class DocumentRow:
    label: str
    value: str


@dataclass(frozen=True)
class Document:
    """A clue lock's card (a payslip, a contract, a memo…): each phone shows its own."""

    title: str
    style: str  # how it looks: payslip, contract, ad, letter, memo, table
    text: str = ""
    rows: tuple[DocumentRow, ...] = ()  # numbered from 1 on the phone


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
    alternative: Alternative | None = None  # place: the in-town alternative a facilitator may switch on
    documents: tuple[Document, ...] = ()  # clue lock: the cards, spread over the phones
    code: str = ""  # clue lock: what the team types, found by combining the documents
    #: values for ``{{v.key}}`` in the quest's texts; each session draws one
    #: (game/rules/quest_variants.py): the catalogue keeps the texts as written
    variants: tuple[Mapping[str, str], ...] = ()


@dataclass(frozen=True)
class Alternative:
    """A weekend place quest's in-town alternative (minors without consent, mobility,
    weather): another place of the pack, its own clue, its own gathering rule."""

    place: str
    question: str
    team_min: int = 1
    window_minutes: int = 20


@dataclass(frozen=True)
class Fragment:
    """One fragment of the finale's Cœur, earned by a team on its day."""

    day: int
    text: str  # a word or a short clue
    eclats: int  # the éclats the team must win on that day's missions to earn it
    places: int = 0  # …and how many of that day's place missions it must have won


@dataclass(frozen=True)
class Finale:
    """The group's final puzzle (``finale.yaml``), solved by everybody together on the last day."""

    id: str  # the id its TeamQuest rows and ledger credits carry (never a quest's)
    title: str
    story: str
    fragments: tuple[Fragment, ...]  # one per day, in day order
    question: str
    answers: tuple[str, ...]
    hints: tuple[str, ...]
    reward: int
    success: str


@dataclass(frozen=True)
class Address:
    label: str
    street: str
    hours: str


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    what: str  # what they do for young people
    contact: str


@dataclass(frozen=True)
class MissionLocale:
    """The pack's local block (``mission_locale.yaml``): what makes a pack one Mission
    Locale's. Texts use it through placeholders (``{{ml.name}}``…), replaced at load."""

    name: str
    town: str
    region: str
    phone: str
    website: str
    email: str
    welcome: str  # how to come: with or without an appointment
    addresses: tuple[Address, ...]
    contacts: Mapping[str, str]  # offer id -> whom to ask
    partners: tuple[Partner, ...]


@dataclass(frozen=True)
class GlossaryEntry:
    term: str  # as written in texts (an acronym or a hard word)
    meaning: str  # in plain words


@dataclass(frozen=True)
class Helpline:
    """A national number that helps now (content/helplines.yaml), shown with an urgent
    answer of the self-diagnosis."""

    id: str
    name: str
    number: str
    when: str  # when to call, in plain words
    hours: str
    free: bool


@dataclass(frozen=True)
class LiveRoundSpec:
    """A « situation → offre » round the facilitator projects (rounds.yaml): everyone
    answers on their own phone; ``choices`` and ``answer`` are offer ids of the pack."""

    id: str
    day: int
    situation: str
    choices: tuple[str, ...]
    answer: str
    explanation: str
    skills: tuple[str, ...] = ()
    points: int = 5

    @property
    def answer_index(self) -> int:
        return self.choices.index(self.answer)


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
    mission_locale: MissionLocale | None = None  # optional local block (mission_locale.yaml)
    glossary: tuple[GlossaryEntry, ...] = ()
    helplines: tuple[Helpline, ...] = ()  # the national list, the same for every pack
    finale: Finale | None = None  # optional group finale (finale.yaml)
    rounds: tuple[LiveRoundSpec, ...] = ()  # optional live rounds (rounds.yaml)
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

    def helpline(self, helpline_id: str) -> Helpline | None:
        return next((h for h in self.helplines if h.id == helpline_id), None)


# ---------------------------------------------------------------------------
# Self-diagnosis (in the spirit of L'INSTANT T): a few playful questions, grouped in
# families of needs, taken on day 1 and again on day 10.

#: How much need a diagnosis answer can express: 0 (none) to 3 (a lot).
MAX_NEED = 3


@dataclass(frozen=True)
class DiagnosisChoice:
    text: str
    need: int  # 0..MAX_NEED
    urgent: tuple[str, ...] = ()  # helpline ids: this answer shows them at once and alerts the staff

    @property
    def is_urgent(self) -> bool:
        return bool(self.urgent)


@dataclass(frozen=True)
class DiagnosisQuestion:
    id: str
    family: str  # family id
    text: str
    choices: tuple[DiagnosisChoice, ...]
    follow_up: bool = False  # asked only when the family's first question showed a need

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
