"""Team rules: joining, team size, and how a code lock is spread over phones."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from content.catalog import Quest

from . import names
from .errors import InvalidInput, RuleViolation

MAX_TEAM_SIZE = 12


@dataclass(frozen=True)
class TeamSize:
    team_id: int
    name: str
    members: int


def clean_nickname(raw: str, taken: Iterable[str]) -> str:
    """Normalise and check a nickname (``names.clean_nickname``); it must not look like
    one already in the session (same letters ignoring case and accents, or look-alike
    characters), so that teammates and the facilitator can tell people apart."""
    nickname = names.clean_nickname(raw)
    other = names.lookalike_of(nickname, taken)
    if other is not None:
        if nickname.casefold() == other.casefold():
            raise RuleViolation("nickname_taken", "Ce pseudo est déjà pris dans ce groupe : choisis-en un autre.")
        raise RuleViolation(
            "nickname_taken", "Ce pseudo ressemble trop à un pseudo déjà pris dans ce groupe : choisis-en un autre."
        )
    return nickname


def choose_team(teams: list[TeamSize], wanted: int | None, players_choose: bool) -> int:
    """The team a new player joins: their pick when players choose, otherwise the
    smallest team so the facilitator starts from balanced teams."""
    if not teams:
        raise RuleViolation("no_team", "Aucune équipe n'existe encore : demande à l'animateur.")
    if players_choose:
        if wanted is None:
            raise InvalidInput("team_required", "Choisis ton équipe.")
        team = next((t for t in teams if t.team_id == wanted), None)
        if team is None:
            raise InvalidInput("unknown_team", "Cette équipe n'existe pas dans ce groupe.")
        if team.members >= MAX_TEAM_SIZE:
            raise RuleViolation("team_full", f"L'équipe {team.name} est complète : choisis-en une autre.")
        return team.team_id
    open_teams = [t for t in teams if t.members < MAX_TEAM_SIZE]
    if not open_teams:
        raise RuleViolation("all_teams_full", "Toutes les équipes sont complètes.")
    return min(open_teams, key=lambda t: (t.members, t.team_id)).team_id


def ensure_room(team: TeamSize) -> None:
    if team.members >= MAX_TEAM_SIZE:
        raise RuleViolation("team_full", f"L'équipe {team.name} est complète.")


def code_pieces_for(quest: Quest, members: list[int], player_id: int) -> list[int]:
    """Indexes of the code-lock pieces shown on ``player_id``'s phone.

    Piece i goes to member i mod n, so with fewer members than pieces some hold
    several; with more members than pieces the extra members get a copy of one, so
    that everybody has something to say. ``members`` is in join order.
    """
    if player_id not in members or not quest.pieces:
        return []
    n, k = len(members), len(quest.pieces)
    position = members.index(player_id)
    mine = [i for i in range(k) if i % n == position]
    return mine or [position % k]
