"""The self-diagnosis's scores and offer order, compared whole (docs/MUTATION.md)."""

from __future__ import annotations

import pytest

from game.rules import diagnosis as d
from game.rules.diagnosis import FamilyChange, FamilyScore, OfferOrder
from game.rules.errors import NotFound

from .test_diagnosis import DIAG, OFFERS


def test_priorities_ignore_a_choice_past_the_last_and_name_each_family() -> None:
    # e1's last choice is its 4th (index 3); index 4 does not exist and is ignored
    assert d.priorities(DIAG, {"e1": 4, "e2": 1, "l1": 2, "s1": 3}) == [
        FamilyScore("emploi", "Trouver un job", 100, 1),
        FamilyScore("logement", "Avoir un toit", 100, 1),
        FamilyScore("sante", "Ta santé", 0, 0),
    ]


def test_the_offers_left_follow_the_strongest_family_they_serve_then_the_packs_order() -> None:
    # below the priority threshold: nothing put forward, everything ordered;
    # « conseiller » serves logement (30) and sante (not scored): it counts 30
    scores = [FamilyScore("emploi", "Trouver un job", 20, 1), FamilyScore("logement", "Avoir un toit", 30, 1)]
    offer_ids = ("culture", *(o for o in OFFERS if o != "culture"))
    assert d.order_offers(DIAG, offer_ids, scores) == OfferOrder(
        ordered=("conseiller", "logement", "faj", "offres", "cv", "immersion", "interim", "culture", "sante"),
        priority=(),
    )


def test_day_1_beside_day_10_names_each_family() -> None:
    before = [FamilyScore("emploi", "Trouver un job", 60, 2)]
    after = [FamilyScore("emploi", "Trouver un job", 20, 2), FamilyScore("sante", "Ta santé", 50, 1)]
    assert d.compare(before, after) == [
        FamilyChange("emploi", "Trouver un job", 60, 20, -40),
        FamilyChange("sante", "Ta santé", 0, 50, 50),
    ]


@pytest.mark.parametrize("round_", [0, 2, 11])
def test_a_round_that_does_not_exist_is_not_found(round_: int) -> None:
    with pytest.raises(NotFound) as err:
        d.check_round_open(round_, 10)
    assert (type(err.value), err.value.code, err.value.status) == (NotFound, "no_round", 404)
