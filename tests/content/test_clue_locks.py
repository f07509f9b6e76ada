"""Clue locks and variants in packs: the default pack has one clue lock a day whose
variants all load, and the loader names what is wrong in a clue lock or a variant
(small packs written to a temporary folder, from test_pack_loader's minimal pack)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from content.catalog import QuestKind
from content.loader import Problem, load_named_pack, load_pack
from game.rules import quest_variants

from .test_pack_loader import _MINIMAL, Files, problems_of, write_pack

CLUE_LOCK: dict[str, Any] = {
    "id": "fiche-paie",
    "day": 2,
    "kind": "clue_lock",
    "title": "La fiche de paie",
    "story": "Jade a reçu sa fiche de paie.",
    "question": "Quelles lignes sont fausses ?",
    "documents": [
        {
            "title": "Bulletin de paie",
            "style": "payslip",
            "rows": [{"label": "Taux horaire brut", "value": "{{v.taux}}"}],
        },
        {"title": "Note", "style": "memo", "text": "Le SMIC horaire brut est de 12,02 €."},
    ],
    "code": "{{v.code}}",
    "reward": 20,
    "hints": [{"text": "Regarde la ligne {{v.code}}.", "cost": 5}],
    "duration_minutes": 15,
    "success": "Bravo.",
    "variants": [{"taux": "11,88 €", "code": "1"}, {"taux": "12,02 €", "code": "2"}],
}


@pytest.fixture
def files() -> Files:
    """A fresh copy of the loader tests' minimal valid pack."""
    return copy.deepcopy(_MINIMAL)


def with_lock(files: Files, **changes: Any) -> Files:
    files["quests/day02.yaml"].append({**CLUE_LOCK, **changes})
    return files


def reasons(problems: list[Problem]) -> list[str]:
    return [f"{p.path}: {p.reason}" for p in problems]


def test_each_default_day_has_a_clue_lock_whose_variants_all_play() -> None:
    catalog = load_named_pack("default")
    for day in range(1, 11):
        locks = [q for q in catalog.quests_of_day(day) if q.kind is QuestKind.CLUE_LOCK]
        assert locks, f"day {day}: no clue lock"
        for lock in locks:
            assert len(lock.documents) >= 2 and len(lock.variants) >= 2
            codes = set()
            for index in range(len(lock.variants)):
                played = quest_variants.apply(lock, index)
                assert played.code and "{{" not in played.code
                assert all("{{" not in r.value for d in played.documents for r in d.rows)
                codes.add(played.code)
            assert len(codes) >= 2, f"{lock.id}: every variant has the same code"


def test_a_clue_lock_loads_with_its_documents_and_variants(tmp_path: Path, files: Files) -> None:
    catalog = load_pack(write_pack(tmp_path, with_lock(files)))
    lock = catalog.quest("fiche-paie")
    assert lock is not None and lock.kind is QuestKind.CLUE_LOCK
    assert [d.style for d in lock.documents] == ["payslip", "memo"]
    assert lock.documents[0].rows[0].label == "Taux horaire brut"
    assert lock.code == "{{v.code}}"  # as written: each session fills it
    assert quest_variants.apply(lock, 1).documents[0].rows[0].value == "12,02 €"


def test_a_clue_lock_needs_documents_and_a_code(tmp_path: Path, files: Files) -> None:
    lock = {k: v for k, v in CLUE_LOCK.items() if k not in ("documents", "code")}
    files["quests/day02.yaml"].append(lock)
    found = reasons(problems_of(tmp_path, files))
    assert "[3].documents: champ obligatoire pour une quête « clue_lock »" in found
    assert "[3].code: champ obligatoire pour une quête « clue_lock »" in found


def test_an_unknown_document_style_is_named(tmp_path: Path, files: Files) -> None:
    docs = [{**CLUE_LOCK["documents"][0], "style": "poster"}]
    found = reasons(problems_of(tmp_path, with_lock(files, documents=docs)))
    assert any(r.startswith("[3].documents[0].style: style de document inconnu : « poster »") for r in found), found


def test_a_variant_placeholder_without_variants_is_a_problem(tmp_path: Path, files: Files) -> None:
    lock = {k: v for k, v in CLUE_LOCK.items() if k != "variants"}
    files["quests/day02.yaml"].append(lock)
    found = reasons(problems_of(tmp_path, files))
    assert "[3].code: « {{v.code}} » : cette quête n'a pas de « variants »" in found
    assert "[3].documents[0].rows[0].value: « {{v.taux}} » : cette quête n'a pas de « variants »" in found


def test_a_variant_missing_a_key_or_defining_one_for_nothing_is_named(tmp_path: Path, files: Files) -> None:
    variants = [{"taux": "11,88 €", "code": "1"}, {"code": "2", "tx": "12,02 €"}]
    found = reasons(problems_of(tmp_path, with_lock(files, variants=variants)))
    assert "[3].variants[1]: clé « taux » manquante : la quête utilise {{v.taux}}" in found
    assert "[3].variants[1]: clé « tx » jamais utilisée par la quête" in found
    assert not any(r.startswith("[3].variants[0]") for r in found)


def test_each_variant_must_give_a_valid_quest(tmp_path: Path, files: Files) -> None:
    docs = [{**CLUE_LOCK["documents"][0], "style": "{{v.style}}"}]
    variants = [{"taux": "1", "code": "1", "style": "payslip"}, {"taux": "2", "code": "2", "style": "poster"}]
    found = reasons(problems_of(tmp_path, with_lock(files, documents=docs, variants=variants)))
    assert any(
        r.startswith("[3].variants[1]: avec cette variante, [3].documents[0].style : style de document") for r in found
    )
    assert not any(r.startswith("[3].variants[0]") for r in found)


@pytest.mark.parametrize("bad", [{"code": ""}, {"code": ["1"]}, {"Code": "1"}, {}])
def test_a_malformed_variant_is_refused(tmp_path: Path, files: Files, bad: dict[str, Any]) -> None:
    variants = [{"taux": "1", "code": "1"}, bad]
    found = reasons(problems_of(tmp_path, with_lock(files, variants=variants)))
    assert any(r.startswith("[3].variants[1]") for r in found), found


def test_the_mission_locale_placeholders_still_work_beside_variants(tmp_path: Path, files: Files) -> None:
    """``{{v.…}}`` is let through by the local block's resolution, nothing else is."""
    found = reasons(problems_of(tmp_path, with_lock(files, success="Bravo {{zz.x}}.")))
    assert any("{{zz.x}}" in r for r in found)
    assert not any("{{v.code}}" in r for r in found)
