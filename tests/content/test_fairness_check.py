"""`eclats content check` refuses a quiz won by picking the longest choice (issue 14, point 2)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from content.loader import check_pack

from .test_pack_loader import _MINIMAL, write_pack

pytestmark = pytest.mark.filterwarnings("error")


def _pack_with_quiz(tmp_path: Path, questions: list[dict[str, Any]]) -> list[str]:
    files = copy.deepcopy(_MINIMAL)
    quiz = next(q for q in files["quests/day01.yaml"] if q["kind"] == "quiz")
    quiz["questions"] = questions
    return [str(p) for p in check_pack(write_pack(tmp_path, files))]


def _q(choices: list[str], correct: int) -> dict[str, Any]:
    return {"question": "Laquelle ?", "choices": choices, "correct": correct}


_GIVEN_AWAY = _q(["Non", "La bonne réponse, bien longue", "Oui"], 1)
_FAIR = _q(["Un mauvais choix assez long", "Bon", "Non"], 1)


def test_quiz_won_by_the_longest_choice_is_refused(tmp_path: Path) -> None:
    problems = _pack_with_quiz(tmp_path, [_GIVEN_AWAY, _GIVEN_AWAY, _GIVEN_AWAY, _FAIR])
    assert any(
        "quiz-droits" in p and "la plus longue dans 3 questions sur 4" in p and "quests/day01.yaml" in p
        for p in problems
    ), problems


def test_one_question_in_three_is_allowed(tmp_path: Path) -> None:
    assert _pack_with_quiz(tmp_path, [_GIVEN_AWAY, _FAIR, _FAIR]) == []


def test_two_in_five_is_more_than_a_third(tmp_path: Path) -> None:
    problems = _pack_with_quiz(tmp_path, [_GIVEN_AWAY, _GIVEN_AWAY, _FAIR, _FAIR, _FAIR])
    assert any("2 questions sur 5" in p for p in problems), problems


def test_a_tie_is_not_the_longest(tmp_path: Path) -> None:
    tie = _q(["Même longueur", "Autre longueur", "Non"], 0)
    assert _pack_with_quiz(tmp_path, [tie, tie, tie]) == []


def test_spaces_around_a_choice_do_not_count(tmp_path: Path) -> None:
    padded = _q(["   Oui   ", "Peut-être", "Non"], 0)
    assert _pack_with_quiz(tmp_path, [padded, padded]) == []


@pytest.mark.parametrize("name", ["default", "saint-lo"])
def test_shipped_packs_pass(name: str) -> None:
    pack = Path(__file__).resolve().parents[2] / "content" / "packs" / name
    assert [str(p) for p in check_pack(pack) if "plus longue" in p.reason] == []
