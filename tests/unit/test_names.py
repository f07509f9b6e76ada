"""The pure rules of names: UTS #39 skeletons, look-alikes, what a name may hold."""

from __future__ import annotations

import pytest

from game.rules import names
from game.rules.errors import InvalidInput, RuleViolation
from game.rules.teams import clean_nickname

from .confusable_source import TARGET, build_module, source_path


def test_the_shipped_confusables_table_is_unicodes_own() -> None:
    # the rules cannot read files, so the table is a module: made from the data, untouched
    assert TARGET.read_text(encoding="utf-8") == build_module(source_path().read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("paypal", "p\u0430yp\u0430l"),  # UTS #39's own example, with Cyrillic а
        ("scope", "\u0455\u0441\u043e\u0440\u0435"),  # all Cyrillic
        ("alice", "𝐚𝐥𝐢𝐜𝐞"),
        ("rn", "m"),
        ("l", "1"),
        ("l", "I"),
        ("0", "O"),
    ],
)
def test_look_alikes_share_a_skeleton(a: str, b: str) -> None:
    assert names.skeleton(a) == names.skeleton(b)


def test_case_and_accents_do_not_tell_names_apart_but_letters_do() -> None:
    assert names.lookalike_of("ALICE", ["alice"]) == "alice"
    assert names.lookalike_of("Zoe", ["Zoé", "Zoë"]) == "Zoé"
    assert names.lookalike_of("Zøe", ["Zoe"]) == "Zoe"
    # not transitive: a capital I looks like a small l, and like a small i by case
    assert names.lookalike_of("Iris", ["lris"]) == "lris"
    assert names.lookalike_of("Iris", ["iris"]) == "iris"
    assert names.lookalike_of("iris", ["lris"]) is None
    for other in ["Alicia", "Alix", "Inès", "Yanis", "Jean-Baptiste", "alice 2"]:
        assert names.lookalike_of("alice", [other]) is None, other


def test_nicknames_are_normalised_and_kept_as_typed_otherwise() -> None:
    assert names.clean_nickname("  Zoé   B ") == "Zoé B"
    assert names.clean_nickname("Ｚｏé") == "Zoé"  # fullwidth, as some keyboards type
    assert names.clean_nickname("Ze\u0301lie") == "Zélie"  # composed
    assert names.clean_nickname("Саша 59") == "Саша 59"  # one alphabet, with digits
    assert names.clean_nickname("Nguyễn") == "Nguyễn"  # two accents on one letter
    for bad in ["a", "x" * 25, "!!!", "---", "Lou ❤️", "Lou\u2764", "Lou\u200d", "Lou\u00ad", "Lou\n\u0007"]:
        with pytest.raises(InvalidInput):
            names.clean_nickname(bad)


def test_the_session_check_names_the_problem() -> None:
    with pytest.raises(RuleViolation) as same:
        clean_nickname("ALICE", {"alice", "bob"})
    assert same.value.code == "nickname_taken" and "déjà pris" in same.value.message
    with pytest.raises(RuleViolation) as alike:
        clean_nickname("a1ice", ["bob", "alice"])
    assert "ressemble trop" in alike.value.message
    assert clean_nickname("alicia", ["alice"]) == "alicia"


def test_free_text_loses_invisible_characters_but_keeps_lines_and_emoji() -> None:
    assert names.clean_text("Bravo\u202e !\u00ad\r\nÀ demain\u200b 👩\u200d💻") == "Bravo !\nÀ demain 👩\u200d💻"
    assert names.clean_text("Cafe\u0301") == "Café"
    assert names.clean_text("m² et ﬁn") == "m² et ﬁn"  # compatibility characters stay in free text


def test_team_names_allow_punctuation_but_no_emoji() -> None:
    assert names.clean_team_name("Les As (59) & Cie !") == "Les As (59) & Cie !"
    assert names.clean_team_name("Équipe n°1") == "Équipe n°1"
    for bad in ["", "Équipe 🚀", "Équipe\u202eA", "x" * 61]:
        with pytest.raises(InvalidInput):
            names.clean_team_name(bad)
