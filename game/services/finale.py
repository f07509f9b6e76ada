"""The group finale, « Le Cœur d'Avenir »: the fragments every team brought, pooled for
the whole group, and one answer that wins it for everybody at once.

No table of its own: a team's daily gains are read from the ledger, and the win is a
``TeamQuest`` row under the finale's id (never a quest's) plus a ledger credit, for every
team of the session in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from content.catalog import DAYS_IN_SESSION, Catalog, Finale
from game.rules import finale as rules
from game.rules.errors import InvalidInput, NotFound
from game.rules.events import FinaleWon
from game.rules.quests import Progress, QuestState
from game.store.models import GameSession, LedgerEntry, Player, Team, TeamQuest

from .common import Routed, calendar_of, catalog_of, credit, eclats_of, team_rows, write_state
from .play import team_of

MAX_ANSWER = 100


@dataclass(frozen=True)
class FragmentView:
    day: int
    text: str  # « ? » until some team earned it
    found: bool
    teams: tuple[str, ...]  # the names of the teams that brought it
    needed: int  # the éclats a team needs on that day's missions
    places: int  # and the day's place missions it must have won
    mine: bool  # the viewer's team brought it (False for staff)


@dataclass(frozen=True)
class FinaleView:
    id: str
    title: str
    story: str
    question: str
    hints: tuple[str, ...]
    reward: int
    day: int  # the day it is played
    playable: bool  # the last day is open and nobody has won it yet
    solved: bool
    solved_by: str | None  # the nickname of who answered, once won
    solved_at: datetime | None
    success: str  # the pack's success text, only once won
    fragments: tuple[FragmentView, ...]


@dataclass(frozen=True)
class FinaleAnswer:
    correct: bool
    message: str
    finale: FinaleView
    events: list[Routed]


def finale_of(catalog: Catalog) -> Finale:
    if catalog.finale is None:
        raise NotFound("no_finale", "Ce scénario n'a pas de Cœur d'Avenir à rallumer.")
    return catalog.finale


def _gains(db: Session, catalog: Catalog, team_ids: list[int]) -> dict[int, dict[int, int]]:
    entries: dict[int, list[tuple[str | None, int]]] = {t: [] for t in team_ids}
    if team_ids:
        rows = db.execute(
            select(LedgerEntry.team_id, LedgerEntry.quest_id, LedgerEntry.delta).where(
                LedgerEntry.team_id.in_(team_ids)
            )
        )
        for team_id, quest_id, delta in rows:
            entries[team_id].append((quest_id, delta))
    return {t: rules.day_gains(catalog, e) for t, e in entries.items()}


def _places_won(db: Session, catalog: Catalog, team_ids: list[int]) -> dict[int, dict[int, int]]:
    solved: dict[int, list[str]] = {t: [] for t in team_ids}
    if team_ids:
        rows = db.execute(
            select(TeamQuest.team_id, TeamQuest.quest_id).where(
                TeamQuest.team_id.in_(team_ids), TeamQuest.progress == Progress.SOLVED.value
            )
        )
        for team_id, quest_id in rows:
            solved[team_id].append(quest_id)
    return {t: rules.places_won(catalog, ids) for t, ids in solved.items()}


def _won(db: Session, finale: Finale, team_ids: list[int]) -> TeamQuest | None:
    """The row of the win (the answering team's first), or None while nobody has won."""
    if not team_ids:
        return None
    rows = db.scalars(
        select(TeamQuest)
        .where(
            TeamQuest.team_id.in_(team_ids),
            TeamQuest.quest_id == finale.id,
            TeamQuest.progress == Progress.SOLVED.value,
        )
        .order_by(TeamQuest.finished_by.is_(None), TeamQuest.id)
    ).all()
    return rows[0] if rows else None


def view(db: Session, game: GameSession, team_id: int | None = None) -> FinaleView:
    """The Cœur as the group sees it: every team's fragments pooled, who brought which."""
    catalog = catalog_of(game)
    finale = finale_of(catalog)
    teams: list[Team] = list(game.teams)
    ids = [t.id for t in teams]
    gains = _gains(db, catalog, ids)
    places = _places_won(db, catalog, ids)
    by_team = {t.id: rules.earned(finale, gains[t.id], places[t.id]) for t in teams}
    names = {t.id: t.name for t in teams}
    won = _won(db, finale, ids)
    winner = db.get(Player, won.finished_by) if won is not None and won.finished_by else None
    return FinaleView(
        id=finale.id,
        title=finale.title,
        story=finale.story,
        question=finale.question,
        hints=finale.hints,
        reward=finale.reward,
        day=DAYS_IN_SESSION,
        playable=won is None and rules.playable(calendar_of(game)),
        solved=won is not None,
        solved_by=winner.nickname if winner else None,
        solved_at=won.finished_at if won else None,
        success=finale.success if won is not None else "",
        fragments=tuple(
            FragmentView(
                p.day,
                p.text,
                p.found,
                tuple(names[t] for t in p.teams),
                p.needed,
                p.places,
                team_id is not None and team_id in p.teams,
            )
            for p in rules.pooled(finale, by_team)
        ),
    )


def player_view(db: Session, player: Player) -> FinaleView:
    return view(db, player.session, player.team_id)


def shown(db: Session, game: GameSession, player: Player | None = None) -> FinaleView | None:
    """What a phone (``player``) or the console reads: None for a pack without a finale,
    which is nothing to show rather than an error."""
    if catalog_of(game).finale is None:
        return None
    return view(db, game, player.team_id if player is not None else None)


def answer(db: Session, player: Player, text: str, now: datetime) -> FinaleAnswer:
    """Anyone of the group answers for everybody. A right answer credits every team of
    the session in this one transaction; a wrong one changes nothing."""
    game = player.session
    catalog = catalog_of(game)
    finale = finale_of(catalog)
    team = team_of(player)
    text = " ".join(text.split())
    if not text:
        raise InvalidInput("answer", "Écris un mot avant de valider.")
    if len(text) > MAX_ANSWER:
        raise InvalidInput("answer", f"Ta réponse doit faire au plus {MAX_ANSWER} caractères.")
    teams: list[Team] = list(game.teams)
    rules.ensure_playable(calendar_of(game), _won(db, finale, [t.id for t in teams]) is not None)
    if not rules.check(finale, text):
        message = "Ce n'est pas ce mot. Relisez les morceaux ensemble, et regardez les indices."
        return FinaleAnswer(False, message, view(db, game, team.id), [])
    events: list[Routed] = []
    for each in teams:
        rows = team_rows(db, each.id)
        state = QuestState(Progress.SOLVED, 1, 0)
        write_state(db, each, rows, finale.id, state, now, player.id if each.id == team.id else None)
        credit(db, each, game.current_day, finale.reward, "quest", finale.id, now)
    db.flush()
    for each in teams:
        won = FinaleWon(finale.id, finale.reward)
        events.append(Routed(won, game.id, each.id, player.id, eclats_of(db, each.id)))
    return FinaleAnswer(True, finale.success, view(db, game, team.id), events)
