"""The issuer's contact e-mail (``game.rules.issuer``): what a facilitator may type, and
which address the Open Badges 2.0 issuer profile shows."""

from __future__ import annotations

import pytest

from game.rules.errors import InvalidInput
from game.rules.issuer import ISSUER_EMAIL, contact, issuer_email


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("contact@mission-locale.fr", "contact@mission-locale.fr"),
        ("  Badges.ML+2027@Lille.Mission-Locale.FR \n", "Badges.ML+2027@lille.mission-locale.fr"),
        ("o'neil_d@ml-cayenne.gf", "o'neil_d@ml-cayenne.gf"),
        ("accueil@xn--mission-locale-bkb.xn--p1ai", "accueil@xn--mission-locale-bkb.xn--p1ai"),
    ],
)
def test_addresses_people_use_are_kept(typed: str, kept: str) -> None:
    assert issuer_email(typed) == kept


@pytest.mark.parametrize(
    "typed", ["", "contact", "contact@", "@ml.fr", "contact@ml", "contact@ml..fr", "contact@ml.fr.", "a\t@ml.fr"]
)
def test_what_is_not_an_address_is_refused_in_french(typed: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        issuer_email(typed)
    assert refused.value.code == ISSUER_EMAIL and refused.value.status == 422
    assert "e-mail" in refused.value.message


def test_the_console_wins_then_the_environment_then_nothing() -> None:
    assert contact("contact@ml.fr", "env@ml.fr").email == "contact@ml.fr"
    assert contact("contact@ml.fr", "env@ml.fr").source == "console"
    assert (contact(None, " Env@ML.fr ").email, contact(None, "env@ml.fr").source) == ("Env@ml.fr", "environment")
    for unset in (contact(None, None), contact(None, ""), contact(None, "pas une adresse")):
        assert unset.email is None and unset.source is None
        assert not unset.complete and unset.missing == (ISSUER_EMAIL,)
    assert contact(None, "env@ml.fr").complete and contact(None, "env@ml.fr").missing == ()
