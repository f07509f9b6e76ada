"""Names people see of each other (nicknames, team names), and free text shown to others.

A name must read as what it is. On the live server, 9 of 11 look-alikes of « alice » got
in beside it: a zero-width space, a bidi override, Cyrillic « а », a soft hyphen… So a
name is normalised (NFKC: fullwidth « ａｌｉｃｅ » is « alice »), refused when it holds
a character that is invisible or changes how text is laid out, and refused when it looks
like a name already there: two names clash when their confusable skeletons (Unicode
UTS #39) match, ignoring case and accents.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import cache

from .confusable_table import TABLE
from .errors import InvalidInput

NICKNAME_MIN, NICKNAME_MAX = 2, 24
TEAM_NAME_MIN, TEAM_NAME_MAX = 1, 60
MAX_MARKS_PER_LETTER = 2  # « ệ » has two; a pile of them (« Zalgo ») spills over other lines

# Besides letters, digits and spaces. The apostrophes are for « N'Golo », « D’Artagnan ».
NICKNAME_PUNCTUATION = frozenset("-_.'’")
TEAM_NAME_SYMBOLS = frozenset("°")  # « Équipe n°1 »; other symbols (emoji) are refused

# Default-ignorable code points that are not format characters (Cf): nothing shows, yet
# they make two names differ.
_IGNORABLE = frozenset(
    [
        *(0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x2800, 0x3164, 0xFFA0),
        *range(0xFE00, 0xFE10),  # variation selectors
        *range(0xE0100, 0xE01F0),
    ]
)
# Categories of characters never allowed in a name: controls, format characters (zero-width
# spaces and joiners, bidi marks, embeddings, overrides and isolates, soft hyphen, tags),
# surrogates, private use, unassigned, line and paragraph separators.
_NEVER = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})

# Free text loses controls and format characters (zero-width spaces, soft hyphens, bidi
# marks, embeddings, overrides and isolates), but keeps line breaks, tabs and the
# zero-width (non-)joiners that emoji and some scripts are made of.
_TEXT_DROP = frozenset({"Cc", "Cf", "Cs"})
_TEXT_KEEP = frozenset("\n\t\u200c\u200d")

# Scripts whose letters pass for one another (UTS #39): one name uses one of them at most.
_LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
_SCRIPT_NAMES = {"LATIN": "latin", "CYRILLIC": "cyrillique", "GREEK": "grec"}


@cache
def _prototypes() -> dict[str, str]:
    table = {}
    for line in TABLE.split("\n"):
        if line:
            source, *target = line.split()
            table[chr(int(source, 16))] = "".join(chr(int(t, 16)) for t in target)
    return table


def skeleton(text: str) -> str:
    """The confusable skeleton of UTS #39: NFD, each character replaced by its
    prototype, NFD again. Two strings with the same skeleton look alike."""
    table = _prototypes()
    mapped = "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


def _mark(ch: str) -> bool:
    """An accent or other mark drawn on the letter before it (not a spacing one)."""
    return unicodedata.category(ch) in ("Mn", "Me")


def _fold(text: str) -> str:
    """Case and accents away, so that « ALICE », « Alicé » and « alice » clash."""
    return "".join(ch for ch in text.casefold() if not _mark(ch))


def lookalike_keys(name: str) -> frozenset[str]:
    """Two names look alike when they share a key. Both orders of skeleton and case
    folding count: « Iris » looks like « lris » (capital I is a small l), and like
    « iris » (case), though « iris » does not look like « lris »."""
    return frozenset({_fold(skeleton(name)), _fold(skeleton(name.casefold()))})


def lookalike_of(name: str, others: Iterable[str]) -> str | None:
    """The first of ``others`` that looks like ``name``, if any."""
    keys = lookalike_keys(name)
    return next((other for other in others if keys & lookalike_keys(other)), None)


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) in _NEVER or ord(ch) in _IGNORABLE


def _normalise(raw: str, field: str, what: str, allowed: Callable[[str], bool], refused: str) -> str:
    """NFKC, whitespace collapsed to single spaces, then refused: characters ``allowed``
    does not take (with the message ``refused``), invisible ones, piles of accents and
    look-alike alphabets mixed together."""
    text = " ".join(unicodedata.normalize("NFKC", raw).split())  # tabs, line breaks: spaces
    if any(not allowed(ch) for ch in text if not _invisible(ch)):
        raise InvalidInput(field, refused)
    if any(_invisible(ch) for ch in text):
        raise InvalidInput(field, f"{what} contient un caractère invisible ou de mise en forme : retape-le au clavier.")
    run = 0
    for ch in unicodedata.normalize("NFD", text):
        run = run + 1 if _mark(ch) else 0
        if run > MAX_MARKS_PER_LETTER:
            raise InvalidInput(field, f"{what} a trop d'accents sur une même lettre.")
    scripts = sorted(
        {s for ch in text if ch.isalpha() for s in _LOOKALIKE_SCRIPTS if unicodedata.name(ch, "").startswith(s + " ")}
    )
    if len(scripts) > 1:
        mixed = " et ".join(_SCRIPT_NAMES[s] for s in scripts)
        raise InvalidInput(field, f"{what} mélange les alphabets {mixed} : écris-le avec un seul.")
    return text


def _nickname_character(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LM" or category == "Nd" or ch == " " or ch in NICKNAME_PUNCTUATION


def _team_name_character(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LMNPZ" or category in ("Sm", "Sc") or ch in TEAM_NAME_SYMBOLS


def clean_nickname(raw: str) -> str:
    """A nickname as it will be shown: letters (any alphabet, accents welcome), digits,
    spaces and - _ . ' — no emoji or other symbol, which old phones and the printed
    booklet cannot draw and nobody can read aloud. Uniqueness is ``lookalike_of``'s."""
    nickname = _normalise(
        raw,
        "nickname_characters",
        "Ton pseudo",
        _nickname_character,
        "Ton pseudo peut contenir des lettres, des chiffres, des espaces et - _ . ' "
        "mais pas d'emoji ni d'autre symbole.",
    )
    if not NICKNAME_MIN <= len(nickname) <= NICKNAME_MAX:
        raise InvalidInput(
            "nickname_length",
            f"Ton pseudo doit faire entre {NICKNAME_MIN} et {NICKNAME_MAX} caractères.",
        )
    if not any(ch.isalnum() for ch in nickname):
        raise InvalidInput("nickname_letters", "Ton pseudo doit contenir des lettres ou des chiffres.")
    return nickname


def clean_team_name(raw: str) -> str:
    """A team name: like a nickname, with any punctuation, + = < > € $ and « ° » too."""
    name = _normalise(
        raw,
        "team_name",
        "Le nom d'équipe",
        _team_name_character,
        "Le nom d'équipe peut contenir des lettres, des chiffres, des espaces et de la ponctuation, "
        "mais pas d'emoji ni d'autre symbole.",
    )
    if not TEAM_NAME_MIN <= len(name) <= TEAM_NAME_MAX:
        raise InvalidInput(
            "team_name", f"Le nom d'équipe doit faire entre {TEAM_NAME_MIN} et {TEAM_NAME_MAX} caractères."
        )
    return name


def clean_text(raw: str) -> str:
    """Free text that others will read (messages, answers sent for review): composed
    (NFC), line breaks kept, control and invisible format characters dropped — bidi
    controls above all, which make a message show something it does not say. Emoji
    stay, with the zero-width joiners they are made of."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return "".join(ch for ch in text if ch in _TEXT_KEEP or unicodedata.category(ch) not in _TEXT_DROP)
