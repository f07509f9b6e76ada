"""The weekend's in-town alternative, switched on per team by the facilitator (minors
without consent, mobility, weather). The switch is ``Team.weekend_in_town``; what the
team then plays is decided by ``game.rules.weekend.as_played``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from game.rules.errors import NotFound
from game.rules.events import TeamMessage
from game.store.models import Team

from .common import Routed, get_session, touch_team

ON_TEXT = (
    "L'équipe d'animation a choisi pour vous la mission en ville : vos lieux du week-end "
    "ont changé. Regardez les missions."
)
OFF_TEXT = "L'équipe d'animation a remis vos lieux du week-end d'origine. Regardez les missions."


@dataclass(frozen=True)
class Switched:
    team: Team
    events: list[Routed]


def set_in_town(db: Session, session_id: int, team_id: int, in_town: bool) -> Switched:
    game = get_session(db, session_id)
    team = db.get(Team, team_id)
    if team is None or team.session_id != game.id:
        raise NotFound("no_team", "Cette équipe n'existe pas dans cette session.")
    if team.weekend_in_town == in_town:
        return Switched(team, [])
    team.weekend_in_town = in_town
    touch_team(db, team)  # the phones refetch their missions on the message
    db.flush()
    return Switched(team, [Routed(TeamMessage(ON_TEXT if in_town else OFF_TEXT), game.id, team.id)])
