"""The default pack shipped with Éclats, against what the game promises players.

These checks recompute reachability and offer coverage from the catalogue instead of
trusting the loader's own checks, so a loader bug cannot hide a broken pack.
"""

from __future__ import annotations

import pytest

from content.catalog import Catalog, QuestKind
from content.loader import PACKS_DIR, available_packs, check_pack, load_pack

pytestmark = pytest.mark.filterwarnings("error")

DEFAULT_PACK = PACKS_DIR / "default"

#: Kinds whose flow exists or whose format is reserved: the default pack shows each.
PLAYED_KINDS = {
    QuestKind.RIDDLE,
    QuestKind.QUIZ,
    QuestKind.DIALOGUE,
    QuestKind.CODE_LOCK,
    QuestKind.FREE_TEXT,
    QuestKind.PHOTO,
    QuestKind.APPOINTMENT,
    QuestKind.PLACE,
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_pack(DEFAULT_PACK)


def test_default_pack_has_no_problem() -> None:
    problems = check_pack(DEFAULT_PACK)

    assert [str(p) for p in problems] == []


def test_default_pack_is_listed() -> None:
    assert "default" in available_packs()


def test_catalogue_is_named_after_its_folder(catalog: Catalog) -> None:
    assert catalog.name == "default"


def test_has_the_25_service_offers(catalog: Catalog) -> None:
    assert len(catalog.offers) == 25
    assert len({o.id for o in catalog.offers}) == 25


def test_every_quest_is_reachable(catalog: Catalog) -> None:
    reachable: set[str] = set()
    for quest in catalog.quests:  # sorted by day: prerequisites come first
        if all(
            p in reachable and (q := catalog.quest(p)) is not None and q.day <= quest.day for p in quest.prerequisites
        ):
            reachable.add(quest.id)

    assert [q.id for q in catalog.quests if q.id not in reachable] == []


def test_every_offer_is_unlocked_by_some_quest(catalog: Catalog) -> None:
    unlocked = {offer for quest in catalog.quests for offer in quest.offers}

    assert [o.id for o in catalog.offers if o.id not in unlocked] == []


def test_ten_days_with_the_weekend_autonomous(catalog: Catalog) -> None:
    assert [d.number for d in catalog.days] == list(range(1, 11))
    assert [d.number for d in catalog.days if d.autonomous] == [6, 7]


@pytest.mark.parametrize("number", range(1, 11))
def test_each_day_lasts_about_two_hours(catalog: Catalog, number: int) -> None:
    minutes = sum(q.duration_minutes for q in catalog.quests_of_day(number))

    assert 100 <= minutes <= 140, f"jour {number} : {minutes} minutes"


def test_every_quest_kind_appears(catalog: Catalog) -> None:
    assert PLAYED_KINDS - {q.kind for q in catalog.quests} == set()
