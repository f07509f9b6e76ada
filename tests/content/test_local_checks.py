"""Issue 13's pack checks on broken packs: the Mission Locale block and its
placeholders, whom to ask for each offer, dated offers, the glossary and readability
warnings, the diagnosis funnel and urgent answers, and badges resting on evidence."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from api.cli import main
from content.catalog import LEVELS
from content.loader import load_pack, review_pack
from content.loader.local import national_helplines

from .test_pack_loader import _MINIMAL, Files, problems_of, quest, write_pack

TODAY = dt.date(2026, 12, 7)


def _block() -> dict[str, Any]:
    return {
        "name": "Mission Locale du Bocage",
        "town": "Vire",
        "region": "Normandie",
        "phone": "02 00 00 00 00",
        "website": "https://www.example.org",
        "welcome": "Appelle avant de venir pour savoir s'il faut un rendez-vous.",
        "addresses": [{"label": "Accueil", "street": "1 rue des Essais, Vire", "hours": "Du lundi au vendredi"}],
        "contacts": {"cej": "Ta conseillère ou ton conseiller à {{ml.name}}."},
        "partners": [{"id": "caf", "name": "CAF du Calvados", "what": "Aides au logement", "contact": "caf.fr"}],
    }


@pytest.fixture
def files() -> Files:
    pack = copy.deepcopy(_MINIMAL)
    pack["mission_locale.yaml"] = _block()
    pack["glossary.yaml"] = [
        {"term": "IA", "meaning": "Intelligence artificielle : un programme qui imite la réflexion."},
        {"term": "CAF", "meaning": "Caisse d'allocations familiales : elle verse des aides."},
    ]
    return pack


def reasons(tmp_path: Path, files: Files) -> list[str]:
    return [str(p) for p in problems_of(tmp_path, files)]


def warnings(tmp_path: Path, files: Files, today: dt.date = TODAY) -> list[str]:
    problems, found = review_pack(write_pack(tmp_path, files), today)
    assert problems == []
    return [str(w) for w in found]


# ------------------------------------------------------------ the local block


def test_placeholders_are_replaced_everywhere_the_player_reads(tmp_path: Path, files: Files) -> None:
    quest(files, "day01", 0)["story"] = "Bienvenue à {{ml.name}}, à {{ ml.town }}. La {{partner.caf}} aide aussi."
    files["pack.yaml"]["organisation"] = "{{ml.name}}"
    del files["offers.yaml"][0]["contact"]
    catalog = load_pack(write_pack(tmp_path, files))
    story = catalog.quest("accueil-enigme").story  # type: ignore[union-attr]
    assert story == "Bienvenue à Mission Locale du Bocage, à Vire. La CAF du Calvados aide aussi."
    assert catalog.organisation == "Mission Locale du Bocage"
    # the block's contact for an offer, with its own placeholder filled, wins
    assert catalog.offer("cej").contact == "Ta conseillère ou ton conseiller à Mission Locale du Bocage."  # type: ignore[union-attr]
    assert catalog.mission_locale is not None and catalog.mission_locale.partners[0].name == "CAF du Calvados"


def test_an_unknown_placeholder_is_named_with_where_it_is(tmp_path: Path, files: Files) -> None:
    quest(files, "day01", 0)["story"] = "Rendez-vous à {{ml.nom}}."
    found = reasons(tmp_path, files)
    assert len(found) == 1
    assert found[0].startswith("quests/day01.yaml: [0].story: « {{ml.nom}} » inconnu dans mission_locale.yaml")
    assert "ml.name" in found[0]  # says what is possible


def test_a_placeholder_needs_a_block(tmp_path: Path, files: Files) -> None:
    del files["mission_locale.yaml"]
    quest(files, "day01", 0)["success"] = "Bravo, {{ml.name}} est fière de toi."
    assert reasons(tmp_path, files) == [
        "quests/day01.yaml: [0].success: « {{ml.name}} » : ce pack n'a pas de mission_locale.yaml pour le remplir"
    ]


def test_a_half_written_placeholder_is_caught(tmp_path: Path, files: Files) -> None:
    quest(files, "day01", 0)["success"] = "Bravo {{ml.name}."
    assert any("accolades mal écrites" in r for r in reasons(tmp_path, files))


def test_a_broken_block_is_reported_once_not_at_every_placeholder(tmp_path: Path, files: Files) -> None:
    del files["mission_locale.yaml"]["addresses"]
    quest(files, "day01", 0)["story"] = "Bienvenue à {{ml.name}}."
    assert reasons(tmp_path, files) == ["mission_locale.yaml: addresses: champ obligatoire manquant"]


def test_every_offer_says_whom_to_ask(tmp_path: Path, files: Files) -> None:
    del files["offers.yaml"][1]["contact"]  # "permis": no contact in the block either
    files["mission_locale.yaml"]["contacts"]["inconnue"] = "Quelqu'un."
    found = reasons(tmp_path, files)
    assert found == [
        "mission_locale.yaml: contacts.inconnue: identifiant inconnu : « inconnue » "
        "(aucune offre de ce nom dans offers.yaml)",
        "offers.yaml: [1].contact: à qui demander ? ajoutez « contact » ici, ou « contacts: permis: … » "
        "dans mission_locale.yaml",
    ]


def test_duplicate_partners(tmp_path: Path, files: Files) -> None:
    files["mission_locale.yaml"]["partners"].append(dict(files["mission_locale.yaml"]["partners"][0]))
    assert reasons(tmp_path, files) == [
        "mission_locale.yaml: partners[1].id: partenaire en double : « caf » (déjà en partners[0])"
    ]


# ------------------------------------------------------------ dated offers


def test_an_offer_needs_its_date_and_its_sources(tmp_path: Path, files: Files) -> None:
    del files["offers.yaml"][0]["verified_on"]
    files["offers.yaml"][1]["sources"] = ["service-public.fr"]
    files["offers.yaml"][2]["verified_on"] = "01/12/2026"
    found = reasons(tmp_path, files)
    assert "offers.yaml: [0].verified_on: champ obligatoire manquant : la date de vérification (AAAA-MM-JJ)" in found
    assert any(r.startswith("offers.yaml: [1].sources[0]: adresse web attendue") for r in found)
    assert any(r.startswith("offers.yaml: [2].verified_on: date attendue au format AAAA-MM-JJ") for r in found)


def test_an_offer_checked_more_than_twelve_months_ago_is_flagged(tmp_path: Path, files: Files) -> None:
    files["offers.yaml"][0]["verified_on"] = dt.date(2025, 12, 7)  # exactly 12 months: fine
    files["offers.yaml"][1]["verified_on"] = dt.date(2025, 12, 6)  # a day more: stale
    assert warnings(tmp_path, files) == [
        "offers.yaml: [1].verified_on: vérifiée le 06/12/2025, il y a plus de 12 mois : "
        "revérifiez l'offre avec ses sources, puis changez la date"
    ]


def test_twelve_months_before_the_first_of_march_of_a_leap_year(tmp_path: Path, files: Files) -> None:
    for offer in files["offers.yaml"]:
        offer["verified_on"] = dt.date(2024, 2, 29)
    assert warnings(tmp_path, files, dt.date(2025, 2, 28)) == []
    assert len(warnings(tmp_path / "b", files, dt.date(2025, 3, 1))) == 3


# ------------------------------------------------------------ readability


def _words(n: int) -> str:
    return " ".join(["mot"] * (n - 1) + ["fin."])


def test_a_sentence_over_25_words_is_flagged_and_25_is_fine(tmp_path: Path, files: Files) -> None:
    quest(files, "day01", 0)["story"] = _words(25) + " " + _words(26)
    found = warnings(tmp_path, files)
    start = " ".join(["mot"] * 15)
    assert found == [f"quests/day01.yaml: [0].story: phrase de 26 mots (25 au plus) : « {start}… »"]


def test_an_acronym_needs_the_glossary_but_a_character_name_does_not(tmp_path: Path, files: Files) -> None:
    quest(files, "day01", 0)["story"] = "NOVA te parle de la PMSMP et du CEJ, à l'ONISEP."
    assert warnings(tmp_path, files) == [
        "quests/day01.yaml: [0].story: sigle absent de glossary.yaml : CEJ, ONISEP, PMSMP"
    ]
    files["glossary.yaml"] += [
        {"term": "CEJ", "meaning": "Contrat d'Engagement Jeune."},
        {"term": "PMSMP", "meaning": "Un stage court pour découvrir un métier."},
        {"term": "ONISEP", "meaning": "Le site public sur les métiers et les formations."},
    ]
    assert warnings(tmp_path / "b", files) == []
    catalog = load_pack(write_pack(tmp_path / "c", files))
    assert [e.term for e in catalog.glossary][-3:] == ["CEJ", "PMSMP", "ONISEP"]


def test_the_point_median_is_flagged(tmp_path: Path, files: Files) -> None:
    quest(files, "day01", 0)["success"] = "Bravo, tu es prêt·e."
    assert warnings(tmp_path, files) == [
        "quests/day01.yaml: [0].success: point médian « · » : écrivez les deux formes en entier "
        "(« prêt ou prête ») ou une tournure neutre"
    ]


def test_a_glossary_term_twice(tmp_path: Path, files: Files) -> None:
    files["glossary.yaml"] += [{"term": "CEJ", "meaning": "Un contrat."}, {"term": "cej ", "meaning": "Encore."}]
    assert reasons(tmp_path, files) == ["glossary.yaml: [3].term: mot en double : « cej » (déjà en [2])"]


def test_the_check_command_prints_warnings_and_fails_on_them_when_strict(tmp_path: Path, files: Files) -> None:
    quest(files, "day01", 0)["success"] = "Bravo, tu es prêt·e."
    pack = str(write_pack(tmp_path, files))
    relaxed = CliRunner().invoke(main, ["content", "check", pack])
    strict = CliRunner().invoke(main, ["content", "check", "--strict", pack])
    assert relaxed.exit_code == 0 and strict.exit_code == 1
    assert "attention : quests/day01.yaml: [0].success: point médian" in strict.output


# ------------------------------------------------------------ diagnosis: funnel and urgent answers


def _diagnosis(files: Files) -> dict[str, Any]:
    files["diagnosis.yaml"] = {
        "families": [{"id": "logement", "name": "Avoir un toit", "offers": ["logement"]}],
        "questions": [
            {
                "id": "toit",
                "family": "logement",
                "text": "Ce soir, tu dors où ?",
                "choices": [
                    {"text": "Chez moi", "need": 0},
                    {"text": "Je ne sais pas où dormir", "need": 3, "urgent": ["115"]},
                ],
            },
            {
                "id": "toit-suite",
                "family": "logement",
                "follow_up": True,
                "text": "Depuis quand ?",
                "choices": [{"text": "Ce soir seulement", "need": 1}, {"text": "Ça va", "need": 0}],
            },
        ],
    }
    diagnosis: dict[str, Any] = files["diagnosis.yaml"]
    return diagnosis


def test_urgent_answers_and_follow_ups_are_built(tmp_path: Path, files: Files) -> None:
    _diagnosis(files)
    catalog = load_pack(write_pack(tmp_path, files))
    assert catalog.diagnosis is not None
    first, second = catalog.diagnosis.questions
    assert first.choices[1].urgent == ("115",) and not first.choices[0].is_urgent
    assert (first.follow_up, second.follow_up) == (False, True)
    assert catalog.helpline("115") is not None and catalog.helpline("115").number == "115"  # type: ignore[union-attr]


def test_a_family_cannot_start_with_a_follow_up(tmp_path: Path, files: Files) -> None:
    _diagnosis(files)["questions"][0]["follow_up"] = True
    assert reasons(tmp_path, files) == [
        "diagnosis.yaml: questions[0].follow_up: la première question de la famille « logement » ne peut pas "
        "être une question de suite : c'est elle qui ouvre les suivantes"
    ]


def test_an_urgent_answer_names_known_helplines(tmp_path: Path, files: Files) -> None:
    _diagnosis(files)["questions"][0]["choices"][1]["urgent"] = ["115", "116"]
    found = reasons(tmp_path, files)
    assert len(found) == 1 and found[0].startswith(
        "diagnosis.yaml: questions[0].choices[1].urgent[1]: numéro inconnu : « 116 » (possibles : 115, 119,"
    )


def test_the_national_helplines_are_dated_and_include_the_issue_numbers() -> None:
    numbers = {h.id: h.number for h in national_helplines()}
    assert {"115", "3114", "119", "fil-sante-jeunes", "3919"} <= set(numbers)
    assert numbers["fil-sante-jeunes"] == "0 800 235 236"


# ------------------------------------------------------------ badges


def _badge(files: Files, **fields: Any) -> dict[str, Any]:
    skill: dict[str, Any] = files["skills.yaml"][0]
    skill.update({"criteria": "A apporté son morceau de code.", "level": 2}, **fields)
    return skill


def test_a_badge_has_a_level(tmp_path: Path, files: Files) -> None:
    del _badge(files)["level"]
    assert reasons(tmp_path, files) == [
        "skills.yaml: [0].level: un badge (compétence avec « criteria ») a besoin d'un niveau : "
        f"level: 1 à {len(LEVELS)}"
    ]
    _badge(files, level=5)
    assert reasons(tmp_path / "b", files) == ["skills.yaml: [0].level: niveau entre 1 et 4 attendu (RECTEC)"]


def test_evidence_kinds_are_known_and_kept(tmp_path: Path, files: Files) -> None:
    _badge(files, evidence=["piece", "presence"])
    assert reasons(tmp_path, files) == [
        "skills.yaml: [0].evidence[1]: preuve inconnue : « presence » "
        "(possibles : solved, piece, place, approved, observed, reflection, round)"
    ]
    _badge(files, evidence=["piece", "observed"])
    skill = load_pack(write_pack(tmp_path / "b", files)).skills[0]
    assert (skill.level, skill.evidence) == (2, ("piece", "observed"))


def test_a_badge_the_unsupervised_weekend_alone_would_prove(tmp_path: Path, files: Files) -> None:
    for file in ("day01", "day02", "day03"):
        for entry in files[f"quests/{file}.yaml"]:
            entry["skills"] = []
    quest(files, "day06", 0)["skills"] = ["cooperation"]  # only on day 6, autonomous
    _badge(files, evidence=["place", "solved"])
    assert reasons(tmp_path, files) == [
        "skills.yaml: [0].evidence: badge impossible à observer : seules des quêtes du week-end en autonomie "
        "le prouvent ; ajoutez-le à des quêtes des jours avec animateur, ou « observed » à ses preuves"
    ]
    _badge(files, evidence=["place", "observed"])  # a facilitator can see it on any day
    assert reasons(tmp_path / "b", files) == []
