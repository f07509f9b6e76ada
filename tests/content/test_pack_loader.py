"""The pack loader, on small packs written to a temporary folder.

Each test starts from a minimal valid pack (10 days, quests of every kind) and breaks
it one way, then checks the author is told which file, where, and why.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from content import loader
from content.catalog import (
    DialogueChoice,
    DialogueLine,
    Hint,
    QuestKind,
    QuizQuestion,
)
from content.loader import (
    PackError,
    Problem,
    available_packs,
    check_pack,
    load_named_pack,
    load_pack,
    pack_path,
)

pytestmark = pytest.mark.filterwarnings("error")

Files = dict[str, Any]

_DAYS = [
    {
        "number": n,
        "title": f"Jour {n}",
        "intro": f"Ce qui se passe le jour {n}.",
        "autonomous": n in (6, 7),
    }
    for n in range(1, 11)
]

_MINIMAL: Files = {
    "pack.yaml": {
        "title": "Tempo 2050",
        "organisation": "Mission Locale d'Essai",
        "town": "Lille",
        "company": "Avenirs Corp",
        "description": "Une entreprise du futur vous embauche.",
        "days": _DAYS,
    },
    "characters.yaml": [
        {"id": "nova", "name": "NOVA", "role": "IA de recrutement", "description": "Une IA."},
        {"id": "lea", "name": "Léa", "role": "Conseillère", "description": "Elle aide."},
    ],
    "offers.yaml": [
        {
            "id": "cej",
            "title": "Contrat d'Engagement Jeune",
            "category": "emploi",
            "summary": "Un accompagnement intensif.",
            "brings": "Une allocation et un suivi.",
            "contact": "Ton conseiller.",
            "how": "En parler à la Mission Locale.",
            "verified_on": datetime.date(2026, 12, 1),
            "sources": ["https://www.service-public.fr/particuliers/vosdroits/F32700"],
        },
        {
            "id": "permis",
            "title": "Aide au permis",
            "category": "vie-quotidienne",
            "summary": "Une aide pour le permis.",
            "brings": "De l'argent pour le code et la conduite.",
            "contact": "Ton conseiller.",
            "how": "Monter un dossier.",
            "verified_on": datetime.date(2026, 12, 1),
            "sources": ["https://www.service-public.fr/particuliers/vosdroits/F32700"],
        },
        {
            "id": "logement",
            "title": "Aide au logement",
            "category": "droits",
            "summary": "Trouver un toit.",
            "brings": "Des adresses et des aides.",
            "contact": "Le point logement.",
            "how": "Prendre rendez-vous.",
            "verified_on": datetime.date(2026, 12, 1),
            "sources": ["https://www.service-public.fr/particuliers/vosdroits/F32700"],
        },
    ],
    "skills.yaml": [
        {"id": "cooperation", "name": "Coopération", "category": "savoir-être", "description": "…"},
        {"id": "numerique", "name": "Numérique", "category": "savoir-faire", "description": "…"},
    ],
    "places.yaml": [
        {
            "id": "grand-place",
            "name": "Grand'Place",
            "latitude": 50.6372,
            "longitude": 3.0633,
            "radius_m": 40,
            "description": "Le cœur de la ville.",
        }
    ],
    "quests/day01.yaml": [
        {
            "id": "accueil-enigme",
            "day": 1,
            "kind": "riddle",
            "title": "L'énigme d'accueil",
            "story": "NOVA vous accueille.",
            "character": "nova",
            "reward": 10,
            "offers": ["cej"],
            "skills": ["cooperation"],
            "hints": [{"text": "Cherchez le mot avenir.", "cost": 2}],
            "max_attempts": 3,
            "duration_minutes": 40,
            "success": "Bravo !",
            "question": "Je suis devant vous, qui suis-je ?",
            "answers": ["l'avenir", "avenir"],
        },
        {
            "id": "quiz-droits",
            "day": 1,
            "kind": "quiz",
            "title": "Quiz des droits",
            "story": "Léa vous interroge.",
            "prerequisites": ["accueil-enigme"],
            "reward": 5,
            "duration_minutes": 40,
            "success": "Tout juste.",
            "questions": [
                {"question": "À quel âge ?", "choices": ["16", "30", "60"], "correct": 0},
            ],
        },
        {
            "id": "dialogue-nova",
            "day": 1,
            "kind": "dialogue",
            "title": "Parler à NOVA",
            "story": "NOVA veut savoir qui vous êtes.",
            "reward": 5,
            "duration_minutes": 40,
            "success": "NOVA est convaincue.",
            "lines": [{"speaker": "nova", "text": "Qui êtes-vous ?"}],
            "choices": [
                {"text": "Une équipe.", "correct": True, "reply": "Bien."},
                {"text": "Personne.", "correct": False, "reply": "Vraiment ?"},
            ],
        },
    ],
    "quests/day02.yaml": [
        {
            "id": "cadenas",
            "day": 2,
            "kind": "code_lock",
            "title": "Le cadenas",
            "story": "Un coffre fermé.",
            "prerequisites": ["quiz-droits"],
            "reward": 15,
            "duration_minutes": 40,
            "success": "Le coffre s'ouvre.",
            "question": "Assemblez le code.",
            "pieces": ["20", "50"],
            "separator": "",
        },
        {
            "id": "texte-libre",
            "day": 2,
            "kind": "free_text",
            "title": "Votre projet",
            "story": "Racontez.",
            "reward": 10,
            "duration_minutes": 40,
            "success": "Merci.",
            "question": "Quel est votre projet ?",
        },
        {
            "id": "photo-equipe",
            "day": 2,
            "kind": "photo",
            "title": "Photo d'équipe",
            "story": "Souriez.",
            "reward": 5,
            "duration_minutes": 40,
            "success": "Belle photo.",
            "question": "Prenez une photo de l'équipe.",
            "offers": ["permis"],
        },
    ],
    "quests/day03.yaml": [
        {
            "id": "rdv-conseiller",
            "day": 3,
            "kind": "appointment",
            "title": "Le rendez-vous",
            "story": "Votre conseiller vous attend.",
            "prerequisites": ["cadenas"],
            "reward": 20,
            "duration_minutes": 60,
            "success": "Rendez-vous pris.",
            "question": "Prenez rendez-vous.",
        },
    ],
    "quests/day06.yaml": [
        {
            "id": "visite-grand-place",
            "day": 6,
            "kind": "place",
            "title": "Sur la Grand'Place",
            "story": "Rendez-vous au centre.",
            "reward": 20,
            "offers": ["logement"],
            "duration_minutes": 120,
            "success": "Vous y êtes.",
            "question": "Rejoignez la Grand'Place.",
            "place": "grand-place",
        },
    ],
}


@pytest.fixture
def files() -> Files:
    """A fresh, valid pack as data; tests break it before writing it."""
    return copy.deepcopy(_MINIMAL)


def write_pack(root: Path, files: Files, name: str = "essai") -> Path:
    """Write ``files`` (file name → YAML data, or raw text) as a pack folder."""
    pack = root / name
    for file_name, data in files.items():
        target = pack / file_name
        target.parent.mkdir(parents=True, exist_ok=True)
        text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
        target.write_text(text, encoding="utf-8")
    return pack


def problems_of(tmp_path: Path, files: Files) -> list[Problem]:
    return check_pack(write_pack(tmp_path, files))


def quest(files: Files, file: str, index: int) -> dict[str, Any]:
    entry: dict[str, Any] = files[f"quests/{file}.yaml"][index]
    return entry


# --- a valid pack -----------------------------------------------------------------


def test_minimal_pack_has_no_problem(tmp_path: Path, files: Files) -> None:
    assert problems_of(tmp_path, files) == []


def test_load_pack_builds_the_catalogue(tmp_path: Path, files: Files) -> None:
    catalog = load_pack(write_pack(tmp_path, files, name="tempo"))

    assert catalog.name == "tempo"
    assert catalog.title == "Tempo 2050"
    assert [d.number for d in catalog.days] == list(range(1, 11))
    assert [d.number for d in catalog.days if d.autonomous] == [6, 7]
    assert [o.id for o in catalog.offers] == ["cej", "permis", "logement"]
    assert catalog.places[0].radius_m == 40.0
    assert isinstance(catalog.places[0].radius_m, float)

    riddle = catalog.quest("accueil-enigme")
    assert riddle is not None
    assert riddle.kind is QuestKind.RIDDLE
    assert riddle.answers == ("l'avenir", "avenir")
    assert riddle.hints == (Hint("Cherchez le mot avenir.", 2),)
    assert riddle.character == "nova"
    assert riddle.max_attempts == 3

    quiz = catalog.quest("quiz-droits")
    assert quiz is not None
    assert quiz.quiz == (QuizQuestion("À quel âge ?", ("16", "30", "60"), 0),)
    assert quiz.prerequisites == ("accueil-enigme",)
    assert quiz.character is None
    assert quiz.max_attempts is None
    assert quiz.hints == ()

    dialogue = catalog.quest("dialogue-nova")
    assert dialogue is not None
    assert dialogue.lines == (DialogueLine("nova", "Qui êtes-vous ?"),)
    assert dialogue.choices[0] == DialogueChoice("Une équipe.", True, "Bien.")

    lock = catalog.quest("cadenas")
    assert lock is not None
    assert (lock.pieces, lock.separator) == (("20", "50"), "")

    place = catalog.quest("visite-grand-place")
    assert place is not None
    assert (place.kind, place.place) == (QuestKind.PLACE, "grand-place")


def test_quests_are_ordered_by_day_then_by_file_order(tmp_path: Path, files: Files) -> None:
    late_day_one = copy.deepcopy(quest(files, "day01", 2))
    late_day_one["id"] = "retardataire"
    files["quests/day02.yaml"].append(late_day_one)

    catalog = load_pack(write_pack(tmp_path, files))

    assert [q.id for q in catalog.quests] == [
        "accueil-enigme",
        "quiz-droits",
        "dialogue-nova",
        "retardataire",
        "cadenas",
        "texte-libre",
        "photo-equipe",
        "rdv-conseiller",
        "visite-grand-place",
    ]


def test_texts_are_trimmed_and_a_word_separator_is_kept(tmp_path: Path, files: Files) -> None:
    lock = quest(files, "day02", 0)
    lock.update(title="  Le cadenas\n", pieces=["avenir", "ensemble"], separator=" ")

    built = load_pack(write_pack(tmp_path, files)).quest("cadenas")

    assert built is not None
    assert built.title == "Le cadenas"
    assert built.separator == " "


# --- one defect, one problem --------------------------------------------------------


def test_unknown_offer_id(tmp_path: Path, files: Files) -> None:
    quest(files, "day01", 0)["offers"] = ["cej", "bourse-magique"]

    [problem] = problems_of(tmp_path, files)

    assert (problem.file, problem.path) == ("quests/day01.yaml", "[0].offers[1]")
    assert "identifiant inconnu : « bourse-magique »" in problem.reason
    assert "offre" in problem.reason


def test_duplicate_quest_id_across_two_files(tmp_path: Path, files: Files) -> None:
    quest(files, "day02", 2)["id"] = "dialogue-nova"

    [problem] = problems_of(tmp_path, files)

    assert (problem.file, problem.path) == ("quests/day02.yaml", "[2].id")
    assert "en double" in problem.reason
    assert "quests/day01.yaml, [2]" in problem.reason


def test_prerequisite_cycle_is_shown_and_blocks_what_follows(tmp_path: Path, files: Files) -> None:
    quest(files, "day01", 0)["prerequisites"] = ["quiz-droits"]

    problems = problems_of(tmp_path, files)

    assert [(p.file, p.path) for p in problems] == [
        ("offers.yaml", "[0].id"),  # only the riddle in the cycle gave "cej"
        ("quests/day01.yaml", "[1].prerequisites[0]"),
        ("quests/day02.yaml", "[0].prerequisites[0]"),  # the lock waits on the quiz
        ("quests/day03.yaml", "[0].prerequisites[0]"),  # the appointment on the lock
    ]
    assert problems[1].reason == "cycle de prérequis : accueil-enigme → quiz-droits → accueil-enigme"
    assert "« quiz-droits » ne peut jamais être terminé" in problems[2].reason


def test_a_quest_waiting_on_itself_is_a_cycle(tmp_path: Path, files: Files) -> None:
    quest(files, "day02", 1)["prerequisites"] = ["texte-libre"]

    [problem] = problems_of(tmp_path, files)

    assert (problem.file, problem.path) == ("quests/day02.yaml", "[1].prerequisites[0]")
    assert problem.reason == "cycle de prérequis : texte-libre → texte-libre"


def test_prerequisite_on_a_later_day(tmp_path: Path, files: Files) -> None:
    quest(files, "day02", 1)["prerequisites"] = ["rdv-conseiller"]

    [problem] = problems_of(tmp_path, files)

    assert (problem.file, problem.path) == ("quests/day02.yaml", "[1].prerequisites[0]")
    assert "inatteignable" in problem.reason
    assert "jour 3" in problem.reason and "jour 2" in problem.reason


def test_unreachable_prerequisite_makes_its_followers_unreachable(tmp_path: Path, files: Files) -> None:
    # The lock (day 2) now waits on the place quest (day 6); the appointment (day 3)
    # waits on the lock, so it can never be played either.
    quest(files, "day02", 0)["prerequisites"] = ["visite-grand-place"]

    problems = problems_of(tmp_path, files)

    assert [(p.file, p.path) for p in problems] == [
        ("quests/day02.yaml", "[0].prerequisites[0]"),
        ("quests/day03.yaml", "[0].prerequisites[0]"),
    ]
    assert "jour 6" in problems[0].reason
    assert "« cadenas » ne peut jamais être terminé" in problems[1].reason


def test_offer_never_unlocked(tmp_path: Path, files: Files) -> None:
    extra = dict(files["offers.yaml"][0], id="mobilite")
    files["offers.yaml"].append(extra)

    [problem] = problems_of(tmp_path, files)

    assert (problem.file, problem.path) == ("offers.yaml", "[3].id")
    assert "« mobilite » jamais découverte" in problem.reason


def test_offer_unlocked_only_by_an_unreachable_quest(tmp_path: Path, files: Files) -> None:
    quest(files, "day02", 2)["prerequisites"] = ["rdv-conseiller"]  # day 3 after day 2

    problems = problems_of(tmp_path, files)

    assert [(p.file, p.path) for p in problems] == [
        ("offers.yaml", "[1].id"),
        ("quests/day02.yaml", "[2].prerequisites[0]"),
    ]


@pytest.mark.parametrize(
    ("field_path", "blank"),
    [("title", "   "), ("success", ""), ("story", "\n")],
)
def test_empty_french_text(tmp_path: Path, files: Files, field_path: str, blank: str) -> None:
    quest(files, "day01", 1)[field_path] = blank

    [problem] = problems_of(tmp_path, files)

    assert (problem.file, problem.path) == ("quests/day01.yaml", f"[1].{field_path}")
    assert "texte en français manquant" in problem.reason


def test_empty_text_deep_inside_a_quest(tmp_path: Path, files: Files) -> None:
    quest(files, "day01", 0)["hints"] = [{"text": "Facile.", "cost": 0}, {"text": " ", "cost": 1}]

    [problem] = problems_of(tmp_path, files)

    assert (problem.file, problem.path) == ("quests/day01.yaml", "[0].hints[1].text")


def test_bad_yaml_gives_the_line_and_the_rest_is_still_checked(tmp_path: Path, files: Files) -> None:
    files["quests/day02.yaml"] = "- id: cadenas\n  day: 2\n  title: [pas fermé\n"
    quest(files, "day01", 0)["offers"] = ["cej", "inconnue"]
    del files["offers.yaml"][1]  # "permis" was unlocked in day02 only

    problems = problems_of(tmp_path, files)

    # The day-3 quest needs "cadenas" from the broken file: no echo about it, and no
    # "never unlocked" guesses while a quest file cannot be read.
    assert [(p.file, p.path) for p in problems] == [
        ("quests/day01.yaml", "[0].offers[1]"),
        ("quests/day02.yaml", "(fichier)"),
    ]
    assert "YAML invalide à la ligne 4" in problems[1].reason


def test_missing_file(tmp_path: Path, files: Files) -> None:
    del files["skills.yaml"]

    # Skill references cannot be judged without the file: only one problem.
    assert problems_of(tmp_path, files) == [Problem("skills.yaml", "(fichier)", "fichier manquant")]


def test_missing_quests_folder(tmp_path: Path, files: Files) -> None:
    for name in [n for n in files if n.startswith("quests/")]:
        del files[name]

    problems = problems_of(tmp_path, files)

    assert [(p.file, p.path) for p in problems] == [("quests/", "(fichier)")]


def test_wrong_quiz_index(tmp_path: Path, files: Files) -> None:
    quest(files, "day01", 1)["questions"][0]["correct"] = 3

    [problem] = problems_of(tmp_path, files)

    assert (problem.file, problem.path) == ("quests/day01.yaml", "[1].questions[0].correct")
    assert "hors des choix" in problem.reason and "de 0 à 2" in problem.reason


def test_unknown_field(tmp_path: Path, files: Files) -> None:
    quest(files, "day01", 0)["titre"] = "Faute de frappe"

    [problem] = problems_of(tmp_path, files)

    assert (problem.file, problem.path) == ("quests/day01.yaml", "[0].titre")
    assert "champ inconnu" in problem.reason


def test_three_defects_give_three_problems_at_once(tmp_path: Path, files: Files) -> None:
    files["pack.yaml"]["days"][2]["autonome"] = True
    quest(files, "day01", 2)["lines"][0]["speaker"] = "inconnu"
    quest(files, "day02", 1)["question"] = ""

    problems = problems_of(tmp_path, files)

    assert [(p.file, p.path) for p in problems] == [
        ("pack.yaml", "days[2].autonome"),
        ("quests/day01.yaml", "[2].lines[0].speaker"),
        ("quests/day02.yaml", "[1].question"),
    ]


Mutation = Callable[[Files], None]


def _set(file: str, index: int, **values: Any) -> Mutation:
    def mutate(files: Files) -> None:
        files[file][index].update(values)

    return mutate


def _drop(file: str, index: int, key: str) -> Mutation:
    def mutate(files: Files) -> None:
        del files[file][index][key]

    return mutate


def _set_pack(**values: Any) -> Mutation:
    def mutate(files: Files) -> None:
        files["pack.yaml"].update(values)

    return mutate


D1, D2, D6 = "quests/day01.yaml", "quests/day02.yaml", "quests/day06.yaml"


@pytest.mark.parametrize(
    ("mutate", "file", "path", "reason"),
    [
        (_drop(D1, 0, "answers"), D1, "[0].answers", "obligatoire pour une quête « riddle »"),
        (_set(D1, 0, answers=[]), D1, "[0].answers", "au moins 1 réponse"),
        (_set(D1, 1, pieces=["1", "2"]), D1, "[1].pieces", "non prévu pour une quête « quiz »"),
        (_set(D1, 0, kind="devinette"), D1, "[0].kind", "type de quête inconnu"),
        (_set(D1, 0, reward="dix"), D1, "[0].reward", "nombre entier attendu"),
        (_set(D1, 0, reward=-1), D1, "[0].reward", "positif ou nul"),
        (_set(D1, 0, day=11), D1, "[0].day", "entre 1 et 10"),
        (_set("skills.yaml", 1, id="Numérique"), "skills.yaml", "[1].id", "identifiant invalide"),
        (_set(D1, 0, character="zorg"), D1, "[0].character", "aucun personnage"),
        (_set(D1, 0, skills=["magie"]), D1, "[0].skills[0]", "aucune compétence"),
        (_set(D1, 0, offers=["cej", "cej"]), D1, "[0].offers", "en double dans la liste"),
        (_set(D1, 0, max_attempts=0), D1, "[0].max_attempts", "au moins 1"),
        (_set(D1, 0, hints=[{"text": "x", "cost": 1.5}]), D1, "[0].hints[0].cost", "entier"),
        (
            _set(D1, 2, choices=[{"text": "Non.", "correct": False, "reply": "Dommage."}]),
            D1,
            "[2].choices",
            "aucun choix correct",
        ),
        (
            _set(D1, 2, choices=[{"text": "Oui.", "correct": "oui", "reply": "Bien."}]),
            D1,
            "[2].choices[0].correct",
            "true ou false",
        ),
        (_set(D2, 0, pieces=["2050"]), D2, "[0].pieces", "au moins 2 morceaux"),
        (_set(D2, 0, separator="-"), D2, "[0].separator", "séparateur invalide"),
        (_set(D2, 1, separator=" "), D2, "[1].separator", "non prévu pour une quête « free_text »"),
        (_set(D6, 0, place="beffroi"), D6, "[0].place", "aucun lieu"),
        (_drop(D6, 0, "place"), D6, "[0].place", "obligatoire pour une quête « place »"),
        (_set("characters.yaml", 1, id="nova"), "characters.yaml", "[1].id", "en double"),
        (_set("offers.yaml", 0, category="loisirs"), "offers.yaml", "[0].category", "possibles"),
        (_set("skills.yaml", 0, category="savoir"), "skills.yaml", "[0].category", "inconnue"),
        (_set("places.yaml", 0, latitude=91), "places.yaml", "[0].latitude", "-90 et 90"),
        (_set("places.yaml", 0, radius_m="40"), "places.yaml", "[0].radius_m", "nombre"),
        (_set_pack(title=None), "pack.yaml", "title", "valeur vide"),
        (_set_pack(town=2050), "pack.yaml", "town", "texte attendu"),
        (_set_pack(days=_DAYS[:9]), "pack.yaml", "days", "il y en a 9 ; manquant : 10"),
    ],
)
def test_single_defect_is_located(
    tmp_path: Path, files: Files, mutate: Mutation, file: str, path: str, reason: str
) -> None:
    mutate(files)

    [problem] = problems_of(tmp_path, files)

    assert (problem.file, problem.path) == (file, path)
    assert reason in problem.reason


def test_duplicate_day_number(tmp_path: Path, files: Files) -> None:
    files["pack.yaml"]["days"][4]["number"] = 4

    problems = problems_of(tmp_path, files)

    assert [(p.file, p.path, p.reason) for p in problems] == [
        ("pack.yaml", "days[4].number", "jour 4 en double (déjà en days[3])"),
        ("pack.yaml", "days", "il faut exactement 10 jours numérotés de 1 à 10 (manquant : 5)"),
    ]


def test_problems_are_listed_file_by_file_from_top_to_bottom(tmp_path: Path, files: Files) -> None:
    day_two = files["quests/day02.yaml"]
    day_two += [dict(copy.deepcopy(day_two[1]), id=f"texte-{n}") for n in range(3, 11)]
    day_two[10]["title"] = ""  # schema pass; [10] must come after [2], not before
    day_two[2]["offers"] = ["inconnue"]  # cross-reference pass
    day_two[0]["reward"] = "beaucoup"  # schema pass
    files["offers.yaml"][0]["how"] = ""

    problems = problems_of(tmp_path, files)

    assert [(p.file, p.path) for p in problems] == [
        ("offers.yaml", "[0].how"),
        ("offers.yaml", "[1].id"),  # "permis" was only given by the photo quest
        ("quests/day02.yaml", "[0].reward"),
        ("quests/day02.yaml", "[2].offers[0]"),
        ("quests/day02.yaml", "[10].title"),
    ]


def test_yml_quest_file_is_not_silently_ignored(tmp_path: Path, files: Files) -> None:
    files["quests/day06.yml"] = files.pop("quests/day06.yaml")

    problems = problems_of(tmp_path, files)

    assert [(p.file, p.path) for p in problems] == [("quests/day06.yml", "(fichier)")]
    assert ".yaml" in problems[0].reason


def test_file_that_is_not_a_list(tmp_path: Path, files: Files) -> None:
    files["characters.yaml"] = {"id": "nova"}

    problems = problems_of(tmp_path, files)

    assert [(p.file, p.path) for p in problems] == [("characters.yaml", "(fichier)")]


def test_empty_places_file_is_an_empty_list(tmp_path: Path, files: Files) -> None:
    files["places.yaml"] = "# aucun lieu pour l'instant\n"
    del files["quests/day06.yaml"]
    files["offers.yaml"].pop()  # "logement" came from the place quest

    assert load_pack(write_pack(tmp_path, files)).places == ()


# --- PackError and the named packs --------------------------------------------------


def test_load_pack_raises_with_every_problem(tmp_path: Path, files: Files) -> None:
    quest(files, "day01", 0)["offers"] = ["inconnue"]
    del files["skills.yaml"]
    pack = write_pack(tmp_path, files)

    with pytest.raises(PackError) as raised:
        load_pack(pack)

    assert raised.value.pack == pack
    assert len(raised.value.problems) == 3  # skills file, unknown offer, "cej" never given
    assert str(raised.value).splitlines() == [str(p) for p in raised.value.problems]
    assert "skills.yaml: (fichier): fichier manquant" in str(raised.value).splitlines()


def test_missing_pack_folder(tmp_path: Path) -> None:
    [problem] = check_pack(tmp_path / "absent")

    assert "introuvable" in problem.reason


@pytest.mark.parametrize("name", ["../default", "Default", "default\n", "", "-x", "a/b"])
def test_pack_path_rejects_names_that_are_not_ids(name: str) -> None:
    with pytest.raises(ValueError, match="invalid pack name"):
        pack_path(name)


def test_named_packs(tmp_path: Path, files: Files, monkeypatch: pytest.MonkeyPatch) -> None:
    write_pack(tmp_path, files, name="tempo")
    (tmp_path / "brouillon").mkdir()  # no pack.yaml: not a pack
    monkeypatch.setattr(loader, "PACKS_DIR", tmp_path)
    load_named_pack.cache_clear()

    try:
        assert available_packs() == ["tempo"]
        assert pack_path("tempo") == tmp_path / "tempo"
        first = load_named_pack("tempo")
        assert first.name == "tempo"
        assert load_named_pack("tempo") is first
        with pytest.raises(PackError):
            load_named_pack("brouillon")
    finally:
        load_named_pack.cache_clear()
