"""The end-of-day recap: what the team achieved and which offers it discovered."""

from __future__ import annotations

from dataclasses import dataclass

from content.catalog import Catalog, Offer, Quest

from .errors import RuleViolation
from .quests import Progress, TeamSnapshot, unlocked_offers


@dataclass(frozen=True)
class Recap:
    day: int
    title: str
    solved: tuple[Quest, ...]
    missed: tuple[Quest, ...]  # not finished (yet), or closed after too many attempts
    eclats_earned: int
    eclats_total: int
    offers: tuple[Offer, ...]  # discovered through this day's quests
    offers_unlocked_total: int
    offers_total: int


def day_recap(catalog: Catalog, day: int, current_day: int, team: TeamSnapshot, eclats_earned: int) -> Recap:
    """Recap of one opened day. ``eclats_earned`` is the team's net gain while that day
    was the current one (rewards and bonuses minus hints), summed by the caller from
    the ledger."""
    if day < 1 or day > current_day:
        raise RuleViolation("day_not_open", f"Le jour {day} n'est pas encore ouvert.")
    info = catalog.day(day)
    quests = catalog.quests_of_day(day)
    solved = tuple(q for q in quests if team.state(q.id).progress is Progress.SOLVED)
    missed = tuple(q for q in quests if team.state(q.id).progress is not Progress.SOLVED)
    seen: dict[str, Offer] = {}
    for quest in quests:
        if team.finished(quest.id):
            for offer_id in quest.offers:
                offer = catalog.offer(offer_id)
                if offer:
                    seen.setdefault(offer_id, offer)
    return Recap(
        day=day,
        title=info.title if info else f"Jour {day}",
        solved=solved,
        missed=missed,
        eclats_earned=eclats_earned,
        eclats_total=team.eclats,
        offers=tuple(seen.values()),
        offers_unlocked_total=len(unlocked_offers(catalog, team)),
        offers_total=len(catalog.offers),
    )
