"""The facilitator's answer sheet for one session: what is right for each quest *as this
group plays it* (its variant drawn from the session's secret), so that a facilitator can
help a stuck team or settle « c'est bon, 45 ? » without guessing. Staff only: the
answers never reach a phone."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from game.rules import kinds

from .common import catalog_of, get_session

#: the finale is not a quest; its line on the sheet says so
FINALE_KIND = "finale"


@dataclass(frozen=True)
class Solution:
    day: int
    quest_id: str
    title: str
    kind: str
    #: what is right: accepted answers, the code, « question → right choice »; empty for
    #: what the facilitator validates, a place or an appointment
    answers: tuple[str, ...]


def sheet(db: Session, session_id: int) -> list[Solution]:
    """Every quest of the session's pack in day order, then the group finale if any."""
    catalog = catalog_of(get_session(db, session_id))
    rows = [
        Solution(q.day, q.id, q.title, q.kind.value, kinds.of(q.kind).solution(q))
        for q in sorted(catalog.quests, key=lambda q: q.day)
    ]
    if catalog.finale is not None:
        last = max((q.day for q in catalog.quests), default=0)
        rows.append(Solution(last, catalog.finale.id, catalog.finale.title, FINALE_KIND, catalog.finale.answers))
    return rows
