"""The console's switch of a team's weekend to its in-town alternative."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from game.services import weekend
from game.services.common import catalog_of, get_session

from .. import realtime
from ..extensions import db, transaction
from ..schemas.weekend import InTownIn, InTownOut, WeekendOut

weekend_blp = Blueprint("weekend", __name__, url_prefix="/api", description="Week-end : la mission en ville")


@weekend_blp.route("/sessions/<int:session_id>/teams/<int:team_id>/weekend", methods=["PUT"])
@weekend_blp.arguments(InTownIn)
@weekend_blp.response(200, InTownOut)
def switch_weekend(body: dict[str, Any], session_id: int, team_id: int) -> Any:
    """Switch a team's weekend place missions to their in-town alternative (or back): its
    phones then show, and check in at, the alternative's place."""
    with transaction() as session:
        switched = weekend.set_in_town(session, session_id, team_id, body["in_town"])
        team = switched.team
    realtime.publish(switched.events)
    return team


@weekend_blp.route("/sessions/<int:session_id>/weekend")
@weekend_blp.response(200, WeekendOut)
def weekend_state(session_id: int) -> dict[str, Any]:
    """Which teams play the in-town alternative, and which place missions have one."""
    game = get_session(db(), session_id)
    catalog = catalog_of(game)

    def name(place_id: str | None) -> str:
        place = catalog.place(place_id)
        return place.name if place else (place_id or "")

    quests = [
        {
            "id": q.id,
            "title": q.title,
            "day": q.day,
            "place": name(q.place),
            "alternative": name(q.alternative.place),
        }
        for q in catalog.quests
        if q.alternative is not None
    ]
    return {"teams": sorted(game.teams, key=lambda t: t.id), "quests": quests}
