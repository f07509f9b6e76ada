"""The self-diagnosis rules: rounds, answers, priorities, offers put forward, day 1 vs day 10.

Pure: a small diagnosis written here, no app, no database, no files.
"""

from __future__ import annotations

import pytest

from content.catalog import Diagnosis, DiagnosisChoice, DiagnosisFamily, DiagnosisQuestion
from game.rules import diagnosis as d
from game.rules.diagnosis import Answer, FamilyScore
from game.rules.errors import InvalidInput, NotFound, RuleViolation


def _q(qid: str, family: str, *needs: int) -> DiagnosisQuestion:
    return DiagnosisQuestion(qid, family, f"Question {qid} ?", tuple(DiagnosisChoice(f"choix {n}", n) for n in needs))


#: emploi: two questions (max 3 + 3); logement: three (max 3 + 3 + 2 = 8); sante: one.
DIAG = Diagnosis(
    families=(
        DiagnosisFamily("emploi", "Trouver un job", ("offres", "cv", "immersion", "interim")),
        DiagnosisFamily("logement", "Avoir un toit", ("logement", "faj", "conseiller")),
        DiagnosisFamily("sante", "Ta santé", ("sante", "conseiller")),
    ),
    questions=(
        _q("e1", "emploi", 0, 1, 2, 3),
        _q("e2", "emploi", 0, 3),
        _q("l1", "logement", 0, 1, 3),
        _q("l2", "logement", 3, 0),
        _q("l3", "logement", 0, 1, 2),
        _q("s1", "sante", 0, 2, 3),
    ),
)
OFFERS = ("conseiller", "offres", "cv", "immersion", "interim", "logement", "faj", "sante", "culture")


def score(family: str, priority: int) -> FamilyScore:
    return FamilyScore(family, family.title(), priority, 1)


def all_answers(**choices: int) -> list[Answer]:
    """Every question answered with choice 0 (no need), except those given."""
    return [Answer(q.id, choices.get(q.id, 0)) for q in DIAG.questions if q.id != "l2"] + [
        Answer("l2", choices.get("l2", 1))  # l2's "no need" is its second choice
    ]


# ---------------------------------------------------------------- rounds


@pytest.mark.parametrize(
    ("day", "expected"), [(0, None), (1, 1), (2, 1), (9, 1), (10, 10)], ids=["draft", "d1", "d2", "d9", "d10"]
)
def test_round_1_is_open_from_day_1_and_round_10_replaces_it_on_day_10(day: int, expected: int | None) -> None:
    assert d.open_round(day) == expected


@pytest.mark.parametrize(("round_", "day"), [(1, 1), (1, 9), (10, 10)])
def test_the_open_round_can_be_recorded(round_: int, day: int) -> None:
    d.check_round_open(round_, day)  # no exception


def test_round_10_is_locked_before_day_10_with_a_french_message() -> None:
    with pytest.raises(RuleViolation) as caught:
        d.check_round_open(10, 9)
    assert caught.value.code == "round_not_open" and caught.value.status == 409
    assert "s'ouvre le jour 10" in caught.value.message


def test_nothing_can_be_recorded_before_day_1() -> None:
    with pytest.raises(RuleViolation) as caught:
        d.check_round_open(1, 0)
    assert caught.value.code == "round_not_open"


def test_round_1_cannot_be_rewritten_once_day_10_is_open() -> None:
    """Otherwise the "before" of the comparison could be changed after the fact."""
    with pytest.raises(RuleViolation) as caught:
        d.check_round_open(1, 10)
    assert caught.value.code == "round_closed" and "celui du jour 10" in caught.value.message


@pytest.mark.parametrize("round_", [0, 2, 5, 11, -1])
def test_only_rounds_1_and_10_exist(round_: int) -> None:
    with pytest.raises(NotFound):
        d.check_round_open(round_, 10)


# ---------------------------------------------------------------- answers


def test_a_complete_set_of_answers_gives_the_choice_per_question() -> None:
    chosen = d.check_answers(DIAG, all_answers(e1=3, s1=2))
    assert chosen == {"e1": 3, "e2": 0, "l1": 0, "l3": 0, "s1": 2, "l2": 1}


def test_every_wrong_answer_is_named_at_once() -> None:
    answers = [
        Answer("e1", 4),  # e1 has 4 choices: 0..3
        Answer("e2", -1),
        Answer("zz", 0),
        Answer("l1", 0),
        Answer("l1", 1),  # twice
        Answer("l2", 0),
        Answer("l3", 0),
    ]  # s1 is missing
    with pytest.raises(InvalidInput) as caught:
        d.check_answers(DIAG, answers)
    message = caught.value.message
    assert caught.value.code == "answers" and caught.value.status == 422
    assert "« answers[0].choice » : choix 4 impossible pour « e1 » (de 0 à 3)" in message
    assert "« answers[1].choice »" in message
    assert "« answers[2].question_id » : question inconnue « zz »" in message
    assert "« answers[4].question_id » : question « l1 » répondue deux fois" in message
    assert "il manque la réponse à « s1 »" in message
    assert "« e1 » (de" in message and "« e2 »" not in message.split("il manque")[1]  # a wrong choice is not "missing"


def test_no_answer_at_all_lists_every_question() -> None:
    with pytest.raises(InvalidInput) as caught:
        d.check_answers(DIAG, [])
    assert "« e1 », « e2 », « l1 », « l2 », « l3 », « s1 »" in caught.value.message


# ---------------------------------------------------------------- priorities


def test_priority_is_the_share_of_the_most_need_the_answers_could_express() -> None:
    chosen = d.check_answers(DIAG, all_answers(e1=3, e2=1, l1=1, s1=1))
    scores = {s.family: s for s in d.priorities(DIAG, chosen)}
    assert scores["emploi"].priority == 100  # 3 + 3 of 3 + 3
    assert scores["logement"].priority == 13  # 1 of 3 + 3 + 2 = 12.5 %, rounded half up
    assert scores["sante"].priority == 67  # 2 of 3
    assert [s.answered for s in scores.values()] == [2, 3, 1]


def test_no_need_anywhere_is_zero_everywhere() -> None:
    chosen = d.check_answers(DIAG, all_answers())
    assert [s.priority for s in d.priorities(DIAG, chosen)] == [0, 0, 0]


def test_only_answered_questions_count() -> None:
    """A question added to the pack after the diagnosis was taken does not lower the
    priorities computed from it; a family with no answer at all is 0, not an error."""
    scores = {s.family: s for s in d.priorities(DIAG, {"e1": 2, "l1": 2})}
    assert scores["emploi"].priority == 67 and scores["emploi"].answered == 1  # 2 of 3
    assert scores["logement"].priority == 100  # 3 of 3
    assert scores["sante"].priority == 0 and scores["sante"].answered == 0


def test_answers_to_questions_or_choices_that_no_longer_exist_are_ignored() -> None:
    scores = {s.family: s.priority for s in d.priorities(DIAG, {"e1": 9, "gone": 1, "e2": 1})}
    assert scores["emploi"] == 100  # only e2 counts


def test_priorities_follow_the_diagnosis_order_and_ranking_keeps_it_for_ties() -> None:
    chosen = {"e1": 1, "l1": 1, "s1": 2}  # emploi 33, logement 33, sante 100
    scores = d.priorities(DIAG, chosen)
    assert [s.family for s in scores] == ["emploi", "logement", "sante"]
    assert [s.family for s in d.ranking(scores)] == ["sante", "emploi", "logement"]


# ---------------------------------------------------------------- offers


def test_without_any_strong_need_nothing_is_put_forward_and_the_order_is_the_catalogue_one() -> None:
    order = d.order_offers(DIAG, OFFERS, [score("emploi", 0), score("logement", 0), score("sante", 0)])
    assert order.priority == () and order.ordered == OFFERS
    assert d.order_offers(DIAG, OFFERS, []).ordered == OFFERS  # no round taken yet


def test_the_threshold_is_50() -> None:
    below = d.order_offers(DIAG, OFFERS, [score("emploi", 49), score("logement", 0), score("sante", 0)])
    at = d.order_offers(DIAG, OFFERS, [score("emploi", 50), score("logement", 0), score("sante", 0)])
    assert below.priority == ()
    assert at.priority_ids == ("offres", "cv", "immersion", "interim")
    assert all(p.family == "emploi" for p in at.priority)


def test_two_strong_needs_take_turns_from_the_highest_and_at_most_five_are_put_forward() -> None:
    order = d.order_offers(DIAG, OFFERS, [score("emploi", 60), score("logement", 90), score("sante", 0)])
    assert order.priority_ids == ("logement", "offres", "faj", "cv", "conseiller")
    assert [p.family for p in order.priority] == ["logement", "emploi", "logement", "emploi", "logement"]


def test_the_other_offers_follow_by_priority_then_in_catalogue_order() -> None:
    order = d.order_offers(DIAG, OFFERS, [score("emploi", 60), score("logement", 90), score("sante", 30)])
    assert order.ordered[:5] == order.priority_ids
    # immersion and interim (emploi 60), then sante (30), then culture (in no family)
    assert order.ordered[5:] == ("immersion", "interim", "sante", "culture")
    assert sorted(order.ordered) == sorted(OFFERS)


def test_an_offer_serving_two_strong_families_is_put_forward_once() -> None:
    order = d.order_offers(DIAG, OFFERS, [score("emploi", 0), score("logement", 80), score("sante", 80)])
    # logement: logement, faj, conseiller; sante: sante, conseiller
    assert order.priority_ids == ("logement", "sante", "faj", "conseiller")
    assert order.priority[3].family == "sante"  # the first family to reach it in its turn
    assert len(set(order.ordered)) == len(order.ordered) == len(OFFERS)


def test_offers_unknown_to_the_list_are_left_out() -> None:
    order = d.order_offers(DIAG, ("cv", "logement"), [score("emploi", 100), score("logement", 100), score("sante", 0)])
    assert order.priority_ids == ("cv", "logement") and order.ordered == ("cv", "logement")


# ---------------------------------------------------------------- day 1 / day 10


def test_day_10_beside_day_1_per_family() -> None:
    before = [score("emploi", 100), score("logement", 13), score("sante", 0)]
    after = d.ranking([score("emploi", 33), score("logement", 13), score("sante", 67)])
    changes = d.compare(before, after)
    assert [(c.family, c.before, c.after, c.change) for c in changes] == [
        ("sante", 0, 67, 67),
        ("emploi", 100, 33, -67),
        ("logement", 13, 13, 0),
    ]


def test_a_family_added_between_the_rounds_counts_as_zero_before() -> None:
    changes = d.compare([score("emploi", 50)], [score("emploi", 50), score("argent", 40)])
    assert [(c.family, c.before, c.change) for c in changes] == [("emploi", 50, 0), ("argent", 0, 40)]
