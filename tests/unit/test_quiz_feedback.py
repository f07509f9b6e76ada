"""A quiz says which of its questions are wrong (issue 15, point 3): their numbers as
the phone shows them, never the right choices; other kinds have no such list."""

from __future__ import annotations

import pytest

from content.catalog import QuestKind, QuizQuestion
from game.rules import calendar as cal
from game.rules import kinds
from game.rules import quests as q
from game.rules.errors import InvalidInput

from .builders import catalog, quest

RUNNING_D1 = cal.Calendar(cal.Status.RUNNING, 1)
EMPTY = q.TeamSnapshot(quests={}, eclats=0)

# five questions; the right choices are 1, 0, 2, 1, 0
FIVE = (
    QuizQuestion("a?", ("x", "y"), 1),
    QuizQuestion("b?", ("x", "y"), 0),
    QuizQuestion("c?", ("x", "y", "z"), 2),
    QuizQuestion("d?", ("x", "y"), 1),
    QuizQuestion("e?", ("x", "y"), 0),
)
RIGHT = (1, 0, 2, 1, 0)


def five(max_attempts: int | None = None) -> q.Quest:
    return quest("z", kind=QuestKind.QUIZ, quiz=FIVE, answers=(), max_attempts=max_attempts)


@pytest.mark.parametrize(
    ("choices", "wrong"),
    [
        (RIGHT, ()),
        ((0, 0, 2, 1, 0), (1,)),
        ((0, 0, 2, 0, 0), (1, 4)),
        ((1, 1, 0, 1, 1), (2, 3, 5)),
        ((0, 1, 0, 0, 1), (1, 2, 3, 4, 5)),
    ],
)
def test_the_answer_names_exactly_the_wrong_questions_by_their_number(
    choices: tuple[int, ...], wrong: tuple[int, ...]
) -> None:
    z = five()
    decision = q.answer(z, catalog(z), RUNNING_D1, EMPTY, q.QuizAnswer(choices))
    assert decision.wrong_questions == wrong
    assert decision.correct is (wrong == ())


def test_the_last_try_still_names_the_wrong_questions() -> None:
    z = five(max_attempts=1)
    decision = q.answer(z, catalog(z), RUNNING_D1, EMPTY, q.QuizAnswer((1, 0, 2, 1, 1)))
    assert decision.state.progress is q.Progress.FAILED
    assert decision.wrong_questions == (5,)


def test_a_malformed_quiz_answer_is_refused_before_any_list() -> None:
    z = five()
    with pytest.raises(InvalidInput) as err:
        kinds.wrong_questions(z, q.QuizAnswer((1, 0, 2, 1, 2)))
    assert err.value.code == "choice_out_of_range" and "Question 5" in err.value.message
    with pytest.raises(InvalidInput):
        kinds.wrong_questions(z, q.QuizAnswer((1, 0)))


def test_a_kind_judged_as_a_whole_has_no_list() -> None:
    riddle = quest("r", answers=("mars",))
    assert q.answer(riddle, catalog(riddle), RUNNING_D1, EMPTY, q.TextAnswer("venus")).wrong_questions is None
    assert q.answer(riddle, catalog(riddle), RUNNING_D1, EMPTY, q.TextAnswer("mars")).wrong_questions is None
