"""What players do: join with a code, play the quests, use hints, look at the offers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import overload

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from content.catalog import Catalog, Offer, Quest
from game.rules import kinds, variants, weekend
from game.rules import quests as rules
from game.rules.calendar import Status, ensure_playable
from game.rules.errors import Forbidden, NotFound, RuleViolation
from game.rules.recap import Recap, day_recap
from game.rules.scoring import Ranked, leaderboard
from game.rules.teams import TeamSize, choose_team, clean_nickname
from game.store.models import GameSession, LedgerEntry, LockEntry, Player, Submission, Team

from . import diagnosis
from .accounts import Actor, Caller, new_token
from .common import (
    Routed,
    TeamFacts,
    calendar_of,
    catalog_of,
    credit,
    members_of,
    routed_team,
    snapshot_from,
    snapshot_of,
    team_rows,
    write_state,
)
from .locks import frozen_roster, lock_rosters, record_document_holders
from .locks import held as _held
from .sessions import banned, normalize_code, team_scores


def session_by_code(db: Session, code: str) -> GameSession:
    session = db.scalar(select(GameSession).where(GameSession.join_code == normalize_code(code)))
    if session is None:
        raise NotFound("unknown_code", "Ce code ne correspond à aucune partie. Vérifie-le avec l'animateur.")
    return session


def join(
    db: Session, code: str, nickname: str, team_id: int | None, now: datetime, device_hash: str | None = None
) -> tuple[str, Player]:
    """A young person joins with the session code and a nickname: no e-mail, no password.
    Returns the player's bearer token (shown once, kept on their phone)."""
    session = session_by_code(db, code)
    if session.status == Status.FINISHED.value:
        raise RuleViolation("session_finished", "Cette aventure est terminée.")
    if device_hash and banned(db, session.id, device_hash):
        raise Forbidden(
            "banned", "L'animateur t'a retiré de cette partie. Si tu penses que c'est une erreur, va lui parler."
        )
    if not session.joining_open:
        raise Forbidden("joining_closed", "Cette partie n'accepte plus de nouveaux joueurs : demande à l'animateur.")
    taken = {p.nickname for p in session.players if p.revoked_at is None}
    clean = clean_nickname(nickname, taken)
    sizes = [TeamSize(t.id, t.name, len(t.members)) for t in session.teams]
    chosen = choose_team(sizes, team_id, session.players_choose_team)
    token, digest = new_token()
    player = Player(
        session_id=session.id, team_id=chosen, nickname=clean, token_hash=digest, joined_at=now, device_hash=device_hash
    )
    db.add(player)
    db.flush()
    return token, player


@overload
def team_of(player: Player) -> Team: ...
@overload
def team_of(player: Caller) -> TeamFacts: ...
@overload
def team_of(player: Actor) -> Team | TeamFacts: ...
def team_of(player: Actor) -> Team | TeamFacts:
    if player.team is None:
        raise RuleViolation("no_team", "Tu n'as pas encore d'équipe : demande à l'animateur.")
    return player.team


def quest_of(catalog: Catalog, quest_id: str) -> Quest:
    quest = catalog.quest(quest_id)
    if quest is None:
        raise NotFound("no_quest", "Cette mission n'existe pas.")
    return quest


@dataclass(frozen=True)
class QuestView:
    """A quest as one player sees it: never the answers, only their own code pieces."""

    quest: Quest
    shown: kinds.Shown  # what its kind lets the phone see (kinds.Kind.show)
    status: rules.Availability
    locked_reason: str | None
    state: rules.QuestState
    attempts_left: int | None
    next_hint_cost: int | None
    code_pieces: list[int]
    documents: list[int]  # a clue lock's documents this phone shows (never its code)
    lock_entered: int
    submission: Submission | None
    catalog: Catalog  # its pack: the characters, the offers it reveals


def quest_views(
    db: Session, player: Player, secret: bytes | None = None, now: datetime | None = None
) -> list[QuestView]:
    """``secret``: the installation's; each player then sees quiz and dialogue choices in
    their own order, drawn from their session's secret (``variants``), each choice with
    the pack's index to answer with. ``None``: the pack's order."""
    seed = variants.session_seed(secret, player.session_id) if secret is not None else None
    session = player.session
    catalog = catalog_of(session)
    team = team_of(player)
    snap = snapshot_of(db, team.id)
    cal = calendar_of(session)
    members = members_of(db, team.id)
    latest = _latest_submissions(db, team.id)
    entered = lock_progress(db, team.id)
    rosters = lock_rosters(db, team.id)
    views = []
    for pack_quest in catalog.quests:
        if pack_quest.day > cal.current_day:
            continue
        quest = weekend.as_played(pack_quest, team.weekend_in_town)  # the in-town alternative, if switched on
        status, reason = rules.availability(quest, catalog, cal, snap)
        state = snap.state(quest.id)
        held = _held(db, quest, team.id, members, player.id, rosters, status, now)
        views.append(
            QuestView(
                quest=quest,
                shown=_shown(quest, seed, player.id),
                status=status,
                locked_reason=reason,
                state=state,
                attempts_left=rules.attempts_left(quest, state),
                next_hint_cost=rules.next_hint_cost(quest, state),
                code_pieces=held if kinds.of(quest.kind).pieces else [],
                documents=held if kinds.of(quest.kind).documents else [],
                lock_entered=entered.get(quest.id, 0),
                submission=latest.get(quest.id),
                catalog=catalog,
            )
        )
    # today's quests first, then earlier days still to catch up on
    views.sort(key=lambda v: (v.quest.day != cal.current_day, -v.quest.day))
    return views


def _latest_submissions(db: Session, team_id: int) -> dict[str, Submission]:
    latest: dict[str, Submission] = {}
    for sub in db.scalars(select(Submission).where(Submission.team_id == team_id).order_by(Submission.id)):
        latest[sub.quest_id] = sub
    return latest


def lock_entries(db: Session, team_id: int, quest_id: str) -> frozenset[int]:
    rows = db.scalars(select(LockEntry.piece).where(LockEntry.team_id == team_id, LockEntry.quest_id == quest_id))
    return frozenset(rows)


def lock_progress(db: Session, team_id: int) -> dict[str, int]:
    """Quest id → number of code-lock pieces the team has entered."""
    query = (
        select(LockEntry.quest_id, func.count(LockEntry.id))
        .where(LockEntry.team_id == team_id)
        .group_by(LockEntry.quest_id)
    )
    return {quest_id: int(n) for quest_id, n in db.execute(query)}


@dataclass(frozen=True)
class PieceOutcome:
    decision: rules.PieceDecision
    total: int
    offers: list[Offer]
    eclats: int
    events: list[Routed]


def enter_piece(db: Session, player: Actor, quest_id: str, value: str, now: datetime) -> PieceOutcome:
    session = player.session
    catalog = catalog_of(session)
    quest = quest_of(catalog, quest_id)
    team = team_of(player)
    rows = team_rows(db, team.id)
    snap = snapshot_from(db, team.id, rows)
    members = members_of(db, team.id)
    roster = frozen_roster(db, team.id, quest.id, members, now)
    decision = rules.enter_piece(
        quest,
        catalog,
        calendar_of(session),
        snap,
        members,
        player.id,
        value,
        lock_entries(db, team.id, quest.id),
        roster,
    )
    db.add(LockEntry(team_id=team.id, quest_id=quest.id, piece=decision.piece, player_id=player.id, created_at=now))
    after = routed_team(team, session, write_state(db, team, rows, quest.id, decision.state, now, player.id))
    reward = quest.reward if decision.opened else 0
    credit(db, team, session.current_day, reward, "quest", quest.id, now)
    db.flush()
    offers = [o for o in (catalog.offer(i) for i in quest.offers) if o] if decision.opened else []
    eclats = snap.eclats + reward
    return PieceOutcome(
        decision,
        len(quest.pieces),
        offers,
        eclats,
        [Routed(decision.event, session.id, team.id, player.id, eclats, after, player.nickname)],
    )


def _shown(quest: Quest, seed: bytes | None, player_id: int) -> kinds.Shown:
    shown = kinds.of(quest.kind).show(quest)
    return shown if seed is None else variants.shuffle_shown(shown, seed, player_id, quest.id)


@dataclass(frozen=True)
class AnswerOutcome:
    decision: rules.AnswerDecision
    offers: list[Offer]
    eclats: int
    events: list[Routed]


def answer(db: Session, player: Actor, quest_id: str, given: rules.Answer, now: datetime) -> AnswerOutcome:
    session = player.session
    catalog = catalog_of(session)
    quest = quest_of(catalog, quest_id)
    team = team_of(player)
    rows = team_rows(db, team.id)
    snap = snapshot_from(db, team.id, rows)
    decision = rules.answer(quest, catalog, calendar_of(session), snap, given)
    if decision.correct and kinds.of(quest.kind).documents:
        record_document_holders(db, quest, team, now)
    seq = write_state(db, team, rows, quest.id, decision.state, now, player.id)
    credit(db, team, session.current_day, decision.reward, "quest", quest.id, now)
    after = routed_team(team, session, seq)
    eclats = snap.eclats + decision.reward
    return AnswerOutcome(
        decision=decision,
        offers=[o for o in (catalog.offer(i) for i in decision.offers) if o],
        eclats=eclats,
        events=[
            Routed(
                decision.event, session.id, team.id, player.id, snap.eclats + decision.reward, after, player.nickname
            )
        ],
    )


def reveal_hint(db: Session, player: Actor, quest_id: str, now: datetime) -> tuple[str, int, int, list[Routed]]:
    """Returns (hint text, cost, team éclats after, events)."""
    session = player.session
    catalog = catalog_of(session)
    quest = quest_of(catalog, quest_id)
    team = team_of(player)
    rows = team_rows(db, team.id)
    snap = snapshot_from(db, team.id, rows)
    state, event = rules.reveal_hint(quest, catalog, calendar_of(session), snap)
    seq = write_state(db, team, rows, quest.id, state, now, player.id)
    credit(db, team, session.current_day, -event.cost, "hint", quest.id, now)
    db.flush()
    return (
        quest.hints[event.index].text,
        event.cost,
        snap.eclats - event.cost,
        [Routed(event, session.id, team.id, player.id, None, routed_team(team, session, seq), player.nickname)],
    )


def check_playable(player: Player) -> None:
    ensure_playable(calendar_of(player.session))


@dataclass(frozen=True)
class OfferCard:
    offer: Offer
    unlocked: bool
    unlocked_by: str | None  # title of the quest that revealed it
    priority: bool = False  # put forward by the player's self-diagnosis ("pour toi en priorité")


def offer_cards(db: Session, player: Player) -> list[OfferCard]:
    """Every offer of the pack as this player sees it: those their self-diagnosis puts
    forward first, marked ``priority`` and in its order; then the others in pack order."""
    catalog = catalog_of(player.session)
    revealed = rules.unlocked_offers(catalog, snapshot_of(db, team_of(player).id))
    rank = {offer_id: i for i, offer_id in enumerate(diagnosis.priority_offers(db, player))}
    cards = []
    for offer in catalog.offers:
        by = catalog.quest(revealed[offer.id]) if offer.id in revealed else None
        cards.append(OfferCard(offer, offer.id in revealed, by.title if by else None, offer.id in rank))
    return sorted(cards, key=lambda c: rank.get(c.offer.id, len(rank)))  # stable: pack order otherwise


def session_leaderboard(db: Session, session: GameSession) -> list[Ranked]:
    return leaderboard(team_scores(db, session))


def recap(db: Session, player: Player, day: int | None) -> Recap:
    session = player.session
    team = team_of(player)
    wanted = session.current_day if day is None else day
    earned = db.scalar(
        select(func.coalesce(func.sum(LedgerEntry.delta), 0)).where(
            LedgerEntry.team_id == team.id, LedgerEntry.day == wanted
        )
    )
    return day_recap(catalog_of(session), wanted, session.current_day, snapshot_of(db, team.id), int(earned or 0))


@dataclass(frozen=True)
class RecapOffer:
    offer: Offer
    priority: bool  # put forward by the player's self-diagnosis


@dataclass(frozen=True)
class PlayerRecap:
    """A day's recap as one player reads it: the offers their self-diagnosis puts
    forward are marked."""

    recap: Recap
    offers: tuple[RecapOffer, ...]


def player_recap(db: Session, player: Player, day: int | None) -> PlayerRecap:
    found = recap(db, player, day)
    first = set(diagnosis.priority_offers(db, player))
    return PlayerRecap(found, tuple(RecapOffer(o, o.id in first) for o in found.offers))
