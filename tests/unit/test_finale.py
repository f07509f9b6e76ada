"""The finale rule: which fragments a team earned from its daily gains, the group's
fragments pooled from every team, when the finale is playable, and the answer."""

from __future__ import annotations

import pytest

from content.catalog import Catalog, Finale, Fragment
from content.loader import load_named_pack
from game.rules import finale as rule
from game.rules.calendar import Calendar, Status
from game.rules.errors import RuleViolation
from game.rules.text import normalize_answer

FINALE = Finale(
    id="coeur",
    title="Le Cœur",
    story="",
    fragments=(Fragment(1, "Suivi", 50), Fragment(2, "Oser", 40), Fragment(3, "Leçon", 30)),
    question="Quel mot ?",
    answers=("solidarité", "la solidarité"),
    hints=(),
    reward=50,
    success="Bravo",
)


@pytest.fixture(scope="module")
def pack() -> Catalog:
    return load_named_pack("default")


def test_a_day_gain_is_the_net_of_that_days_missions_whenever_they_were_played(pack: Catalog) -> None:
    day1 = pack.quests_of_day(1)[0].id
    day6 = pack.quests_of_day(6)[0].id
    entries = [(day1, 20), (day1, 15), (day1, -5), (day6, 30), ("coeur-avenir", 50), (None, 10)]
    assert rule.day_gains(pack, entries) == {1: 30, 6: 30}  # hints count against; the finale and bonuses for no day


def test_a_fragment_is_earned_at_its_threshold_not_one_eclat_below() -> None:
    assert rule.earned(FINALE, {1: 50, 2: 39, 3: 31}) == frozenset({1, 3})
    assert rule.earned(FINALE, {1: 49}) == frozenset()
    assert rule.earned(FINALE, {}) == frozenset()


def test_the_group_pools_every_teams_fragments_and_names_who_brought_each() -> None:
    pieces = rule.pooled(FINALE, {7: frozenset({1}), 8: frozenset({1, 2})})
    assert [(p.day, p.text, p.found, p.teams) for p in pieces] == [
        (1, "Suivi", True, (7, 8)),
        (2, "Oser", True, (8,)),
        (3, rule.HIDDEN, False, ()),  # no team earned it: the group sees « ? »
    ]


@pytest.mark.parametrize(
    ("status", "day", "playable"),
    [
        (Status.RUNNING, 10, True),
        (Status.RUNNING, 9, False),
        (Status.PAUSED, 10, False),
        (Status.FINISHED, 10, False),
        (Status.DRAFT, 0, False),
    ],
)
def test_the_finale_is_played_once_the_last_day_is_open(status: Status, day: int, playable: bool) -> None:
    cal = Calendar(status=status, current_day=day)
    assert rule.playable(cal) is playable
    if playable:
        rule.ensure_playable(cal, solved=False)
    else:
        with pytest.raises(RuleViolation):
            rule.ensure_playable(cal, solved=False)


def test_a_won_finale_cannot_be_won_twice() -> None:
    with pytest.raises(RuleViolation) as caught:
        rule.ensure_playable(Calendar(status=Status.RUNNING, current_day=10), solved=True)
    assert caught.value.code == "finale_solved"


@pytest.mark.parametrize("typed", ["solidarité", "  SOLIDARITE ", "La solidarité !", "solidarite"])
def test_the_answer_forgives_case_accents_and_spaces(typed: str) -> None:
    assert rule.check(FINALE, typed)


@pytest.mark.parametrize("typed", ["solidaire", "", "ensemble", "solidarités en plus"])
def test_a_wrong_answer_is_wrong(typed: str) -> None:
    assert not rule.check(FINALE, typed)


def test_the_default_packs_fragments_spell_the_answer_one_a_day(pack: Catalog) -> None:
    """The escape-game design: the first letters of the ten fragments, day after day,
    are an accepted answer; so a missing fragment leaves a word with one gap."""
    finale = pack.finale
    assert finale is not None
    assert [f.day for f in finale.fragments] == [d.number for d in pack.days]
    initials = "".join(f.text[0] for f in finale.fragments)
    assert rule.check(finale, initials)
    assert normalize_answer(initials) == normalize_answer(finale.answers[0])


def test_a_fragment_asking_for_places_needs_them_whatever_the_eclats(pack: Catalog) -> None:
    weekend = Finale(**{**FINALE.__dict__, "fragments": (Fragment(6, "Art", 50, places=1),)})
    assert rule.earned(weekend, {6: 500}) == frozenset()  # a rich team that skipped the places
    assert rule.earned(weekend, {6: 500}, {6: 0}) == frozenset()
    assert rule.earned(weekend, {6: 50}, {6: 1}) == frozenset({6})
    place = next(q for q in pack.quests_of_day(6) if q.place)
    riddle = next(q for q in pack.quests_of_day(6) if not q.place)
    assert rule.places_won(pack, [place.id, riddle.id, "coeur-avenir"]) == {6: 1}


def test_the_weekend_fragments_need_a_place_and_every_fragment_can_be_earned(pack: Catalog) -> None:
    """Days 6 and 7 count: their fragment needs one of the day's places won (or its
    in-town alternative, the same mission); and no fragment asks more than its day gives."""
    finale = pack.finale
    assert finale is not None
    for fragment in finale.fragments:
        quests = pack.quests_of_day(fragment.day)
        assert fragment.eclats <= sum(q.reward for q in quests), fragment
        assert fragment.places <= sum(1 for q in quests if q.place), fragment
        assert (fragment.places >= 1) is (fragment.day in (6, 7)), fragment
