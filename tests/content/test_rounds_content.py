"""``rounds.yaml``: the pack's live « situation → offre » rounds, checked like the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from content.loader import load_named_pack, load_pack
from content.loader.lint import MAX_WORDS, sentences, words

from .test_pack_loader import Files, problems_of, write_pack
from .test_pack_loader import files as files  # (the fixture)


def _round(**values: Any) -> dict[str, Any]:
    base = {
        "id": "r1-permis",
        "day": 1,
        "situation": "Nassim a trouvé un emploi loin de chez lui.",
        "choices": ["permis", "logement"],
        "answer": "permis",
        "explanation": "Des aides existent pour le permis.",
        "skills": ["numerique"],
        "points": 5,
    }
    base.update(values)
    return base


def test_rounds_are_optional_and_loaded_into_the_catalogue(tmp_path: Path, files: Files) -> None:
    assert load_pack(write_pack(tmp_path, files, "sans")).rounds == ()
    files["rounds.yaml"] = [_round(), _round(id="r2", day=2, choices=["cej", "logement", "permis"], answer="logement")]
    catalog = load_pack(write_pack(tmp_path, files, "avec"))
    assert [r.id for r in catalog.rounds] == ["r1-permis", "r2"]
    assert catalog.rounds[1].answer_index == 1 and catalog.rounds[1].choices == ("cej", "logement", "permis")
    assert catalog.rounds[0].skills == ("numerique",) and catalog.rounds[0].points == 5


def test_each_problem_of_a_round_is_named_with_its_path(tmp_path: Path, files: Files) -> None:
    files["rounds.yaml"] = [
        _round(choices=["permis", "bourse-magique"]),  # an offer the pack does not have
        _round(id="r2", answer="cej"),  # the answer is not among the choices
        _round(id="r3", choices=["permis"]),  # one choice is no round
        _round(id="r4", skills=["jonglage"]),  # an unknown skill
        _round(id="r4", day=11),  # a day out of the session, and the same id again
    ]
    found = {(p.file, p.path): p.reason for p in problems_of(tmp_path, files)}
    assert "bourse-magique" in found[("rounds.yaml", "[0].choices[1]")]
    assert "doit être une des offres" in found[("rounds.yaml", "[1].answer")]
    assert "entre 2 et 4" in found[("rounds.yaml", "[2].choices")]
    assert "jonglage" in found[("rounds.yaml", "[3].skills[0]")]
    assert "jour" in found[("rounds.yaml", "[4].day")]
    assert "double" in found[("rounds.yaml", "[4].id")]


def test_the_default_pack_has_a_round_every_day_truthful_to_its_offers() -> None:
    catalog = load_named_pack("default")
    days = {r.day for r in catalog.rounds}
    assert days == set(range(1, 11))
    assert sum(1 for r in catalog.rounds) >= 15  # two on most days
    offers = {o.id for o in catalog.offers}
    skills = {s.id: s for s in catalog.skills}
    for r in catalog.rounds:
        assert set(r.choices) <= offers and r.answer in r.choices
        assert 2 <= len(r.choices) <= 4
        text = (r.situation + r.explanation).replace("2e chance", "").replace("E2C", "")  # names, not figures
        assert not any(ch.isdigit() for ch in text), f"{r.id}: no figure in a round"
        for text in (r.situation, r.explanation):
            assert all(words(s) <= MAX_WORDS for s in sentences(text)), r.id
        assert 1 <= len(sentences(r.explanation)) <= 3, r.id
        # a right answer is evidence the skill counts
        assert r.skills and all("round" in skills[s].evidence for s in r.skills), r.id
    # the right answer is not always in the same place
    assert len({r.answer_index for r in catalog.rounds}) == 3


def test_a_badge_proved_by_live_rounds_is_observable(tmp_path: Path, files: Files) -> None:
    """Live rounds are played with the facilitator there: a badge whose skill is trained
    by a round and counts « round » is not « impossible à observer »."""
    for name, entries in files.items():
        if name.startswith("quests/"):
            for entry in entries:
                entry["skills"] = [s for s in entry.get("skills", []) if s != "cooperation"]
    skill = files["skills.yaml"][0]
    assert skill["id"] == "cooperation"
    skill.update({"criteria": "A trouvé la bonne offre.", "level": 2, "evidence": ["solved", "round"]})
    assert any("impossible à observer" in p.reason for p in problems_of(tmp_path / "a", files))
    files["rounds.yaml"] = [_round(skills=["cooperation"])]
    assert problems_of(tmp_path / "b", files) == []
