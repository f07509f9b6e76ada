"""Building the catalogue, only ever from fully valid data (``Inspection`` without problems)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from content.catalog import (
    Address,
    Alternative,
    Catalog,
    Character,
    Day,
    Diagnosis,
    DiagnosisChoice,
    DiagnosisFamily,
    DiagnosisQuestion,
    DialogueChoice,
    DialogueLine,
    Document,
    DocumentRow,
    GlossaryEntry,
    Hint,
    MissionLocale,
    Offer,
    Partner,
    Place,
    Quest,
    QuestKind,
    QuizQuestion,
    Route,
    Skill,
)

from .finale import build_finale
from .local import national_helplines
from .problems import CHARACTERS_FILE, OFFERS_FILE, PLACES_FILE, SKILLS_FILE, Inspection
from .rounds import build_rounds


def build_catalog(root: Path, found: Inspection) -> Catalog:
    assert found.pack is not None  # guaranteed by the absence of problems

    def loaded(name: str) -> list[dict[str, Any]]:
        list_file = found.lists[name]
        assert list_file is not None and list_file.valid
        return list_file.loaded

    pack = found.pack
    # an ordered route makes each stop wait for the one before it
    before = {
        stop: day["route"]["stops"][i - 1]
        for day in pack["days"]
        if day.get("route") and day["route"]["order"] == "ordered"
        for i, stop in enumerate(day["route"]["stops"])
        if i > 0
    }
    quests = [_quest(data, before.get(data["id"])) for quest_file in found.quest_files for data in quest_file.loaded]
    quests.sort(key=lambda quest: quest.day)  # stable: file order within a day
    block = _mission_locale(found.mission_locale) if found.mission_locale is not None else None
    contacts = block.contacts if block else {}
    return Catalog(
        name=root.absolute().name,
        title=pack["title"],
        organisation=pack["organisation"],
        town=pack["town"],
        description=pack["description"],
        company=pack["company"],
        days=tuple(sorted((_day(day) for day in pack["days"]), key=lambda day: day.number)),
        characters=tuple(Character(**data) for data in loaded(CHARACTERS_FILE)),
        offers=tuple(_offer(data, contacts) for data in loaded(OFFERS_FILE)),
        skills=tuple(Skill(**{**data, "evidence": tuple(data["evidence"])}) for data in loaded(SKILLS_FILE)),
        places=tuple(Place(**data) for data in loaded(PLACES_FILE)),
        quests=tuple(quests),
        diagnosis=_diagnosis(found.diagnosis) if found.diagnosis is not None else None,
        mission_locale=block,
        glossary=tuple(GlossaryEntry(**e) for e in found.glossary.loaded) if found.glossary else (),
        helplines=national_helplines(),
        rounds=build_rounds(found),
        finale=build_finale(found),
    )


def _offer(data: dict[str, Any], contacts: Mapping[str, str]) -> Offer:
    """The block's contact for an offer wins over the offer's own (checked: one exists)."""
    contact = contacts.get(data["id"]) or data["contact"]
    return Offer(**{**data, "contact": contact, "sources": tuple(data["sources"])})


def _mission_locale(data: dict[str, Any]) -> MissionLocale:
    return MissionLocale(
        name=data["name"],
        town=data["town"],
        region=data["region"],
        phone=data["phone"],
        website=data["website"],
        email=data["email"],
        welcome=data["welcome"],
        addresses=tuple(Address(**a) for a in data["addresses"]),
        contacts=dict(data["contacts"]),
        partners=tuple(Partner(**p) for p in data["partners"]),
    )


def _diagnosis(data: dict[str, Any]) -> Diagnosis:
    return Diagnosis(
        families=tuple(DiagnosisFamily(f["id"], f["name"], tuple(f["offers"])) for f in data["families"]),
        questions=tuple(
            DiagnosisQuestion(
                id=q["id"],
                family=q["family"],
                text=q["text"],
                choices=tuple(DiagnosisChoice(c["text"], c["need"], tuple(c["urgent"])) for c in q["choices"]),
                follow_up=q["follow_up"],
            )
            for q in data["questions"]
        ),
    )


def _day(data: dict[str, Any]) -> Day:
    route = data.get("route")
    return Day(
        number=data["number"],
        title=data["title"],
        intro=data["intro"],
        autonomous=data["autonomous"],
        route=Route(route["title"], route["order"] == "ordered", tuple(route["stops"])) if route else None,
        reflection=tuple(data.get("reflection", ())),
    )


def _quest(data: dict[str, Any], previous_stop: str | None = None) -> Quest:
    prerequisites = tuple(data["prerequisites"])
    if previous_stop and previous_stop not in prerequisites:
        prerequisites += (previous_stop,)
    return Quest(
        id=data["id"],
        day=data["day"],
        kind=QuestKind(data["kind"]),
        title=data["title"],
        story=data["story"],
        character=data["character"],
        prerequisites=prerequisites,
        reward=data["reward"],
        offers=tuple(data["offers"]),
        skills=tuple(data["skills"]),
        hints=tuple(Hint(**hint) for hint in data["hints"]),
        max_attempts=data["max_attempts"],
        duration_minutes=data["duration_minutes"],
        success=data["success"],
        question=data.get("question", ""),
        answers=tuple(data.get("answers", ())),
        quiz=tuple(QuizQuestion(q["question"], tuple(q["choices"]), q["correct"]) for q in data.get("questions", ())),
        lines=tuple(DialogueLine(**line) for line in data.get("lines", ())),
        choices=tuple(DialogueChoice(**choice) for choice in data.get("choices", ())),
        pieces=tuple(data.get("pieces", ())),
        separator=data.get("separator", ""),
        place=data.get("place"),
        team_min=data.get("team_min", 1),
        window_minutes=data.get("window_minutes", 20),
        hot_cold=data.get("hot_cold", False),
        alternative=Alternative(**data["alternative"]) if data.get("alternative") else None,
        documents=tuple(_document(d) for d in data.get("documents", ())),
        code=data.get("code", ""),
        variants=tuple(dict(v) for v in data.get("variants", ())),
    )


def _document(data: dict[str, Any]) -> Document:
    rows = tuple(DocumentRow(r["label"], r["value"]) for r in data["rows"])
    return Document(data["title"], data["style"], data.get("text", ""), rows)
