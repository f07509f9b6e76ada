"""The facilitator's answer sheet: what is right *in this session* (its own variants),
so that a facilitator can help a stuck team; never reachable from a phone."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from content.catalog import Catalog, QuestKind

from ..conftest import create_session, join, open_day
from .helpers import right_answer
from .test_clue_lock_api import clue_lock

Headers = dict[str, str]


def sheet(client: FlaskClient, staff: Headers, session_id: int) -> dict[str, list[str]]:
    r = client.get(f"/api/sessions/{session_id}/solutions", headers=staff)
    assert r.status_code == 200, r.json
    return {row["quest_id"]: row["answers"] for row in r.json}


def test_the_sheet_gives_this_sessions_code_and_it_opens_the_lock(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Catalog
) -> None:
    lock = clue_lock(catalog)
    team = game["teams"][0]["id"]
    phone = join(client, game["join_code"], "Inès", team)
    open_day(client, staff, game["id"], lock.day)
    for before in lock.prerequisites:
        quest = catalog.quest(before)
        assert quest is not None
        assert client.post(f"/api/me/quests/{before}/answer", json=right_answer(quest), headers=phone).json["correct"]
    answers = sheet(client, staff, game["id"])
    [code] = answers[lock.id]
    assert "{{" not in code
    r = client.post(f"/api/me/quests/{lock.id}/answer", json={"answer": code}, headers=phone)
    assert r.status_code == 200 and r.json["correct"] is True, r.json


def test_each_session_has_its_own_sheet_and_the_pack_has_the_rest(
    client: FlaskClient, staff: Headers, catalog: Catalog
) -> None:
    sheets = [sheet(client, staff, create_session(client, staff)["id"]) for _ in range(4)]
    varied = [q.id for q in catalog.quests if q.variants]
    assert len({tuple(tuple(s[q]) for q in varied) for s in sheets}) > 1  # not every group plays the same codes
    first = sheets[0]
    quiz = next(q for q in catalog.quests if q.kind is QuestKind.QUIZ)
    assert first[quiz.id] == [f"{x.question} → {x.choices[x.correct]}" for x in quiz.quiz]
    reviewed = next(q for q in catalog.quests if q.kind is QuestKind.FREE_TEXT)
    assert first[reviewed.id] == []  # nothing to give away: the facilitator validates it
    assert catalog.finale is not None and first[catalog.finale.id] == list(catalog.finale.answers)


def test_a_phone_cannot_read_the_sheet(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> None:
    phone = join(client, game["join_code"], "Yanis", game["teams"][0]["id"])
    r = client.get(f"/api/sessions/{game['id']}/solutions", headers=phone)
    assert r.status_code in (401, 403)
    assert "answers" not in r.get_data(as_text=True)
