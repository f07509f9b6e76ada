"""What the facilitator reads before issuing a badge (game/services/evidence.py), and the
level the badge then carries (game/services/awards.py, hosting.py), on a real SQLite
session with the real default pack: a badge counts only the kinds of evidence its skill
lists, a young person's own reflection counts for the skills of the day they played,
their own check-ins count once a place, and the RECTEC level is in the OB 3.0 credential,
the OB 2.0 BadgeClass and the public page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from badges.keys import KeyRing
from content.catalog import LEVELS, Catalog
from game.services import awards, evidence, hosting, places
from game.services.evidence import SkillEvidence
from game.store.models import Facilitator, Player
from tests.open_badges_schema import problems

from .conftest import NOW, Game, open_days, solve

BASE = "http://eclats.test"


def seen(db: Session, player: Player, skill_id: str) -> SkillEvidence:
    return next(e for e in evidence.evidence_for(db, player) if e.skill.id == skill_id)


def kinds(found: SkillEvidence) -> list[str]:
    return [i.kind for i in found.items]


def test_a_badge_counts_only_the_kinds_of_evidence_its_skill_lists(
    session: Session, game: Game, catalog: Catalog, facilitator: Facilitator
) -> None:
    ines = game.players[0]
    skill = next(s for s in catalog.skills if s.id == "cooperation")
    assert "solved" not in skill.evidence and "observed" in skill.evidence and skill.min_evidence == 3
    lock = next(q for q in catalog.quests_of_day(1) if "cooperation" in q.skills and q.kind.value == "code_lock")
    solve(session, ines, lock.id)  # the whole code typed on one phone: a mission she finished, no piece
    for text in ("A partagé son indice avec Yanis.", "A attendu que chacun ait parlé."):
        evidence.observe(session, facilitator, ines, "cooperation", text, NOW)
    found = seen(session, ines, "cooperation")
    assert sorted(kinds(found)) == ["observed", "observed", "solved"]  # the facilitator sees all of it
    assert [i.kind for i in found.counted] == ["observed", "observed"]
    assert not found.suggested  # three items, but only two of the kinds that count
    evidence.observe(session, facilitator, ines, "cooperation", "A proposé de refaire le code ensemble.", NOW)
    assert seen(session, ines, "cooperation").suggested
    # the same mission counts for a badge that lists « solved »
    communication = seen(session, ines, "communication")
    assert "communication" in lock.skills and "solved" in communication.skill.evidence
    assert any(i.kind == "solved" and lock.title in i.label for i in communication.counted)


def test_her_reflection_counts_once_a_day_for_the_skills_of_the_missions_she_played(
    session: Session, game: Game, catalog: Catalog
) -> None:
    ines, yanis = game.players
    open_days(session, game.session, 3)
    day = catalog.day(3)
    assert day is not None and day.reflection, "day 3 asks the end-of-day questions"
    played = next(q for q in catalog.quests_of_day(3) if not q.prerequisites and q.skills)
    solve(session, ines, played.id)
    not_played = {s for q in catalog.quests_of_day(3) for s in q.skills} - set(played.skills)
    before = {e.skill.id: kinds(e) for e in evidence.evidence_for(session, ines)}
    assert all("reflection" not in k for k in before.values())  # nothing written yet: nothing counted
    evidence.reflect(session, ines, 3, 0, "On a cherché ensemble, puis j'ai trouvé la réponse.", NOW)
    evidence.reflect(session, ines, 3, 1, "Le code était dur. J'ai demandé un indice.", NOW)
    after = {e.skill.id: e for e in evidence.evidence_for(session, ines)}
    for skill_id in played.skills:
        reflections = [i for i in after[skill_id].items if i.kind == "reflection"]
        assert len(reflections) == 1, skill_id  # two answers, one day: one piece of evidence
        assert "jour 3" in reflections[0].label
        assert reflections[0] in after[skill_id].counted  # every badge of the default pack counts it
    for skill_id in not_played:
        assert "reflection" not in kinds(after[skill_id]), skill_id
    # her teammate played the same mission but wrote nothing: no reflection is his
    assert all("reflection" not in kinds(e) for e in evidence.evidence_for(session, yanis))


def test_her_own_check_ins_count_once_a_place_and_a_place_vouched_for_by_staff_not_at_all(
    session: Session, game: Game, catalog: Catalog, facilitator: Facilitator
) -> None:
    ines, yanis = game.players
    team = game.teams[0]
    open_days(session, game.session, 6)
    opera = catalog.quest("d6-place-opera")
    square = catalog.quest("d6-place-grand-place")
    assert opera is not None and square is not None and opera.place and "se-reperer" in square.skills
    for before in opera.prerequisites:
        solve(session, ines, before)
    session.commit()
    session.expire_all()  # a new request: the team is read again, with its two members
    secret = b"qr-secret-of-the-installation"
    code = places.qr_code(secret, game.session.id, opera.place, team.id)
    for _ in range(2):  # she waits at the opera for her teammate, scanning again
        places.check_in_qr(session, ines, opera.id, code, secret, NOW)
    places.validate_by_hand(session, facilitator, game.session.id, team.id, square.id, "Téléphones déchargés.", NOW)
    session.flush()
    mine = [i for i in seen(session, ines, "se-reperer").items if i.kind == "place"]
    place = catalog.place(opera.place)
    assert place is not None and len(mine) == 1 and place.name in mine[0].label
    assert "place" not in kinds(seen(session, yanis, "se-reperer"))  # he scanned nothing himself


@pytest.fixture
def host(tmp_path: Path) -> hosting.Host:
    return hosting.Host(BASE, "default", "", KeyRing(tmp_path / "badge-keys"))


def test_the_badge_carries_its_rectec_level_in_both_versions_and_on_its_page(
    session: Session, game: Game, catalog: Catalog, facilitator: Facilitator, host: hosting.Host
) -> None:
    ines = game.players[0]
    skill = next(s for s in catalog.skills if s.id == "resolution-problemes")
    assert skill.category == "savoir-faire" and skill.level is not None
    words = LEVELS[skill.level]
    evidence.consent(session, ines, None, NOW)
    [award], _ = awards.issue(session, facilitator, game.session.id, [ines.id], skill.id, NOW, host.ring, host.links)
    session.commit()
    credential = json.loads(award.credential)
    assert problems(credential) == []  # the 1EdTech Open Badges 3.0 JSON Schema
    achievement = credential["credentialSubject"]["achievement"]
    [scale] = achievement["resultDescription"]
    assert scale["type"] == ["ResultDescription"] and scale["resultType"] == "RubricCriterionLevel"
    assert [(lv["level"], lv["name"]) for lv in scale["rubricCriterionLevel"]] == [
        (str(n), name) for n, name in sorted(LEVELS.items())
    ]
    wanted = next(lv["id"] for lv in scale["rubricCriterionLevel"] if lv["level"] == str(skill.level))
    assert scale["requiredLevel"] == wanted
    assert credential["credentialSubject"]["result"] == [
        {"type": ["Result"], "resultDescription": scale["id"], "achievedLevel": wanted}
    ]
    # OB 2.0 has no levels: the BadgeClass says it in its criteria and its tags
    badge_class = hosting.badge_class(session, host, "default", skill.id)
    assert f"RECTEC niveau {skill.level}" in badge_class["tags"]
    assert words in badge_class["criteria"]["narrative"]
    page = hosting.public_page(award, host.links, NOW)
    assert page.level == words
