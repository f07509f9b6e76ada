"""diagnosis.yaml: optional, checked like the rest of a pack, and written for the default pack."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from content.catalog import MAX_NEED, Catalog, DiagnosisChoice
from content.loader import load_named_pack, load_pack

from .test_pack_loader import _MINIMAL, Files, problems_of, write_pack

DIAGNOSIS = "diagnosis.yaml"


def _diagnosis() -> dict[str, Any]:
    return {
        "families": [
            {"id": "emploi", "name": "Trouver un job", "offers": ["cej"]},
            {"id": "logement", "name": "Avoir un toit", "offers": ["logement", "cej"]},
        ],
        "questions": [
            {
                "id": "emploi-envie",
                "family": "emploi",
                "text": "Un job, t'en es où ?",
                "choices": [{"text": "J'en ai un", "need": 0}, {"text": "Il m'en faut un", "need": 3}],
            },
            {
                "id": "logement-toit",
                "family": "logement",
                "text": "Ce soir, tu dors…",
                "choices": [{"text": "Chez moi", "need": 0}, {"text": "Je ne sais pas", "need": 3}],
            },
        ],
    }


@pytest.fixture
def files() -> Files:
    pack = copy.deepcopy(_MINIMAL)
    pack[DIAGNOSIS] = _diagnosis()
    return pack


def reasons(tmp_path: Path, files: Files) -> list[str]:
    return [str(p) for p in problems_of(tmp_path, files)]


def test_a_pack_without_diagnosis_has_none(tmp_path: Path, files: Files) -> None:
    del files[DIAGNOSIS]
    assert load_pack(write_pack(tmp_path, files)).diagnosis is None


def test_the_diagnosis_is_built_in_the_order_written(tmp_path: Path, files: Files) -> None:
    diagnosis = load_pack(write_pack(tmp_path, files)).diagnosis
    assert diagnosis is not None
    assert [f.id for f in diagnosis.families] == ["emploi", "logement"]
    family = diagnosis.family("logement")
    assert family is not None and family.offers == ("logement", "cej")
    question = diagnosis.question("emploi-envie")
    assert question is not None and question.max_need == 3
    assert question.choices[1] == DiagnosisChoice("Il m'en faut un", 3)
    assert [q.id for q in diagnosis.questions_of("logement")] == ["logement-toit"]


def _family(files: Files, index: int) -> dict[str, Any]:
    entry: dict[str, Any] = files[DIAGNOSIS]["families"][index]
    return entry


def _question(files: Files, index: int) -> dict[str, Any]:
    entry: dict[str, Any] = files[DIAGNOSIS]["questions"][index]
    return entry


def test_unknown_offer_of_a_family(tmp_path: Path, files: Files) -> None:
    _family(files, 1)["offers"].append("colocation")
    assert reasons(tmp_path, files) == [
        "diagnosis.yaml: families[1].offers[2]: identifiant inconnu : « colocation » "
        "(aucune offre de ce nom dans offers.yaml)"
    ]


def test_unknown_family_of_a_question_and_a_family_left_without_questions(tmp_path: Path, files: Files) -> None:
    _question(files, 1)["family"] = "logemnt"
    assert reasons(tmp_path, files) == [
        "diagnosis.yaml: families[1].id: famille sans question : « logement » "
        "(ajouter au moins une question avec family: logement)",
        "diagnosis.yaml: questions[1].family: identifiant inconnu : « logemnt » "
        "(aucune famille de ce nom dans les « families » de diagnosis.yaml)",
    ]


def test_duplicate_family_and_question_ids(tmp_path: Path, files: Files) -> None:
    files[DIAGNOSIS]["families"].append({"id": "emploi", "name": "Encore", "offers": ["cej"]})
    files[DIAGNOSIS]["questions"].append(copy.deepcopy(_question(files, 0)))
    assert reasons(tmp_path, files) == [
        "diagnosis.yaml: families[2].id: identifiant de famille en double : « emploi » (déjà utilisé en families[0])",
        "diagnosis.yaml: questions[2].id: identifiant de question en double : « emploi-envie » "
        "(déjà utilisé en questions[0])",
    ]


@pytest.mark.parametrize(
    ("need", "reason"),
    [
        (4, f"besoin entre 0 (aucun) et {MAX_NEED} (beaucoup) attendu : 4"),
        (-1, f"besoin entre 0 (aucun) et {MAX_NEED} (beaucoup) attendu : -1"),
        ("2", "nombre entier attendu"),
        (1.5, "nombre entier attendu"),
    ],
)
def test_need_out_of_range(tmp_path: Path, files: Files, need: Any, reason: str) -> None:
    _question(files, 0)["choices"][1]["need"] = need
    assert reasons(tmp_path, files) == [f"diagnosis.yaml: questions[0].choices[1].need: {reason}"]


def test_a_question_that_expresses_no_need_at_all(tmp_path: Path, files: Files) -> None:
    _question(files, 0)["choices"][1]["need"] = 0
    assert reasons(tmp_path, files) == [
        "diagnosis.yaml: questions[0].choices: aucun choix n'exprime de besoin : "
        "au moins un choix doit avoir need: 1, 2 ou 3"
    ]


def test_shape_problems_are_all_listed_families_before_questions(tmp_path: Path, files: Files) -> None:
    _question(files, 1)["choices"] = [{"text": "Seul choix", "need": 3}]
    del _question(files, 0)["text"]
    _family(files, 1)["offers"] = []
    _family(files, 0)["nom"] = "faute de frappe"
    assert reasons(tmp_path, files) == [
        "diagnosis.yaml: families[0].nom: champ inconnu (vérifier l'orthographe ; voir content/FORMAT.md)",
        "diagnosis.yaml: families[1].offers: il faut au moins 1 offre",
        "diagnosis.yaml: questions[0].text: champ obligatoire manquant",
        "diagnosis.yaml: questions[1].choices: il faut au moins 2 choix",
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "families: champ obligatoire manquant"),
        (
            "- emploi\n- logement\n",
            "(fichier): le fichier doit contenir deux parties : « families: » et « questions: »",
        ),
        ("families: [\n", "(fichier): YAML invalide"),
    ],
    ids=["empty", "a-list", "bad-yaml"],
)
def test_a_diagnosis_file_that_is_there_must_be_right(tmp_path: Path, files: Files, content: str, reason: str) -> None:
    files[DIAGNOSIS] = content
    found = reasons(tmp_path, files)
    assert found and found[0].startswith(f"diagnosis.yaml: {reason}")


def test_a_yml_diagnosis_is_not_silently_ignored(tmp_path: Path, files: Files) -> None:
    files["diagnosis.yml"] = files.pop(DIAGNOSIS)
    assert reasons(tmp_path, files) == [
        "diagnosis.yml: (fichier): fichier ignoré : l'extension doit être .yaml (diagnosis.yaml)"
    ]


def test_an_unreadable_offers_file_is_not_echoed_by_the_diagnosis(tmp_path: Path, files: Files) -> None:
    files["offers.yaml"] = "- id: [cej\n"
    _family(files, 0)["offers"] = ["pas-une-offre"]
    assert not [r for r in reasons(tmp_path, files) if r.startswith("diagnosis.yaml")]


# ---------------------------------------------------------------- the default pack


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_named_pack("default")


def test_default_pack_diagnosis_covers_the_main_needs(catalog: Catalog) -> None:
    diagnosis = catalog.diagnosis
    assert diagnosis is not None
    families = {f.id for f in diagnosis.families}
    assert {"emploi", "formation", "sante", "logement", "mobilite", "argent", "numerique", "citoyennete"} <= families
    # issue 13: French and reading, family, justice, mind and isolation, addictions, disability, culture and sport
    assert {"francais", "famille", "justice", "moral", "addictions", "handicap", "loisirs"} <= families
    assert all(2 <= len(diagnosis.questions_of(f)) <= 3 for f in families)
    # a funnel: one first question per family for everybody (about five minutes), at most 40 with every need
    first = [q for q in diagnosis.questions if not q.follow_up]
    assert [q.family for q in first] == [f.id for f in diagnosis.families]
    assert len(first) <= 15 and len(diagnosis.questions) <= 40


def test_default_pack_answers_that_reveal_a_danger_are_urgent(catalog: Catalog) -> None:
    assert catalog.diagnosis is not None
    urgent = {c.text: c.urgent for q in catalog.diagnosis.questions for c in q.choices if c.urgent}
    assert urgent["Je ne sais pas où dormir ce soir"] == ("115",)
    assert urgent["Oui, je préférerais disparaître"] == ("3114",)
    assert urgent["Ça ne va pas du tout"] == ("fil-sante-jeunes",)
    assert "119" in urgent["Non, quelqu'un de ma famille me fait du mal"]
    assert "3919" in urgent["Non, mon copain ou ma copine me fait du mal"]
    assert "Je n'ai pas de quoi manger" in urgent
    entretien = catalog.diagnosis.question("emploi-entretien")
    assert entretien is not None and not any(c.urgent for c in entretien.choices)  # stress is not a danger
    assert "disparaître" not in " ".join(c.text for c in entretien.choices)


def test_every_offer_of_the_default_pack_serves_some_need(catalog: Catalog) -> None:
    assert catalog.diagnosis is not None
    served = {offer for family in catalog.diagnosis.families for offer in family.offers}
    assert served == {o.id for o in catalog.offers}


def test_default_pack_questions_speak_to_the_player(catalog: Catalog) -> None:
    """Every question has a "no need" answer (nobody is pushed into a need) and a "lot
    of need" one, so that a priority can reach both 0 and 100."""
    assert catalog.diagnosis is not None
    for question in catalog.diagnosis.questions:
        needs = {c.need for c in question.choices}
        assert 0 in needs and max(needs) >= 2, question.id
        assert len(question.text) <= 120, question.id  # one short line on a phone
