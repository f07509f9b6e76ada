"""What a pack author should improve, though the pack still plays: sentences too long
for a weak reader, acronyms the glossary does not explain, the point médian, offers
whose facts were checked more than a year ago. Reported as warnings
(``eclats content check`` prints them; ``--strict`` fails on them)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from .local import GLOSSARY_FILE, MISSION_LOCALE_FILE
from .problems import (
    CHARACTERS_FILE,
    DIAGNOSIS_FILE,
    OFFERS_FILE,
    PACK_FILE,
    PLACES_FILE,
    SKILLS_FILE,
    Inspection,
)

#: the longest sentence a weak reader follows (the issue's reading rule)
MAX_WORDS = 25
#: facts older than this are checked again with their sources
MAX_AGE_MONTHS = 12
POINT_MEDIAN = "·"

#: fields that are not read by anyone as sentences (ids, references, codes, addresses)
_NOT_PROSE = {
    "id",
    "kind",
    "character",
    "speaker",
    "prerequisites",
    "offers",
    "skills",
    "place",
    "family",
    "sources",
    "website",
    "email",
    "phone",
    "stops",
    "order",
    "color",
    "separator",
    "answers",
    "pieces",
    "category",
    "term",
    "verified_on",
    "urgent",
    "evidence",
}
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[^\s.!?…])")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
#: two or more capitals (digits allowed after the first): CEJ, PMSMP, E2C, RQTH
ACRONYM = re.compile(r"(?<![\w.@/-])([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ0-9]+)(?![\w@/])")


def texts(data: Any, path: str = "", skip: Collection[str] = _NOT_PROSE) -> Iterator[tuple[str, str]]:
    """Every text of a raw YAML value with its path, the keys in ``skip`` left out
    (by default what is not prose: ids, dates, sources…)."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from texts(item, f"{path}[{i}]", skip)
    elif isinstance(data, Mapping):
        for key, value in data.items():
            if key not in skip:
                yield from texts(value, f"{path}.{key}" if path else str(key), skip)


def _files(found: Inspection) -> Iterator[tuple[str, Any]]:
    yield MISSION_LOCALE_FILE, found.mission_locale
    yield PACK_FILE, found.pack
    for name in (CHARACTERS_FILE, OFFERS_FILE, SKILLS_FILE, PLACES_FILE):
        list_file = found.lists.get(name)
        yield name, list_file.raw if list_file else None
    yield DIAGNOSIS_FILE, found.diagnosis_raw
    yield GLOSSARY_FILE, found.glossary.raw if found.glossary else None
    for quest_file in found.quest_files:
        yield quest_file.name, quest_file.raw
    yield "rounds.yaml", found.rounds.raw if found.rounds else None
    yield "finale.yaml", found.finale_raw


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


def words(sentence: str) -> int:
    return len(_WORD.findall(sentence))


def acronyms(text: str) -> set[str]:
    return set(ACRONYM.findall(text))


def readability(found: Inspection) -> None:
    """Warn on long sentences, unexplained acronyms and the point médian."""
    explained = {
        str(e.get("term", "")).strip() for e in (found.glossary.raw if found.glossary else []) if isinstance(e, Mapping)
    }
    characters = found.lists.get(CHARACTERS_FILE)
    names = {
        word
        for entry in (characters.raw if characters else [])
        if isinstance(entry, Mapping)
        for word in str(entry.get("name", "")).split()
        if word.isupper()
    }
    for file, data in _files(found):
        if data is None:
            continue
        for path, text in texts(data):
            for sentence in sentences(text):
                if (count := words(sentence)) > MAX_WORDS:
                    found.warn(file, path, f"phrase de {count} mots ({MAX_WORDS} au plus) : « {_start(sentence)} »")
            missing = sorted(acronyms(text) - explained - names)
            if missing:
                found.warn(file, path, f"sigle absent de {GLOSSARY_FILE} : {', '.join(missing)}")
            if POINT_MEDIAN in text:
                found.warn(
                    file,
                    path,
                    "point médian « · » : écrivez les deux formes en entier (« prêt ou prête ») ou une tournure neutre",
                )


def stale_offers(found: Inspection, today: dt.date) -> None:
    """Warn on offers whose facts were checked more than 12 months before ``today``."""
    offers = found.lists.get(OFFERS_FILE)
    if offers is None or not offers.valid:
        return
    limit = _months_before(today, MAX_AGE_MONTHS)
    for index, offer in enumerate(offers.loaded):
        if offer["verified_on"] < limit:
            found.warn(
                OFFERS_FILE,
                f"[{index}].verified_on",
                f"vérifiée le {offer['verified_on']:%d/%m/%Y}, il y a plus de {MAX_AGE_MONTHS} mois : "
                "revérifiez l'offre avec ses sources, puis changez la date",
            )
        elif offer["verified_on"] > today:
            found.warn(OFFERS_FILE, f"[{index}].verified_on", "date de vérification dans le futur")


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (day.day, 30, 29, 28):  # 29 February a year before is 28 February
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _start(sentence: str, length: int = 60) -> str:
    return sentence if len(sentence) <= length else sentence[:length].rsplit(" ", 1)[0] + "…"
