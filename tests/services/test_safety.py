"""The safety net's use cases on a real SQLite session and the real default pack: an
urgent self-diagnosis answer writes one private alert and gives the numbers to show; a
facilitator flags a written answer; staff mark an alert seen or « pris en charge »; the
alerts are in the young person's export and go with their erasure."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from content.catalog import Catalog, Diagnosis, DiagnosisQuestion
from game.rules.diagnosis import Answer, asked
from game.rules.errors import InvalidInput, NotFound
from game.services import diagnosis, privacy, reviews, safety, sessions
from game.store.models import Facilitator
from game.store.safety import SafetyAlert

from .conftest import NOW, Game, solve


def _calm(question: DiagnosisQuestion) -> int:
    return min((i for i, c in enumerate(question.choices) if not c.is_urgent), key=lambda i: question.choices[i].need)


def _opening(question: DiagnosisQuestion) -> int:
    return max((i for i, c in enumerate(question.choices) if not c.is_urgent), key=lambda i: question.choices[i].need)


def answers_with(found: Diagnosis, target: Mapping[str, int]) -> dict[str, int]:
    """A whole round as the funnel asks it: the ``target`` answers, the opener of their
    families answered so that their follow-ups are asked, the least need elsewhere."""
    families = {q.family for q in found.questions if q.id in target}
    chosen: dict[str, int] = {}
    while todo := [q for q in asked(found, chosen) if q.id not in chosen]:
        for q in todo:
            if q.id in target:
                chosen[q.id] = target[q.id]
            elif q.family in families and not q.follow_up:
                chosen[q.id] = _opening(q)
            else:
                chosen[q.id] = _calm(q)
    return chosen


def urgent_choice(catalog: Catalog, helpline_id: str) -> tuple[DiagnosisQuestion, int]:
    """The pack's answer that shows ``helpline_id`` at once."""
    assert catalog.diagnosis is not None
    for question in catalog.diagnosis.questions:
        for index, choice in enumerate(question.choices):
            if helpline_id in choice.urgent:
                return question, index
    raise AssertionError(f"no answer of the pack shows {helpline_id}")


def take(db: Session, game: Game, catalog: Catalog, target: Mapping[str, int]) -> list[str]:
    """Round 1 through the same calls as the API; the numbers shown at once."""
    assert catalog.diagnosis is not None
    chosen = answers_with(catalog.diagnosis, target)
    player = game.players[0]
    diagnosis.answer(db, player, 1, [Answer(q, c) for q, c in chosen.items()], NOW)
    return [h.number for h in safety.on_diagnosis(db, player, 1, chosen, NOW)]


def alerts(db: Session) -> list[SafetyAlert]:
    return list(db.scalars(select(SafetyAlert).order_by(SafetyAlert.id)))


def test_calm_answers_show_no_number_and_tell_nobody(session: Session, game: Game, catalog: Catalog) -> None:
    assert take(session, game, catalog, {}) == []
    assert alerts(session) == []


def test_an_urgent_answer_shows_the_numbers_and_writes_one_private_alert(
    session: Session, game: Game, catalog: Catalog
) -> None:
    question, index = urgent_choice(catalog, "3114")
    assert take(session, game, catalog, {question.id: index}) == ["3114"]
    [alert] = alerts(session)
    assert (alert.player_id, alert.session_id, alert.source, alert.round) == (
        game.players[0].id,
        game.session.id,
        "diagnosis",
        1,
    )
    assert alert.answer == f"{question.text} → « {question.choices[index].text} »"
    assert (alert.state, alert.created_at, alert.handled_at) == ("open", NOW, None)
    # the same answers again while it is open: the numbers again, no second alert
    assert take(session, game, catalog, {question.id: index}) == ["3114"]
    assert len(alerts(session)) == 1


def test_several_urgent_answers_show_each_number_once(session: Session, game: Game, catalog: Catalog) -> None:
    night, n = urgent_choice(catalog, "115")
    dark, d = urgent_choice(catalog, "3114")
    shown = take(session, game, catalog, {night.id: n, dark.id: d})
    assert sorted(shown) == ["115", "3114"]
    [alert] = alerts(session)
    assert night.choices[n].text in alert.answer and dark.choices[d].text in alert.answer


def test_staff_mark_an_alert_seen_then_handled_with_who_and_when(
    session: Session, game: Game, catalog: Catalog, facilitator: Facilitator
) -> None:
    question, index = urgent_choice(catalog, "115")
    take(session, game, catalog, {question.id: index})
    [alert] = alerts(session)
    later = NOW.replace(hour=11)
    safety.mark(session, facilitator, game.session.id, alert.id, "seen", NOW)
    assert (alert.state, alert.seen_by, alert.seen_at, alert.handled_at) == ("seen", facilitator.id, NOW, None)
    safety.mark(session, facilitator, game.session.id, alert.id, "handled", later)
    assert (alert.state, alert.handled_by, alert.handled_at) == ("handled", facilitator.id, later)
    safety.mark(session, facilitator, game.session.id, alert.id, "seen", later.replace(hour=12))
    assert alert.state == "handled"  # handled is final
    # once handled, the same answer given again is a new alert
    take(session, game, catalog, {question.id: index})
    assert [a.state for a in alerts(session)] == ["handled", "open"]
    assert [v.alert.state for v in safety.list_alerts(session, game.session.id)] == ["open", "handled"]


def test_an_alert_is_not_found_through_another_session(
    session: Session, game: Game, catalog: Catalog, facilitator: Facilitator
) -> None:
    question, index = urgent_choice(catalog, "115")
    take(session, game, catalog, {question.id: index})
    [alert] = alerts(session)
    other = sessions.create_session(session, facilitator, "Groupe du jeudi", "default", NOW.date(), True, None, NOW)
    session.flush()
    with pytest.raises(NotFound):
        safety.mark(session, facilitator, other.id, alert.id, "handled", NOW)
    assert safety.list_alerts(session, other.id) == []
    assert alert.state == "open"


def test_a_flagged_written_answer_alerts_the_staff_and_sends_the_numbers_privately(
    session: Session, game: Game, catalog: Catalog, facilitator: Facilitator
) -> None:
    ines, yanis = game.players
    for quest_id in ("d1-badge-entree", "d1-rencontre-ines", "d1-diagnostic-nova", "d1-casier"):
        solve(session, ines, quest_id)
    sub, _ = reviews.submit(session, ines, "d1-carte-talents", "Je n'ai plus envie de rien.", None, NOW)
    with pytest.raises(InvalidInput):
        safety.flag_submission(session, facilitator, sub.id, "", ["999"], NOW)
    alert = safety.flag_submission(session, facilitator, sub.id, "  À appeler ce soir  ", None, NOW)
    assert (alert.source, alert.player_id, alert.flagged_by, alert.note) == (
        "review",
        ines.id,
        facilitator.id,
        "À appeler ce soir",
    )
    assert "Je n'ai plus envie de rien." in alert.answer
    help_ = safety.private_help(session, ines)
    assert [h.id for h in help_.helplines] == list(safety.FLAG_HELPLINES)
    assert safety.private_help(session, yanis).helplines == []  # the teammate gets nothing
    safety.read_help(session, ines, NOW)
    assert safety.private_help(session, ines).helplines == []
    assert alert.state == "open"  # closing the message does not handle the alert


def test_alerts_are_in_the_export_and_go_with_the_erasure(
    session: Session, game: Game, catalog: Catalog, tmp_path: Path
) -> None:
    question, index = urgent_choice(catalog, "3114")
    take(session, game, catalog, {question.id: index})
    ines, yanis = game.players
    [exported] = privacy.export_player(session, ines)["alertes"]
    assert exported["reponse"] == alerts(session)[0].answer
    assert (exported["numeros_montres"], exported["etat"]) == (["3114"], "ouverte")
    assert privacy.export_player(session, yanis)["alertes"] == []
    privacy.erase_player(session, ines, tmp_path, NOW)
    session.commit()
    assert session.scalar(select(func.count()).select_from(SafetyAlert)) == 0
