"""French typography on the server (game/rules/typography.py), the same rule as the
apps' ``frenchSpacing`` in static/shared/dom.js (tests/js/typography.test.mjs)."""

from __future__ import annotations

import pytest

from game.rules.typography import NARROW_NBSP, NBSP, french_spacing


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Preuves : ses réponses", f"Preuves{NBSP}: ses réponses"),
        ("Bravo !", f"Bravo{NARROW_NBSP}!"),
        ("Prêt ?", f"Prêt{NARROW_NBSP}?"),
        ("un ; deux", f"un{NARROW_NBSP}; deux"),
        ("« Bonjour »", f"«{NBSP}Bonjour{NBSP}»"),
        ("Quoi  ?!", f"Quoi{NARROW_NBSP}?!"),  # several spaces make one
    ],
)
def test_spaces_before_high_punctuation_and_inside_guillemets_do_not_break(given: str, expected: str) -> None:
    assert french_spacing(given) == expected


@pytest.mark.parametrize(
    "kept",
    [
        "RDV à 10:30",  # a time
        "https://eclats.test/verifier?badge=x",  # an address
        f"Déjà bien écrit{NBSP}: rien à faire{NARROW_NBSP}!",  # never doubled
        "Rien à changer ici.",
        "",
    ],
)
def test_what_has_no_ordinary_space_before_the_sign_is_left_as_it_is(kept: str) -> None:
    assert french_spacing(kept) == kept
