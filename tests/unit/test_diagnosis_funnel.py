"""The self-diagnosis funnel: a family's follow-up questions are asked only when its
first question showed a need; the round is checked and scored over what was asked.

Pure: a small diagnosis written here, no app, no database, no files.
"""

from __future__ import annotations

import pytest

from content.catalog import Diagnosis, DiagnosisChoice, DiagnosisFamily, DiagnosisQuestion
from game.rules import diagnosis as d
from game.rules.diagnosis import Answer
from game.rules.errors import InvalidInput


def _q(qid: str, family: str, *needs: int, follow_up: bool = False) -> DiagnosisQuestion:
    choices = tuple(DiagnosisChoice(f"choix {n}", n) for n in needs)
    return DiagnosisQuestion(qid, family, f"Question {qid} ?", choices, follow_up=follow_up)


#: logement: an opener and two follow-ups; emploi: an opener, a follow-up and a question
#: always asked; argent: an opener whose FIRST choice shows a need; sante: one question.
DIAG = Diagnosis(
    families=(
        DiagnosisFamily("logement", "Avoir un toit", ()),
        DiagnosisFamily("emploi", "Trouver un job", ()),
        DiagnosisFamily("argent", "Boucler le mois", ()),
        DiagnosisFamily("sante", "Ta santé", ()),
    ),
    questions=(
        _q("l1", "logement", 0, 1, 3),
        _q("l2", "logement", 3, 0, follow_up=True),
        _q("e1", "emploi", 0, 1, 2, 3),
        _q("l3", "logement", 0, 1, 2, follow_up=True),  # asked after e1: the pack's order is kept
        _q("e2", "emploi", 0, 3, follow_up=True),
        _q("e3", "emploi", 0, 2),  # not a follow-up: always asked
        _q("a1", "argent", 2, 0),
        _q("a2", "argent", 0, 3, follow_up=True),
        _q("s1", "sante", 0, 3),
    ),
)


def ids(questions: tuple[DiagnosisQuestion, ...]) -> list[str]:
    return [q.id for q in questions]


# ---------------------------------------------------------------- which questions


def test_before_any_answer_only_the_questions_that_are_not_follow_ups_are_asked() -> None:
    assert ids(d.asked(DIAG, {})) == ["l1", "e1", "e3", "a1", "s1"]


def test_no_need_anywhere_asks_no_follow_up() -> None:
    assert ids(d.asked(DIAG, {"l1": 0, "e1": 0, "e3": 0, "a1": 1, "s1": 0})) == ["l1", "e1", "e3", "a1", "s1"]


def test_the_smallest_need_on_the_first_question_opens_its_family_and_only_it() -> None:
    assert ids(d.asked(DIAG, {"l1": 1, "e1": 0, "a1": 1})) == ["l1", "l2", "e1", "l3", "e3", "a1", "s1"]
    assert ids(d.asked(DIAG, {"l1": 0, "e1": 1, "a1": 1})) == ["l1", "e1", "e2", "e3", "a1", "s1"]


def test_a_need_on_the_first_choice_opens_too() -> None:
    """What opens a family is the need of the answer, not its place in the list."""
    assert ids(d.asked(DIAG, {"a1": 0})) == ["l1", "e1", "e3", "a1", "a2", "s1"]


def test_every_family_can_be_opened_at_once() -> None:
    assert ids(d.asked(DIAG, {"l1": 2, "e1": 3, "a1": 0})) == ["l1", "l2", "e1", "l3", "e2", "e3", "a1", "a2", "s1"]


def test_an_answer_to_a_follow_up_does_not_open_anything() -> None:
    assert ids(d.asked(DIAG, {"l1": 0, "l2": 0, "l3": 2})) == ["l1", "e1", "e3", "a1", "s1"]


def test_a_family_without_questions_asks_nothing_and_scores_zero() -> None:
    empty = Diagnosis(families=(DiagnosisFamily("vide", "Rien", ()), *DIAG.families), questions=DIAG.questions)
    assert ids(d.asked(empty, {"l1": 1})) == ["l1", "l2", "e1", "l3", "e3", "a1", "s1"]
    assert d.priorities(empty, {"l1": 1})[0].priority == 0


@pytest.mark.parametrize(("choice", "opens"), [(-1, False), (0, False), (1, True), (2, True), (3, False)])
def test_only_a_choice_that_exists_and_shows_a_need_opens_the_follow_ups(choice: int, opens: bool) -> None:
    assert d.opens_follow_ups(DIAG.questions[0], choice) is opens  # l1: needs 0, 1, 3


def test_the_first_choice_opens_when_it_shows_a_need() -> None:
    a1 = DIAG.questions[6]
    assert d.opens_follow_ups(a1, 0) is True and d.opens_follow_ups(a1, 1) is False


# ---------------------------------------------------------------- a round


def test_a_round_without_need_is_complete_without_the_follow_ups() -> None:
    answers = [Answer("l1", 0), Answer("e1", 0), Answer("e3", 0), Answer("a1", 1), Answer("s1", 0)]
    assert d.check_answers(DIAG, answers) == {"l1": 0, "e1": 0, "e3": 0, "a1": 1, "s1": 0}


def test_a_round_with_a_need_is_complete_with_that_familys_follow_ups() -> None:
    answers = [Answer(q, c) for q, c in (("l1", 2), ("l2", 0), ("l3", 1), ("e1", 0), ("e3", 1), ("a1", 1), ("s1", 1))]
    assert d.check_answers(DIAG, answers) == {"l1": 2, "l2": 0, "l3": 1, "e1": 0, "e3": 1, "a1": 1, "s1": 1}


def test_answers_to_follow_ups_that_should_not_have_been_asked_are_refused() -> None:
    answers = [Answer("l1", 0), Answer("l2", 0), Answer("e1", 0), Answer("e3", 0), Answer("a1", 1), Answer("s1", 0)]
    with pytest.raises(InvalidInput) as caught:
        d.check_answers(DIAG, answers)
    assert caught.value.code == "answers" and caught.value.status == 422
    message = caught.value.message
    assert (
        "« answers[1].question_id » : « l2 » ne se pose que si la première question de sa famille montre un besoin"
        in message
    )
    assert "il manque" not in message


def test_missing_answers_to_the_follow_ups_asked_are_refused() -> None:
    answers = [Answer("l1", 1), Answer("l2", 0), Answer("e1", 3), Answer("e3", 0), Answer("a1", 0), Answer("s1", 0)]
    with pytest.raises(InvalidInput) as caught:
        d.check_answers(DIAG, answers)
    message = caught.value.message
    assert "il manque la réponse à « l3 », « e2 », « a2 »" in message
    assert "ne se pose que" not in message


def test_a_wrong_answer_is_named_for_what_it_is_not_as_unasked_or_missing() -> None:
    answers = [Answer("l1", 2), Answer("l2", 5), Answer("l3", 0), Answer("zz", 0)]
    answers += [Answer("e1", 0), Answer("e3", 0), Answer("a1", 1), Answer("s1", 0)]
    with pytest.raises(InvalidInput) as caught:
        d.check_answers(DIAG, answers)
    message = caught.value.message
    assert "« answers[1].choice » : choix 5 impossible pour « l2 » (de 0 à 1)" in message
    assert "« answers[3].question_id » : question inconnue « zz »" in message
    assert "ne se pose que" not in message and "il manque" not in message


def test_the_whole_refusal_reads_as_one_sentence() -> None:
    answers = [Answer("l1", 0), Answer("l2", 0), Answer("e1", 1), Answer("e3", 0), Answer("a1", 1), Answer("s1", 0)]
    with pytest.raises(InvalidInput) as caught:
        d.check_answers(DIAG, answers)
    assert caught.value.message == (
        "Données invalides — « answers[1].question_id » : « l2 » ne se pose que si la première question de sa "
        "famille montre un besoin ; « answers » : il manque la réponse à « e2 »."
    )


def test_nothing_answered_names_the_questions_asked_first() -> None:
    with pytest.raises(InvalidInput) as caught:
        d.check_answers(DIAG, [])
    assert caught.value.message.endswith("il manque la réponse à « l1 », « e1 », « e3 », « a1 », « s1 ».")


# ---------------------------------------------------------------- priorities


def test_a_family_whose_first_answer_shows_no_need_is_at_zero_whatever_was_stored() -> None:
    """Answers stored before the funnel (every question answered) are read through it."""
    scores = {s.family: s for s in d.priorities(DIAG, {"l1": 0, "l2": 0, "l3": 2, "e1": 0, "e2": 1, "s1": 1})}
    assert (scores["logement"].priority, scores["logement"].answered) == (0, 1)
    assert (scores["emploi"].priority, scores["emploi"].answered) == (0, 1)
    assert (scores["sante"].priority, scores["sante"].answered) == (100, 1)


def test_an_open_family_is_scored_over_its_opener_and_follow_ups() -> None:
    # logement: l1 need 1 of 3, l2 need 3 of 3, l3 need 0 of 2 → 4 of 8 = 50 %
    scores = {s.family: s for s in d.priorities(DIAG, {"l1": 1, "l2": 0, "l3": 0, "a1": 0, "a2": 0})}
    assert (scores["logement"].priority, scores["logement"].answered) == (50, 3)
    # argent: a1 need 2 of 2, a2 need 0 of 3 → 2 of 5 = 40 %
    assert (scores["argent"].priority, scores["argent"].answered) == (40, 2)


def test_the_offers_put_forward_follow_the_funnel() -> None:
    with_offers = Diagnosis(
        families=(DiagnosisFamily("logement", "Avoir un toit", ("logement",)), *DIAG.families[1:]),
        questions=DIAG.questions,
    )
    stored = {"l1": 0, "l2": 0, "l3": 2}  # l2 and l3 would be 100 % of their own
    scores = d.priorities(with_offers, stored)
    assert d.order_offers(with_offers, ["logement"], scores).priority_ids == ()
