"""« Mon carnet de parcours » (game/services/booklet.py) built for a young person at the
end of the ten days, with the self-diagnosis of day 1 beside day 10 and a booked
appointment with a counsellor: the PDF is read back as text, as they would read it."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from pypdf import PdfReader
from sqlalchemy.orm import Session

from content.catalog import Catalog
from game.rules.diagnosis import Answer
from game.services import appointments, booklet, diagnosis
from game.services.awards import Links
from game.store.models import Facilitator

from .conftest import NOW, Game, open_days, solve

PARIS = ZoneInfo("Europe/Paris")


def day1_order(day1: Any, day10: Any) -> list[Any]:
    """The table's rows: the needs in the order of the first round taken (day 1), with
    their day-10 scores."""
    after = {s.family: s for s in day10.scores}
    return [after[s.family] for s in day1.scores]


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_booklet_shows_the_diagnosis_of_day_1_beside_day_10_and_the_appointment(
    session: Session, game: Game, facilitator: Facilitator, catalog: Catalog
) -> None:
    ines = game.players[0]
    assert catalog.diagnosis is not None
    questions = catalog.diagnosis.questions
    # day 1: the first answer (no need) to every question asked; day 10: the most need everywhere
    # (no need on day 1: the follow-up questions are not asked)
    diagnosis.answer(session, ines, 1, [Answer(q.id, 0) for q in questions if not q.follow_up], NOW)
    open_days(session, game.session, 10)
    diagnosis.answer(
        session, ines, 10, [Answer(q.id, [c.need for c in q.choices].index(q.max_need)) for q in questions], NOW
    )
    booking = appointments.appointment_quest(catalog)
    for before in booking.prerequisites:
        solve(session, ines, before)
    [slot] = appointments.publish_slots(
        session, facilitator, game.session.id, datetime(2026, 12, 4, 9), 30, "in_person",
        "Mission Locale, 12 rue Nationale, bureau 3", 1, NOW, PARIS,
    )  # fmt: skip
    appointments.book(session, ines, slot.id, "Parler de  mon CV", ["ateliers-cv", "cej"], NOW)
    session.commit()

    text = text_of(booklet.booklet_pdf(session, ines, Links("http://eclats.test"), NOW, PARIS))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    flat = " ".join(text.split())

    assert lines[:2] == ["Mon carnet de parcours", "Inès · Mission Locale Lille Avenirs · Groupe du lundi"]
    assert "Fait le 23/11/2026." in text
    # the diagnosis: one row per need, day 1, day 10 and the change, as the service scored them
    results = diagnosis.results(session, ines)
    day1, day10 = (next(r for r in results.rounds if r.round == n) for n in (1, 10))
    before = {s.family: s.priority for s in day1.scores}
    assert "Mon diagnostic" in lines and "Tu n'as pas fait le diagnostic." not in text
    table = " ".join(
        f"{s.name} {before[s.family]} % {s.priority} % {s.priority - before[s.family]:+d}"
        for s in day1_order(day1, day10)
    )
    assert "Besoin Jour 1 Jour 10 Évolution " + table + " Plus le pourcentage est haut" in flat
    # no need at all on day 1, every need at its highest on day 10
    assert {(before[s.family], s.priority) for s in day10.scores} == {(0, 100)}
    # the offers discovered by the missions solved on the way to the appointment
    solved, waiting = [], list(booking.prerequisites)
    while waiting:
        quest = catalog.quest(waiting.pop())
        assert quest is not None
        solved.append(quest)
        waiting += quest.prerequisites
    found = {o for q in solved for o in q.offers}
    assert found, "the missions before the appointment reveal offers"
    assert f"Les offres découvertes ({len(found)} sur {len(catalog.offers)})" in flat
    for offer_id in found:
        offer = catalog.offer(offer_id)
        assert offer is not None and offer.title in flat and f"Qui contacter : {offer.contact}" in flat
    # the appointment, at Paris time, with whom, where, and what the young person wrote
    titles = [catalog.offer(o).title for o in ("ateliers-cv", "cej")]  # type: ignore[union-attr]
    assert "Pas encore de rendez-vous" not in text
    i = lines.index("Mon rendez-vous avec mon conseiller")
    assert lines[i + 1 : i + 4] == [
        "Le 04/12/2026 à 10:00, 30 min, avec Claire.",
        "Où : Mission Locale, 12 rue Nationale, bureau 3",
        "Ce dont tu veux parler : Parler de mon CV",
    ]
    assert " ".join(lines[i + 4 :]).startswith("Offres qui t'intéressent : " + ", ".join(titles) + " Mes badges")
    assert "Mes badges" in lines and "Pas encore de badge." in lines


def test_a_booklet_before_any_diagnosis_or_appointment_says_what_is_missing(session: Session, game: Game) -> None:
    text = text_of(booklet.booklet_pdf(session, game.players[1], Links("http://eclats.test"), NOW, PARIS))
    for expected in (
        "Les offres découvertes (0 sur 25)",
        "Pas encore d'offre découverte.",
        "Tu n'as pas fait le diagnostic.",
        "Pas encore de rendez-vous : demande à ta Mission Locale, c'est gratuit.",
        "Pas encore de badge.",
    ):
        assert expected in text, expected
