"""The end screen a phone shows once the facilitator has finished the session: the
group's story told back, the team podium, the offers found, the badges and what comes
next at the Mission Locale. Read-only: it gathers what other services know."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from content.catalog import MissionLocale, Offer
from game.store.models import Player

from . import awards, overview, play
from . import finale as finale_service
from .common import catalog_of


@dataclass(frozen=True)
class Ending:
    finished: bool  # the facilitator has finished the session
    title: str  # the pack's title
    story: tuple[str, ...]  # a few plain lines, from the pack (in « tu »)
    podium: tuple[overview.Standing, ...]  # the three first teams (ties share a rank)
    mine: overview.Standing | None  # the player's team, even off the podium
    offers: tuple[Offer, ...]  # the offers the team discovered
    badges: tuple[str, ...]  # the names of the player's badges still valid
    appointment: overview.BookedAppointment | None
    mission_locale: MissionLocale | None  # how to reach the Mission Locale ({{ml.*}} resolved at load)
    finale: finale_service.FinaleView | None = None  # the group's Cœur d'Avenir, assembled (if the pack has one)


def ending(db: Session, player: Player) -> Ending:
    game = player.session
    catalog = catalog_of(game)
    last = catalog.days[-1] if catalog.days else None
    story = tuple(line for line in (catalog.description, last.intro if last else "") if line.strip())
    rows = overview.standings(db, game, player.team_id)
    offers: tuple[Offer, ...] = ()
    if player.team_id is not None:
        offers = tuple(c.offer for c in play.offer_cards(db, player) if c.unlocked)
    badges = tuple(a.name for a in awards.awards_of(db, player) if a.revoked_at is None)
    return Ending(
        finished=game.status == "finished",
        title=catalog.title,
        story=story,
        podium=tuple(r for r in rows if r.rank <= 3),
        mine=next((r for r in rows if r.mine), None),
        offers=offers,
        badges=badges,
        appointment=overview.booked_appointment(db, player),
        mission_locale=catalog.mission_locale,
        finale=finale_service.player_view(db, player) if catalog.finale is not None else None,
    )
