"""Find quests of the real default pack by kind, with their right answers."""

from __future__ import annotations

from typing import Any

from content.catalog import Catalog, Quest, QuestKind
from game.rules.quests import code_of

ANSWERABLE = (QuestKind.RIDDLE, QuestKind.CODE_LOCK, QuestKind.QUIZ, QuestKind.DIALOGUE)


def first_of(catalog: Catalog, kind: QuestKind, day: int = 1, free: bool = True) -> Quest:
    """The first quest of that kind and day (without prerequisites when ``free``)."""
    for quest in catalog.quests_of_day(day):
        if quest.kind is kind and (not free or not quest.prerequisites):
            return quest
    raise LookupError(f"no {kind} quest on day {day}")


def right_answer(quest: Quest) -> dict[str, Any]:
    if quest.kind is QuestKind.RIDDLE:
        return {"answer": quest.answers[0]}
    if quest.kind is QuestKind.CODE_LOCK:
        return {"answer": code_of(quest)}
    if quest.kind is QuestKind.QUIZ:
        return {"choices": [x.correct for x in quest.quiz]}
    if quest.kind is QuestKind.DIALOGUE:
        return {"choice": next(i for i, c in enumerate(quest.choices) if c.correct)}
    raise ValueError(quest.kind)


def wrong_answer(quest: Quest) -> dict[str, Any]:
    if quest.kind in (QuestKind.RIDDLE, QuestKind.CODE_LOCK):
        return {"answer": "zzzz-pas-ca"}
    if quest.kind is QuestKind.QUIZ:
        return {"choices": [(x.correct + 1) % len(x.choices) for x in quest.quiz]}
    if quest.kind is QuestKind.DIALOGUE:
        return {"choice": next(i for i, c in enumerate(quest.choices) if not c.correct)}
    raise ValueError(quest.kind)


def playable_order(catalog: Catalog, day: int) -> list[Quest]:
    """The day's directly answerable quests in an order that respects prerequisites."""
    done: set[str] = set()
    order: list[Quest] = []
    pending = [q for q in catalog.quests_of_day(day)]
    progressed = True
    while pending and progressed:
        progressed = False
        for quest in list(pending):
            if all(p in done or catalog.quest(p).day < day for p in quest.prerequisites):  # type: ignore[union-attr]
                pending.remove(quest)
                progressed = True
                if quest.kind in ANSWERABLE:
                    done.add(quest.id)
                    order.append(quest)
    return order


def solve_with_prerequisites(client: Any, catalog: Catalog, headers: dict[str, str], quest_id: str) -> None:
    """Solve ``quest_id`` and first what it needs (a free-text or photo quest is sent
    for review), as the player behind ``headers``."""
    quest = catalog.quest(quest_id)
    assert quest is not None
    for before in quest.prerequisites:
        solve_with_prerequisites(client, catalog, headers, before)
    if quest.kind in (QuestKind.FREE_TEXT, QuestKind.PHOTO):
        r = client.post(f"/api/me/quests/{quest_id}/submission", json={"text": "Notre réponse."}, headers=headers)
        assert r.status_code == 201, r.json
    else:
        r = client.post(f"/api/me/quests/{quest_id}/answer", json=right_answer(quest), headers=headers)
        assert r.status_code == 200 and r.json["correct"], r.json
