"""The quest kinds, in one place: for each kind, how an answer is read from what the
phone sent, how it is checked, what the player's view shows of the quest, and how the
rest of the game treats it (reviewed by a facilitator, played with code pieces, on a
place, by booking an appointment).

The rules, the services, the API and the reports ask this registry (``of(kind)``)
instead of testing ``quest.kind``. Adding a kind means: its value in
``content.catalog.QuestKind``, its fields in the content schema, one ``Kind`` entry in
``KINDS`` below, and its screen in ``static/player/quest.js`` (README, "Quest kinds").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from content.catalog import DialogueLine, Quest, QuestKind

from .errors import InvalidInput
from .text import matches, normalize_answer

# ---------------------------------------------------------------- answers


@dataclass(frozen=True)
class TextAnswer:
    text: str


@dataclass(frozen=True)
class QuizAnswer:
    choices: tuple[int, ...]


@dataclass(frozen=True)
class DialogueAnswer:
    choice: int


Answer = TextAnswer | QuizAnswer | DialogueAnswer
#: (correct, a character's reply or None)
Checked = tuple[bool, str | None]


def _missing(name: str) -> InvalidInput:
    return InvalidInput(name, f"Données invalides — « {name} » : champ obligatoire.")


def read_text(body: Mapping[str, Any]) -> Answer:
    if "answer" not in body:
        raise _missing("answer")
    return TextAnswer(body["answer"])


def read_quiz(body: Mapping[str, Any]) -> Answer:
    if "choices" not in body:
        raise _missing("choices")
    return QuizAnswer(tuple(body["choices"]))


def read_dialogue(body: Mapping[str, Any]) -> Answer:
    if "choice" not in body:
        raise _missing("choice")
    return DialogueAnswer(body["choice"])


def code_of(quest: Quest) -> str:
    """A lock's code: a clue lock's own ``code``; a code lock's pieces joined, so every
    piece holder must speak up."""
    if quest.kind is QuestKind.CLUE_LOCK:
        return quest.code
    return quest.separator.join(quest.pieces)


def _typed(answer: Answer) -> str:
    if not isinstance(answer, TextAnswer):
        raise InvalidInput("wrong_answer_type", "Il faut une réponse écrite.")
    if not normalize_answer(answer.text):
        raise InvalidInput("empty_answer", "Écris une réponse.")
    return answer.text


def check_riddle(quest: Quest, answer: Answer) -> Checked:
    return matches(_typed(answer), quest.answers), None


def check_code(quest: Quest, answer: Answer) -> Checked:
    return matches(_typed(answer), (code_of(quest),)), None


def wrong_questions(quest: Quest, answer: Answer) -> tuple[int, ...]:
    """A quiz answer's wrong questions, by their number on the phone (1-based, the
    pack's order: only the choices are shuffled per player). Never which choice is
    right: the team knows where to look again, not what to pick."""
    if not isinstance(answer, QuizAnswer):
        raise InvalidInput("wrong_answer_type", "Il faut choisir une réponse par question.")
    if len(answer.choices) != len(quest.quiz):
        raise InvalidInput("wrong_choice_count", f"Réponds aux {len(quest.quiz)} questions.")
    for number, (choice, question) in enumerate(zip(answer.choices, quest.quiz, strict=True), start=1):
        if not 0 <= choice < len(question.choices):
            raise InvalidInput("choice_out_of_range", f"Question {number} : ce choix n'existe pas.")
    return tuple(
        number
        for number, (choice, question) in enumerate(zip(answer.choices, quest.quiz, strict=True), start=1)
        if choice != question.correct
    )


def check_quiz(quest: Quest, answer: Answer) -> Checked:
    return not wrong_questions(quest, answer), None


def check_dialogue(quest: Quest, answer: Answer) -> Checked:
    if not isinstance(answer, DialogueAnswer):
        raise InvalidInput("wrong_answer_type", "Il faut choisir une réplique.")
    if not 0 <= answer.choice < len(quest.choices):
        raise InvalidInput("choice_out_of_range", "Cette réplique n'existe pas.")
    picked = quest.choices[answer.choice]
    return picked.correct, picked.reply


def check_reviewed(quest: Quest, answer: Answer) -> Checked:
    raise InvalidInput("needs_review", "Cette mission se valide par l'animateur : envoie ta réponse.")


def check_not_here(quest: Quest, answer: Answer) -> Checked:
    """A kind played by its own flow (a place, a booking), never by a typed answer."""
    raise InvalidInput("not_yet_playable", "Cette mission n'est pas encore jouable ici.")


# ---------------------------------------------------------------- what the phone shows


@dataclass(frozen=True)
class ShownQuestion:
    """A quiz question as a phone sees it: never which choice is right."""

    question: str
    choices: tuple[str, ...]
    #: the pack's index of each choice shown (a per-player order, see ``variants``);
    #: the phone answers with these, so the rules judge pack indices as always
    ids: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not self.ids:
            object.__setattr__(self, "ids", tuple(range(len(self.choices))))


@dataclass(frozen=True)
class Shown:
    """The kind-specific part of a quest that a player's view exposes: never an answer,
    a code, a right choice or a character's reply."""

    question: str = ""
    questions: tuple[ShownQuestion, ...] = ()
    lines: tuple[DialogueLine, ...] = ()
    choices: tuple[str, ...] = ()
    choice_ids: tuple[int, ...] = ()  # the pack's index of each dialogue choice shown

    def __post_init__(self) -> None:
        if not self.choice_ids:
            object.__setattr__(self, "choice_ids", tuple(range(len(self.choices))))


def show_question(quest: Quest) -> Shown:
    return Shown(question=quest.question)


def show_quiz(quest: Quest) -> Shown:
    return Shown(quest.question, tuple(ShownQuestion(x.question, x.choices) for x in quest.quiz))


def show_dialogue(quest: Quest) -> Shown:
    return Shown(quest.question, lines=quest.lines, choices=tuple(c.text for c in quest.choices))


# ---------------------------------------------------------------- the facilitator's answer sheet


def solve_riddle(quest: Quest) -> tuple[str, ...]:
    return quest.answers


def solve_code(quest: Quest) -> tuple[str, ...]:
    return (code_of(quest),)


def solve_quiz(quest: Quest) -> tuple[str, ...]:
    return tuple(f"{q.question} → {q.choices[q.correct]}" for q in quest.quiz)


def solve_dialogue(quest: Quest) -> tuple[str, ...]:
    return tuple(c.text for c in quest.choices if c.correct)


def solve_nothing(quest: Quest) -> tuple[str, ...]:
    """Reviewed, place and appointment quests: no answer to give away."""
    return ()


# ---------------------------------------------------------------- the registry


@dataclass(frozen=True)
class Kind:
    kind: QuestKind
    #: how an answer to ``POST …/answer`` is read from the body; malformed: InvalidInput
    read: Callable[[Mapping[str, Any]], Answer]
    #: is the answer right? (correct, reply); a malformed answer raises InvalidInput and
    #: costs no attempt; a kind not answered directly refuses every answer
    check: Callable[[Quest, Answer], Checked]
    show: Callable[[Quest], Shown] = show_question
    #: what the facilitator's answer sheet says is right (the session's variant applied
    #: before): accepted answers, the code, each quiz question's right choice
    solution: Callable[[Quest], tuple[str, ...]] = solve_nothing
    reviewed: bool = False  # the team sends an answer that a facilitator approves
    photo: bool = False  # …and that answer is a photo (multipart), its text optional
    #: the answer can be guessed by a script (a code): a few tries a minute per quest
    guessable: bool = False
    pieces: bool = False  # each phone holds pieces of the answer and types its own
    #: each phone shows its own documents (clue lock); the code found by combining
    #: them is typed by any member, and never sent to a phone
    documents: bool = False
    place: bool = False  # won by checking in at a place (GPS or QR code)
    appointment: bool = False  # won when every member has booked an appointment
    #: the numbers (1-based) of the answer's wrong questions, for a kind made of several
    #: questions (quiz); None: the answer is judged as a whole
    mistakes: Callable[[Quest, Answer], tuple[int, ...]] | None = None


KINDS: Mapping[QuestKind, Kind] = {
    k.kind: k
    for k in (
        Kind(QuestKind.RIDDLE, read_text, check_riddle, solution=solve_riddle),
        Kind(QuestKind.QUIZ, read_quiz, check_quiz, show=show_quiz, solution=solve_quiz, mistakes=wrong_questions),
        Kind(QuestKind.DIALOGUE, read_dialogue, check_dialogue, show=show_dialogue, solution=solve_dialogue),
        Kind(QuestKind.CODE_LOCK, read_text, check_code, solution=solve_code, guessable=True, pieces=True),
        Kind(QuestKind.CLUE_LOCK, read_text, check_code, solution=solve_code, guessable=True, documents=True),
        Kind(QuestKind.FREE_TEXT, read_text, check_reviewed, reviewed=True),
        Kind(QuestKind.PHOTO, read_text, check_reviewed, reviewed=True, photo=True),
        Kind(QuestKind.APPOINTMENT, read_text, check_not_here, appointment=True),
        Kind(QuestKind.PLACE, read_text, check_not_here, place=True),
    )
}


def of(kind: QuestKind) -> Kind:
    return KINDS[kind]


def read_answer(kind: QuestKind | None, body: Mapping[str, Any]) -> Answer:
    """The answer's shape follows the quest's kind; a missing field is named. For a
    quest that does not exist (``None``) the body is not judged: the service says
    that the quest does not exist."""
    if kind is None:
        return TextAnswer(body.get("answer", ""))
    return of(kind).read(body)


def check_answer(quest: Quest, answer: Answer) -> Checked:
    """Is the answer right? Returns (correct, reply). Malformed answers raise InvalidInput
    and do not cost an attempt."""
    return of(quest.kind).check(quest, answer)


def mistakes_of(quest: Quest, answer: Answer) -> tuple[int, ...] | None:
    """The numbers of the wrong questions (quiz), or None for a kind judged as a whole."""
    mistakes = of(quest.kind).mistakes
    return None if mistakes is None else mistakes(quest, answer)
