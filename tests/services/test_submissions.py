"""Use cases moved out of the handlers, on a real SQLite session without Flask: sending an
answer to review (text, or a photo stored and removed again if the answer is refused),
the offers put forward by the self-diagnosis, and the teams stuck today."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from content.catalog import Catalog, QuestKind
from game.rules import kinds
from game.rules.diagnosis import Answer as DiagnosisAnswer
from game.rules.errors import InvalidInput, RuleViolation
from game.rules.kinds import DialogueAnswer, QuizAnswer, TextAnswer
from game.services import diagnosis, play, reviews, sessions
from game.store.models import Player, Submission

from .conftest import NOW, Game, join

#: emploi and logement at 100 %: their offers taken in turns, five at most
EMPLOI_LOGEMENT = ["offres-emploi", "logement", "ateliers-cv", "aide-financiere", "pmsmp"]


def png(side: int = 40) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (side, side), (200, 40, 90)).save(out, "PNG")
    return out.getvalue()


def solve(db: Session, player: Player, catalog: Catalog, quest_id: str) -> None:
    """The team plays the mission right, whatever its kind."""
    quest = catalog.quest(quest_id)
    assert quest is not None
    given: kinds.Answer
    if quest.kind is QuestKind.QUIZ:
        given = QuizAnswer(tuple(x.correct for x in quest.quiz))
    elif quest.kind is QuestKind.DIALOGUE:
        given = DialogueAnswer(next(i for i, c in enumerate(quest.choices) if c.correct))
    else:
        given = TextAnswer(kinds.code_of(quest) if quest.kind is QuestKind.CODE_LOCK else quest.answers[0])
    assert play.answer(db, player, quest_id, given, NOW).decision.correct


def take_diagnosis(db: Session, player: Player, catalog: Catalog, needy: set[str]) -> None:
    """Round 1 answered: the most need for the families in ``needy``, none elsewhere."""
    assert catalog.diagnosis is not None
    answers = []
    for q in catalog.diagnosis.questions:
        if q.follow_up and q.family not in needy:
            continue  # a follow-up is asked only when its family's first answer shows a need
        needs = [c.need for c in q.choices]
        answers.append(DiagnosisAnswer(q.id, needs.index(max(needs) if q.family in needy else min(needs))))
    diagnosis.answer(db, player, 1, answers, NOW)


def stored(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.jpg"))


# --- answers sent for review -------------------------------------------------------------


def test_only_a_reviewed_mission_takes_a_submission(session: Session, game: Game) -> None:
    ines = game.players[0]
    for quest_id in ("d1-badge-entree", "d1-rencontre-ines", "no-such-mission"):
        with pytest.raises(InvalidInput) as err:
            reviews.check_submittable(session, ines, quest_id)
        assert (err.value.code, err.value.message) == (
            "not_reviewed",
            "Cette mission n'attend pas de réponse à relire.",
        )
    with pytest.raises(RuleViolation) as locked:  # a photo mission, still locked behind the badge riddle
        reviews.check_submittable(session, ines, "d1-photo-equipe")
    assert locked.value.code == "locked"


def test_a_written_answer_is_cleaned_and_waits_for_the_facilitator(
    session: Session, game: Game, catalog: Catalog
) -> None:
    ines = game.players[0]
    for quest_id in ("d1-badge-entree", "d1-rencontre-ines", "d1-diagnostic-nova", "d1-casier"):
        solve(session, ines, catalog, quest_id)
    quest = reviews.check_submittable(session, ines, "d1-carte-talents")
    assert quest.id == "d1-carte-talents"
    with pytest.raises(InvalidInput) as empty:
        reviews.submit(session, ines, "d1-carte-talents", " \u200b\u202e ", None, NOW)
    assert (empty.value.code, empty.value.message) == ("text", "Données invalides — « text » : écris ta réponse.")

    sub, events = reviews.submit(session, ines, "d1-carte-talents", "  Je sais \u202eécouter.  ", None, NOW)
    session.commit()
    assert (sub.kind, sub.text, sub.photo_path, sub.status) == ("free_text", "Je sais écouter.", None, "pending")
    assert [type(e.event).__name__ for e in events] == ["SubmissionReceived"]
    views = {v.quest.id: v for v in play.quest_views(session, ines)}
    assert views["d1-carte-talents"].status.value == "pending_review"
    assert views["d1-carte-talents"].state.attempts == 1
    with pytest.raises(RuleViolation) as again:  # one answer waits at a time
        reviews.check_submittable(session, game.players[1], "d1-carte-talents")
    assert again.value.code == "pending_review"


def test_a_photo_is_stored_with_its_caption_cut(session: Session, game: Game, catalog: Catalog, tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    ines = game.players[0]
    solve(session, ines, catalog, "d1-badge-entree")
    session.commit()
    reviews.check_submittable(session, ines, "d1-photo-equipe")
    caption = "Notre équipe au complet ! " + "x" * 3000
    with reviews.photo_stored(session, png(), folder) as name:
        assert name is not None and stored(folder) == [name]
        sub, _ = reviews.submit(session, ines, "d1-photo-equipe", caption, name, NOW)
        session.commit()
    assert stored(folder) == [name]
    kept = session.get(Submission, sub.id)
    assert kept is not None and kept.kind == "photo" and kept.photo_path == name
    assert kept.text == caption[: reviews.MAX_TEXT] and len(kept.text) == 2000
    with Image.open(folder / name) as image:
        assert image.format == "JPEG"


def test_a_photo_needs_no_caption(session: Session, game: Game, catalog: Catalog, tmp_path: Path) -> None:
    ines = game.players[0]
    solve(session, ines, catalog, "d1-badge-entree")
    session.commit()
    with reviews.photo_stored(session, png(), tmp_path) as name:
        sub, _ = reviews.submit(session, ines, "d1-photo-equipe", "", name, NOW)
        session.commit()
    assert (sub.text, sub.photo_path) == ("", name)


def test_a_refused_photo_answer_leaves_no_file_behind(
    session: Session, game: Game, catalog: Catalog, tmp_path: Path
) -> None:
    ines, yanis = game.players
    solve(session, ines, catalog, "d1-badge-entree")
    session.commit()
    with reviews.photo_stored(session, png(), tmp_path) as first:
        reviews.submit(session, ines, "d1-photo-equipe", "", first, NOW)
        session.commit()
    # a teammate's photo arrives while the first one waits for review: refused, and its
    # file goes with the refusal
    with pytest.raises(RuleViolation) as err, reviews.photo_stored(session, png(30), tmp_path) as second:
        assert second is not None and (tmp_path / second).exists()
        reviews.submit(session, yanis, "d1-photo-equipe", "", second, NOW)
    assert err.value.code == "pending_review"
    assert stored(tmp_path) == [first]
    session.rollback()
    assert len(session.scalars(select(Submission)).all()) == 1


def test_an_unreadable_photo_is_refused_before_anything_is_stored(session: Session, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as err, reviews.photo_stored(session, b"not an image", tmp_path):
        pytest.fail("nothing to record")
    assert err.value.code == "photo_unreadable"
    assert stored(tmp_path) == []


def test_a_written_answer_has_no_photo_to_store(session: Session, tmp_path: Path) -> None:
    with reviews.photo_stored(session, None, tmp_path) as name:
        assert name is None
    assert stored(tmp_path) == []


# --- offers put forward by the self-diagnosis ------------------------------------------


def test_offers_come_in_pack_order_before_the_self_diagnosis(session: Session, game: Game, catalog: Catalog) -> None:
    cards = play.offer_cards(session, game.players[0])
    assert [c.offer.id for c in cards] == [o.id for o in catalog.offers]
    assert not any(c.priority or c.unlocked for c in cards)


def test_offers_put_forward_come_first_in_the_diagnosis_order(session: Session, game: Game, catalog: Catalog) -> None:
    ines, yanis = game.players
    take_diagnosis(session, ines, catalog, {"emploi", "logement"})
    cards = play.offer_cards(session, ines)
    rest = [o.id for o in catalog.offers if o.id not in EMPLOI_LOGEMENT]
    assert [c.offer.id for c in cards] == EMPLOI_LOGEMENT + rest
    assert [c.offer.id for c in cards if c.priority] == EMPLOI_LOGEMENT
    # one's diagnosis is one's own: the teammate still sees the pack order
    assert [c.offer.id for c in play.offer_cards(session, yanis)] == [o.id for o in catalog.offers]


def test_the_recap_marks_the_offers_put_forward(session: Session, game: Game, catalog: Catalog) -> None:
    ines, yanis = game.players
    for quest_id in ("d1-badge-entree", "d1-rencontre-ines", "d1-diagnostic-nova"):
        solve(session, ines, catalog, quest_id)
    take_diagnosis(session, ines, catalog, {"formation"})
    assert "pacea" in diagnosis.priority_offers(session, ines)
    assert "cej" not in diagnosis.priority_offers(session, ines)
    mine = play.player_recap(session, ines, None)
    assert mine.recap.day == 1
    assert [(o.offer.id, o.priority) for o in mine.offers] == [("cej", False), ("pacea", True)]
    theirs = play.player_recap(session, yanis, 1)
    assert [(o.offer.id, o.priority) for o in theirs.offers] == [("cej", False), ("pacea", False)]


# --- teams stuck today -----------------------------------------------------------------


def stuck(db: Session, game: Game) -> dict[str, bool]:
    """Which teams the console flags, as the next request sees it (its own session)."""
    db.commit()
    with Session(db.get_bind()) as fresh:
        return {p.team.name: p.stuck for p in sessions.progress(fresh, game.session.id)}


def test_a_team_that_solved_nothing_while_the_other_advances_is_stuck(
    session: Session, game: Game, catalog: Catalog
) -> None:
    aurore, horizon = (t.name for t in game.teams)
    lina = join(session, game.session, "Lina", game.teams[1])
    session.commit()
    assert stuck(session, game) == {aurore: False, horizon: False}  # the day has just begun
    solve(session, lina, catalog, "d1-badge-entree")
    session.commit()
    assert stuck(session, game) == {aurore: True, horizon: False}
    progress = {p.team.name: p for p in sessions.progress(session, game.session.id)}
    assert (progress[aurore].solved_today, progress[horizon].solved_today) == (0, 1)
    sessions.pause(session, game.session.id)
    assert stuck(session, game) == {aurore: False, horizon: False}  # nobody plays during a pause


def test_a_team_without_members_is_never_stuck(session: Session, game: Game, catalog: Catalog) -> None:
    aurore, horizon = (t.name for t in game.teams)
    # the empty team is not stuck; the team that has members and nothing solved is
    assert stuck(session, game) == {aurore: True, horizon: False}
    solve(session, game.players[0], catalog, "d1-badge-entree")
    session.commit()
    assert stuck(session, game) == {aurore: False, horizon: False}
