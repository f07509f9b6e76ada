"""What an answer's result tells the phone (issue 15, point 3): a quiz names its wrong
questions by number, never the right choices, also when replayed by ``client_id``; a
hint refused for lack of éclats says what to do."""

from __future__ import annotations

import json
from typing import Any

from flask.testing import FlaskClient

from content.catalog import Catalog

from ..conftest import open_day

Headers = dict[str, str]
QUIZ = "d2-contrat-pirate"  # day 2 of the default pack: four questions, no prerequisite


def test_a_wrong_quiz_names_its_wrong_questions_and_never_the_right_choices(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    ines, yanis = players
    for day in (1, 2):
        open_day(client, staff, game["id"], day)
    quiz = catalog.quest(QUIZ)
    assert quiz is not None and len(quiz.quiz) == 4
    # wrong on questions 1 and 3, right on 2 and 4
    choices = [(x.correct + 1) % len(x.choices) if n in (1, 3) else x.correct for n, x in enumerate(quiz.quiz, 1)]
    body = {"choices": choices, "client_id": "quiz-try-0001"}
    r = client.post(f"/api/me/quests/{QUIZ}/answer", json=body, headers=ines)
    assert r.status_code == 200, r.json
    assert r.json["correct"] is False and r.json["wrong_questions"] == [1, 3]
    assert "questions 1 et 3" in r.json["message"] and "2 essais" in r.json["message"]
    sent = json.dumps(r.json, ensure_ascii=False)
    for x in quiz.quiz:  # neither the right choice's text nor its index
        assert x.choices[x.correct] not in sent
    assert set(r.json) == {
        "correct", "status", "message", "reward", "eclats", "offers_unlocked", "attempts_left", "reply",
        "wrong_questions", "replayed",
    }  # fmt: skip

    # the same action sent again (a phone that lost the reply): the same list, one try spent
    again = client.post(f"/api/me/quests/{QUIZ}/answer", json=body, headers=ines)
    assert again.json["replayed"] is True and again.json["wrong_questions"] == [1, 3]
    view = next(q for q in client.get("/api/me/quests", headers=yanis).json if q["id"] == QUIZ)
    assert view["attempts"] == 1

    # one question left wrong, by a teammate
    only_four = [x.correct for x in quiz.quiz]
    only_four[3] = (only_four[3] + 1) % len(quiz.quiz[3].choices)
    r = client.post(f"/api/me/quests/{QUIZ}/answer", json={"choices": only_four}, headers=yanis)
    assert r.json["wrong_questions"] == [4] and "la question 4" in r.json["message"]
    right = client.post(
        f"/api/me/quests/{QUIZ}/answer", json={"choices": [x.correct for x in quiz.quiz]}, headers=yanis
    )
    assert right.json["correct"] is True and right.json["wrong_questions"] == []


def test_other_kinds_have_no_wrong_questions(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers]
) -> None:
    open_day(client, staff, game["id"], 1)
    r = client.post("/api/me/quests/d1-badge-entree/answer", json={"answer": "zzzz-pas-ca"}, headers=players[0])
    assert r.status_code == 200 and r.json["correct"] is False
    assert "wrong_questions" not in r.json and r.json["message"].startswith("Ce n'est pas ça.")


def test_a_hint_refused_for_lack_of_eclats_says_what_to_do(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers]
) -> None:
    for day in (1, 2):
        open_day(client, staff, game["id"], day)
    r = client.post(f"/api/me/quests/{QUIZ}/hints", json={}, headers=players[0])  # costs 6, the team has 0
    assert r.status_code == 409 and r.json["error"] == "not_enough_eclats"
    assert r.json["message"].startswith("Il manque 6 éclats")
    assert "une autre mission du jour" in r.json["message"] and "l'animateur ou l'animatrice" in r.json["message"]
