"""Names and addresses people type, refused or kept, compared whole: the kept text, or the
refusal's kind, code and words (docs/MUTATION.md)."""

from __future__ import annotations

import pytest

from game.rules import names
from game.rules.errors import InvalidInput
from game.rules.issuer import issuer_email


def refused(call: object, *args: str) -> tuple[str, str, str]:
    with pytest.raises(InvalidInput) as err:
        call(*args)  # type: ignore[operator]
    return type(err.value).__name__, err.value.code, err.value.message


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Zoé \t B ", "Zoé B"),
        ("Jo", "Jo"),
        ("x" * 24, "x" * 24),
        ("N'Golo", "N'Golo"),
        ("Ｉｎèｓ", "Inès"),  # full-width letters: NFKC
        ("Nguyễn", "Nguyễn"),  # two accents on one letter are fine
        ("Σοφία", "Σοφία"),
        ("Дима", "Дима"),
        ("Ali 2", "Ali 2"),
    ],
)
def test_a_nickname_is_kept_as_it_will_be_shown(typed: str, kept: str) -> None:
    assert names.clean_nickname(typed) == kept


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("J", "nickname_length", "Ton pseudo doit faire entre 2 et 24 caractères."),
        ("x" * 25, "nickname_length", "Ton pseudo doit faire entre 2 et 24 caractères."),
        ("-_", "nickname_letters", "Ton pseudo doit contenir des lettres ou des chiffres."),
        (
            "Inès 🎉",
            "nickname_characters",
            "Ton pseudo peut contenir des lettres, des chiffres, des espaces et - _ . ' "
            "mais pas d'emoji ni d'autre symbole.",
        ),
        (
            "In\u200bès",
            "nickname_characters",
            "Ton pseudo contient un caractère invisible ou de mise en forme : retape-le au clavier.",
        ),
        ("Ine\u0301\u0302\u0303s", "nickname_characters", "Ton pseudo a trop d'accents sur une même lettre."),
        ("Ιnès", "nickname_characters", "Ton pseudo mélange les alphabets grec et latin : écris-le avec un seul."),
        (
            "Дimа",
            "nickname_characters",
            "Ton pseudo mélange les alphabets cyrillique et latin : écris-le avec un seul.",
        ),
    ],
)
def test_a_nickname_that_cannot_be_shown_is_refused_in_words(typed: str, code: str, message: str) -> None:
    assert refused(names.clean_nickname, typed) == ("InvalidInput", code, message)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("  Équipe   n°1 ", "Équipe n°1"), ("A", "A"), ("x" * 60, "x" * 60), ("Les 3 + 2 = 5 €", "Les 3 + 2 = 5 €")],
)
def test_a_team_name_takes_punctuation_and_a_few_symbols(typed: str, kept: str) -> None:
    assert names.clean_team_name(typed) == kept


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Le nom d'équipe doit faire entre 1 et 60 caractères."),
        ("x" * 61, "Le nom d'équipe doit faire entre 1 et 60 caractères."),
        (
            "Les 🦊",
            "Le nom d'équipe peut contenir des lettres, des chiffres, des espaces et de la ponctuation, "
            "mais pas d'emoji ni d'autre symbole.",
        ),
        ("Aurore\u202e", "Le nom d'équipe contient un caractère invisible ou de mise en forme : retape-le au clavier."),
        ("Αurore", "Le nom d'équipe mélange les alphabets grec et latin : écris-le avec un seul."),
    ],
)
def test_a_team_name_that_cannot_be_shown_is_refused_in_words(typed: str, message: str) -> None:
    assert refused(names.clean_team_name, typed) == ("InvalidInput", "team_name", message)


def test_free_text_keeps_lines_and_emoji_and_drops_invisible_controls() -> None:
    assert names.clean_text("Salut\r\nça va ?\rOui\u2028non\u2029peut-être") == "Salut\nça va ?\nOui\nnon\npeut-être"
    assert names.clean_text("e\u0301\u202eabc\u200b\x00\tfin 👩\u200d💻") == "é" + "abc\tfin 👩\u200d💻"


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("  Contact@Mission-Locale.FR ", "Contact@mission-locale.fr"),
        ("a.b+c@ml.xn--p1ai", "a.b+c@ml.xn--p1ai"),
        ("x" * 64 + "@ml.fr", "x" * 64 + "@ml.fr"),
        (
            "a@" + ".".join(["d" * 60] * 4) + "." + "e" * 5 + ".fr",
            "a@" + ".".join(["d" * 60] * 4) + "." + "e" * 5 + ".fr",
        ),
    ],
)
def test_the_issuer_address_is_kept_with_its_domain_in_lower_case(typed: str, kept: str) -> None:
    assert len(kept) <= 254  # the longest allowed is 254
    assert issuer_email(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "contact",
        "contact@ml",
        "con tact@ml.fr",
        "x" * 65 + "@ml.fr",
        "a@" + ".".join(["d" * 60] * 4) + "." + "e" * 6 + ".fr",  # 255 characters
        "contact@-ml.fr",
        "contact@ml.f",
        "contact@ml.fr.",
        "@ml.fr",
        "a@b@ml.fr",
    ],
)
def test_an_issuer_address_that_is_not_one_is_refused_and_shown_back(typed: str) -> None:
    shown = typed if len(typed) <= 80 else typed[:79] + "…"
    assert refused(issuer_email, typed) == (
        "InvalidInput",
        "issuer_email",
        f"« {shown} » n'est pas une adresse e-mail valide : écrivez-la comme contact@mission-locale.fr.",
    )


def test_a_long_wrong_address_is_shown_cut_at_80_characters() -> None:
    exactly = "y" * 80
    assert refused(issuer_email, exactly)[2].startswith(f"« {exactly} » n'est pas")
    longer = "y" * 81
    assert refused(issuer_email, longer)[2].startswith("« " + "y" * 79 + "… » n'est pas")
    assert refused(issuer_email, "   ") == (
        "InvalidInput",
        "issuer_email",
        "Renseignez l'e-mail de contact de la Mission Locale : il figure sur les badges.",
    )
