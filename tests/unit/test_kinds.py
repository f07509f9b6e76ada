"""The registry of quest kinds (game/rules/kinds.py): how each kind's answer is read and
checked, what a phone sees of it, how the game treats it; and the stuck-team rule."""

from __future__ import annotations

from typing import Any

import pytest

from content.catalog import Document, DocumentRow, QuestKind
from game.rules import kinds
from game.rules import quests as q
from game.rules.calendar import Calendar, Status
from game.rules.errors import InvalidInput
from game.rules.kinds import DialogueAnswer, QuizAnswer, Shown, ShownQuestion, TextAnswer
from game.rules.quests import TeamDay, stuck_teams

from .builders import DIALOGUE_CHOICES, DIALOGUE_LINES, QUIZ, catalog, quest

RUNNING_D1 = Calendar(Status.RUNNING, 1)
EMPTY = q.TeamSnapshot(quests={}, eclats=0)

RIDDLE = quest("r")
LOCK = quest("l", kind=QuestKind.CODE_LOCK, answers=(), pieces=("20", "5", "07"))
WORDS = quest("w", kind=QuestKind.CODE_LOCK, answers=(), pieces=("rouge", "ciel"), separator=" ")
QUIZ_QUEST = quest("z", kind=QuestKind.QUIZ, question="", answers=(), quiz=QUIZ)
DIALOGUE = quest("d", kind=QuestKind.DIALOGUE, question="", answers=(), lines=DIALOGUE_LINES, choices=DIALOGUE_CHOICES)
FREE = quest("f", kind=QuestKind.FREE_TEXT, answers=())
PHOTO = quest("p", kind=QuestKind.PHOTO, answers=())
PLACE = quest("pl", kind=QuestKind.PLACE, answers=(), place="grand-place")
APPOINTMENT = quest("a", kind=QuestKind.APPOINTMENT, answers=())
CLUES = quest(
    "c",
    kind=QuestKind.CLUE_LOCK,
    answers=(),
    documents=(Document("Fiche de paie", "payslip", "", (DocumentRow("Taux horaire brut", "11,88 €"),)),),
    code="4 6",
)
EVERY_KIND = (RIDDLE, LOCK, CLUES, QUIZ_QUEST, DIALOGUE, FREE, PHOTO, PLACE, APPOINTMENT)


def refused(code: str, fn: Any, *args: Any) -> str:
    with pytest.raises(InvalidInput) as err:
        fn(*args)
    assert err.value.code == code
    return err.value.message


# --- the registry ----------------------------------------------------------------------


def test_every_kind_of_the_content_format_has_one_entry() -> None:
    assert set(kinds.KINDS) == set(QuestKind)
    assert all(entry.kind is kind for kind, entry in kinds.KINDS.items())
    assert {x.kind for x in EVERY_KIND} == set(QuestKind)


def test_what_the_game_does_with_each_kind() -> None:
    def having(flag: str) -> set[QuestKind]:
        return {k for k, entry in kinds.KINDS.items() if getattr(entry, flag)}

    assert having("reviewed") == {QuestKind.FREE_TEXT, QuestKind.PHOTO}
    assert having("photo") == {QuestKind.PHOTO}
    assert having("guessable") == {QuestKind.CODE_LOCK, QuestKind.CLUE_LOCK}
    assert having("pieces") == {QuestKind.CODE_LOCK}
    assert having("documents") == {QuestKind.CLUE_LOCK}
    assert having("place") == {QuestKind.PLACE}
    assert having("appointment") == {QuestKind.APPOINTMENT}


# --- reading an answer from what the phone sent ----------------------------------------


@pytest.mark.parametrize(
    ("kind", "body", "expected"),
    [
        (QuestKind.RIDDLE, {"answer": "élan"}, TextAnswer("élan")),
        (QuestKind.CODE_LOCK, {"answer": "20507", "choices": [1]}, TextAnswer("20507")),
        (QuestKind.QUIZ, {"choices": [1, 2], "answer": "x"}, QuizAnswer((1, 2))),
        (QuestKind.DIALOGUE, {"choice": 1}, DialogueAnswer(1)),
        # kinds that are not answered directly read a text, which their check then refuses
        (QuestKind.FREE_TEXT, {"answer": "mon texte"}, TextAnswer("mon texte")),
        (QuestKind.PLACE, {"answer": ""}, TextAnswer("")),
    ],
)
def test_the_answer_is_read_in_the_shape_of_its_kind(kind: QuestKind, body: dict[str, Any], expected: Any) -> None:
    assert kinds.read_answer(kind, body) == expected


@pytest.mark.parametrize(
    ("kind", "body", "field"),
    [
        (QuestKind.RIDDLE, {"choices": [0]}, "answer"),
        (QuestKind.CODE_LOCK, {}, "answer"),
        (QuestKind.QUIZ, {"answer": "1"}, "choices"),
        (QuestKind.DIALOGUE, {"answer": "1", "choices": [1]}, "choice"),
        (QuestKind.PHOTO, {}, "answer"),
    ],
)
def test_a_missing_field_is_named(kind: QuestKind, body: dict[str, Any], field: str) -> None:
    message = refused(field, kinds.read_answer, kind, body)
    assert message == f"Données invalides — « {field} » : champ obligatoire."


def test_an_answer_to_no_quest_is_not_judged() -> None:
    """The service says the quest does not exist; the body's shape does not matter."""
    assert kinds.read_answer(None, {}) == TextAnswer("")
    assert kinds.read_answer(None, {"answer": "x", "choice": 2}) == TextAnswer("x")


# --- checking it -----------------------------------------------------------------------


def test_riddles_and_code_locks_are_checked_against_their_own_answer() -> None:
    assert kinds.check_answer(RIDDLE, TextAnswer(" ELAN ")) == (True, None)
    assert kinds.check_answer(RIDDLE, TextAnswer("20507")) == (False, None)
    assert kinds.code_of(LOCK) == "20507" and kinds.code_of(WORDS) == "rouge ciel"
    assert kinds.check_answer(LOCK, TextAnswer("20 507")) == (True, None)
    assert kinds.check_answer(LOCK, TextAnswer("élan")) == (False, None)  # a lock's answers are its pieces
    assert kinds.check_answer(WORDS, TextAnswer("Rouge Ciel")) == (True, None)
    # a clue lock: its own code, never its documents' values
    assert kinds.code_of(CLUES) == "4 6"
    assert kinds.check_answer(CLUES, TextAnswer("46")) == (True, None)
    assert kinds.check_answer(CLUES, TextAnswer("11,88 €")) == (False, None)


def test_quiz_every_answer_must_be_right_and_exist() -> None:
    assert kinds.check_answer(QUIZ_QUEST, QuizAnswer((1, 2))) == (True, None)
    assert kinds.check_answer(QUIZ_QUEST, QuizAnswer((1, 0))) == (False, None)
    assert kinds.check_answer(QUIZ_QUEST, QuizAnswer((0, 2))) == (False, None)
    # the last choice of each question exists; one past it does not
    assert kinds.check_answer(QUIZ_QUEST, QuizAnswer((1, 1))) == (False, None)
    assert refused("choice_out_of_range", kinds.check_answer, QUIZ_QUEST, QuizAnswer((2, 2))) == (
        "Question 1 : ce choix n'existe pas."
    )
    assert refused("choice_out_of_range", kinds.check_answer, QUIZ_QUEST, QuizAnswer((1, 3))) == (
        "Question 2 : ce choix n'existe pas."
    )
    assert refused("choice_out_of_range", kinds.check_answer, QUIZ_QUEST, QuizAnswer((-1, 2))) == (
        "Question 1 : ce choix n'existe pas."
    )
    assert refused("wrong_choice_count", kinds.check_answer, QUIZ_QUEST, QuizAnswer((1,))) == "Réponds aux 2 questions."
    refused("wrong_choice_count", kinds.check_answer, QUIZ_QUEST, QuizAnswer((1, 2, 0)))


def test_dialogue_gives_the_characters_reply_right_or_wrong() -> None:
    assert kinds.check_answer(DIALOGUE, DialogueAnswer(1)) == (True, "Super")
    assert kinds.check_answer(DIALOGUE, DialogueAnswer(0)) == (False, "Dommage")
    refused("choice_out_of_range", kinds.check_answer, DIALOGUE, DialogueAnswer(2))
    refused("choice_out_of_range", kinds.check_answer, DIALOGUE, DialogueAnswer(-1))


@pytest.mark.parametrize(
    ("quest_", "answer", "message"),
    [
        (RIDDLE, QuizAnswer((0,)), "Il faut une réponse écrite."),
        (LOCK, DialogueAnswer(0), "Il faut une réponse écrite."),
        (QUIZ_QUEST, TextAnswer("1"), "Il faut choisir une réponse par question."),
        (DIALOGUE, TextAnswer("Oui"), "Il faut choisir une réplique."),
    ],
)
def test_an_answer_of_another_shape_is_refused(quest_: Any, answer: Any, message: str) -> None:
    assert refused("wrong_answer_type", kinds.check_answer, quest_, answer) == message


@pytest.mark.parametrize("typed", ["", "   ", "?!"])
def test_an_empty_typed_answer_is_refused(typed: str) -> None:
    refused("empty_answer", kinds.check_answer, RIDDLE, TextAnswer(typed))
    refused("empty_answer", kinds.check_answer, LOCK, TextAnswer(typed))


@pytest.mark.parametrize(("quest_", "code"), [(FREE, "needs_review"), (PHOTO, "needs_review")])
def test_a_reviewed_kind_refuses_a_direct_answer(quest_: Any, code: str) -> None:
    assert refused(code, kinds.check_answer, quest_, TextAnswer("ma réponse")) == (
        "Cette mission se valide par l'animateur : envoie ta réponse."
    )


@pytest.mark.parametrize("quest_", [PLACE, APPOINTMENT])
def test_a_place_or_a_booking_is_never_won_by_typing(quest_: Any) -> None:
    refused("not_yet_playable", kinds.check_answer, quest_, TextAnswer("x"))
    # …and a refused answer costs no attempt
    refused("not_yet_playable", q.answer, quest_, catalog(quest_), RUNNING_D1, EMPTY, TextAnswer("x"))


# --- what the phone sees ---------------------------------------------------------------


def test_the_view_shows_each_kind_its_own_part_and_never_an_answer() -> None:
    assert kinds.of(QuestKind.RIDDLE).show(RIDDLE) == Shown(question="?")
    assert kinds.of(QuestKind.CODE_LOCK).show(LOCK) == Shown(question="?")
    assert kinds.of(QuestKind.CLUE_LOCK).show(CLUES) == Shown(question="?")  # documents: per phone, never the code
    assert kinds.of(QuestKind.QUIZ).show(QUIZ_QUEST) == Shown(
        question="", questions=(ShownQuestion("a?", ("x", "y")), ShownQuestion("b?", ("x", "y", "z")))
    )
    assert kinds.of(QuestKind.DIALOGUE).show(DIALOGUE) == Shown(lines=DIALOGUE_LINES, choices=("Non", "Oui"))
    for reviewed in (FREE, PHOTO, PLACE, APPOINTMENT):
        assert kinds.of(reviewed.kind).show(reviewed) == Shown(question="?")


# --- the rules that a kind opens or closes ---------------------------------------------


def test_rules_of_one_kind_refuse_the_others() -> None:
    cat = catalog(*EVERY_KIND)
    for other in (RIDDLE, QUIZ_QUEST, PLACE):
        refused("not_reviewed", q.submit_for_review, other, cat, RUNNING_D1, EMPTY)
    for other in (RIDDLE, FREE):
        refused("not_a_lock", q.enter_piece, other, cat, RUNNING_D1, EMPTY, [1], 1, "20", frozenset())
        refused("not_a_place", q.ensure_place, other)
        refused("not_an_appointment", q.ensure_can_book, other, cat, RUNNING_D1, EMPTY)
    q.ensure_place(PLACE)
    q.ensure_can_book(APPOINTMENT, cat, RUNNING_D1, EMPTY)
    assert q.submit_for_review(PHOTO, cat, RUNNING_D1, EMPTY)[0] == q.QuestState(q.Progress.PENDING_REVIEW, 1, 0)


# --- teams stuck today -----------------------------------------------------------------


def day(team_id: int, solved: int, members: int = 3, quests: int = 7) -> TeamDay:
    return TeamDay(team_id, members, quests, solved)


def test_a_team_with_nothing_solved_while_another_advances_is_stuck() -> None:
    assert stuck_teams(RUNNING_D1, [day(1, 2), day(2, 0), day(3, 0)]) == {2, 3}
    assert stuck_teams(RUNNING_D1, [day(1, 1), day(2, 0)]) == {2}


def test_nobody_is_stuck_when_every_team_is_at_the_start() -> None:
    """The day has only just begun."""
    assert stuck_teams(RUNNING_D1, [day(1, 0), day(2, 0)]) == frozenset()
    assert stuck_teams(RUNNING_D1, [day(1, 0)]) == frozenset()
    assert stuck_teams(RUNNING_D1, []) == frozenset()


def test_a_team_without_members_or_without_missions_today_is_not_stuck() -> None:
    # an empty team is not stuck, but it does count among the teams: the one idle team
    # with members is then worth a nudge
    assert stuck_teams(RUNNING_D1, [day(1, 0), day(2, 0, members=0)]) == {1}
    assert stuck_teams(RUNNING_D1, [day(1, 0, quests=0), day(2, 1)]) == frozenset()
    assert stuck_teams(RUNNING_D1, [day(1, 0, members=1), day(2, 1)]) == {1}
    assert stuck_teams(RUNNING_D1, [day(1, 0, quests=1), day(2, 1)]) == {1}


@pytest.mark.parametrize(
    "cal",
    [Calendar(Status.PAUSED, 1), Calendar(Status.FINISHED, 10), Calendar(Status.DRAFT, 0), Calendar(Status.RUNNING, 0)],
)
def test_nobody_is_stuck_while_the_day_is_not_being_played(cal: Calendar) -> None:
    assert stuck_teams(cal, [day(1, 2), day(2, 0)]) == frozenset()
