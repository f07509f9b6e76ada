"""`finale.yaml` and the weekend place quests in `eclats content check`: the finale's
shape and references, an alternative's place, and no text promising « toute l'équipe »
when the rule asks for fewer people."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from content.loader import check_pack, load_pack

from .test_pack_loader import _MINIMAL, write_pack

FINALE: dict[str, Any] = {
    "id": "coeur",
    "title": "Le Cœur",
    "story": "Rallumez-le ensemble.",
    "fragments": [{"day": 1, "text": "Oser", "eclats": 10}, {"day": 2, "text": "Ensemble", "eclats": 10}],
    "question": "Quel mot ?",
    "answers": ["oe"],
    "hints": ["Les premières lettres."],
    "reward": 50,
    "success": "Bravo !",
}


def _check(tmp_path: Path, place: dict[str, Any] | None = None, finale: dict[str, Any] | None = None) -> list[str]:
    files = copy.deepcopy(_MINIMAL)
    quest = files["quests/day06.yaml"][0]
    quest.update(place or {})
    if finale is not None:
        files["finale.yaml"] = finale
    return [str(p) for p in check_pack(write_pack(tmp_path, files))]


def test_a_place_text_cannot_promise_the_whole_team_when_the_rule_asks_for_fewer(tmp_path: Path) -> None:
    problems = _check(tmp_path, {"team_min": 3, "question": "Validez quand toute l’équipe est là."})
    assert any("[0].question" in p and "toute l'équipe" in p and "3 personne" in p for p in problems), problems


def test_an_alternative_is_checked_like_the_quest(tmp_path: Path) -> None:
    alternative = {"place": "nulle-part", "question": "Venez avec toute l'équipe.", "team_min": 2}
    problems = _check(tmp_path, {"alternative": alternative})
    assert any("alternative.place" in p and "nulle-part" in p for p in problems), problems
    assert any("alternative.question" in p and "toute l'équipe" in p for p in problems), problems


def test_a_good_alternative_loads(tmp_path: Path) -> None:
    files = copy.deepcopy(_MINIMAL)
    files["quests/day06.yaml"][0]["alternative"] = {"place": "grand-place", "question": "Au pied de la colonne."}
    catalog = load_pack(write_pack(tmp_path, files))
    quest = catalog.quest("visite-grand-place")
    assert quest is not None and quest.alternative is not None
    assert (quest.alternative.place, quest.alternative.team_min, quest.alternative.window_minutes) == (
        "grand-place",
        1,
        20,
    )


def test_a_good_finale_loads_in_day_order(tmp_path: Path) -> None:
    files = copy.deepcopy(_MINIMAL)
    files["finale.yaml"] = {**FINALE, "fragments": list(reversed(FINALE["fragments"]))}
    catalog = load_pack(write_pack(tmp_path, files))
    assert catalog.finale is not None and [f.day for f in catalog.finale.fragments] == [1, 2]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"fragments": [{"day": 1, "text": "A", "eclats": 1}, {"day": 1, "text": "B", "eclats": 1}]}, "fragments"),
        ({"fragments": [{"day": 11, "text": "A", "eclats": 1}]}, "fragments[0].day"),
        ({"answers": []}, "answers"),
        ({"reward": 0}, "reward"),
        ({"id": "accueil-enigme"}, "id"),  # a quest's id: the win would be taken for it
        (
            {"fragments": [{"day": 1, "text": "A", "eclats": 1, "places": 1}]},
            "fragments[0].places",
        ),  # no place that day
    ],
)
def test_a_bad_finale_is_refused_with_where(tmp_path: Path, change: dict[str, Any], where: str) -> None:
    problems = _check(tmp_path, finale={**FINALE, **change})
    assert any(p.startswith(f"finale.yaml: {where}") for p in problems), problems


def test_a_pack_without_finale_has_none(tmp_path: Path) -> None:
    assert load_pack(write_pack(tmp_path, copy.deepcopy(_MINIMAL))).finale is None
