"""Quiz and dialogue choices reach each phone in that player's own order (issue 14), with
the index to answer with beside each text: a group telling the next « c'est la deuxième
réponse » tells it nothing, and the answer a phone sends is judged as before."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from content.catalog import Catalog, QuestKind

from ..conftest import open_day
from .helpers import playable_order, right_answer

Headers = dict[str, str]


def _views(client: FlaskClient, player: Headers) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for q in client.get("/api/me/quests", headers=player).json}


def test_each_teammate_sees_their_own_order_and_taps_the_right_text(
    client: FlaskClient, staff: Headers, game: dict[str, Any], players: tuple[Headers, Headers], catalog: Catalog
) -> None:
    ines, yanis = players
    for day in range(1, 11):
        open_day(client, staff, game["id"], day)
    mine, theirs = _views(client, ines), _views(client, yanis)
    assert _views(client, ines) == mine  # a reload: the same order
    quizzes = [q for q in catalog.quests if q.kind is QuestKind.QUIZ]
    dialogues = [q for q in catalog.quests if q.kind is QuestKind.DIALOGUE]
    packs = {q.id: [x.choices for x in q.quiz] for q in quizzes}
    shown = {q: [x["choices"] for x in mine[q]["questions"]] for q in packs}
    assert sum(shown[q] != packs[q] for q in packs) > len(packs) / 2  # not the pack's order
    assert any(mine[q.id]["questions"] != theirs[q.id]["questions"] for q in quizzes)  # teammates differ
    assert any(mine[q.id]["choices"] != theirs[q.id]["choices"] for q in dialogues)
    for q in quizzes:  # every id names the text beside it
        for x, seen in zip(q.quiz, mine[q.id]["questions"], strict=True):
            assert [x.choices[i] for i in seen["ids"]] == seen["choices"]

    # Yanis taps, in his own order, the right text of a quiz: the team solves it
    quest = next(q for q in playable_order(catalog, 1) if q.kind is QuestKind.QUIZ)
    for earlier in playable_order(catalog, 1):
        if earlier.id == quest.id:
            break
        client.post(f"/api/me/quests/{earlier.id}/answer", json=right_answer(earlier), headers=ines)
    seen = _views(client, yanis)[quest.id]["questions"]
    taps = [s["ids"][s["choices"].index(x.choices[x.correct])] for x, s in zip(quest.quiz, seen, strict=True)]
    r = client.post(f"/api/me/quests/{quest.id}/answer", json={"choices": taps}, headers=yanis)
    assert r.status_code == 200 and r.json["correct"] is True
