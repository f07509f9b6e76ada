"""Who contributed what, per team, for the console: each member's own evidence (the
quests they solved by typing the answer, the pieces and documents they brought, their
check-ins, their right answers in live rounds, their answers a facilitator approved).

Built on ``evidence.evidence_for`` (one piece of code decides what counts as a player's
own doing): its items are per skill, so the same act shows under every skill of its
quest; here each act is listed once per member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from game.store.models import Player, Team

from . import evidence
from .common import get_session

#: what a member did for the team (observations and reflections are not team contributions)
KINDS: tuple[str, ...] = ("solved", "piece", "place", "approved", "round")


@dataclass(frozen=True)
class Contribution:
    kind: str
    label: str
    at: datetime


@dataclass(frozen=True)
class MemberContributions:
    player_id: int
    nickname: str
    items: tuple[Contribution, ...]  # oldest first


@dataclass(frozen=True)
class TeamContributions:
    team_id: int
    name: str
    members: tuple[MemberContributions, ...]


def of_player(db: Session, player: Player) -> tuple[Contribution, ...]:
    seen: dict[tuple[str, str, datetime], Contribution] = {}
    for skill in evidence.evidence_for(db, player):
        for item in skill.items:
            if item.kind in KINDS:
                seen.setdefault((item.kind, item.label, item.at), Contribution(item.kind, item.label, item.at))
    return tuple(sorted(seen.values(), key=lambda c: c.at))


def of_team(db: Session, team: Team) -> TeamContributions:
    members = tuple(MemberContributions(p.id, p.nickname, of_player(db, p)) for p in team.members)
    return TeamContributions(team.id, team.name, members)


def of_session(db: Session, session_id: int) -> list[TeamContributions]:
    game = get_session(db, session_id)
    return [of_team(db, team) for team in sorted(game.teams, key=lambda t: t.id)]
