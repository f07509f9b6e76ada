"""What facilitators do with a session: create it, form teams, run the calendar."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from content.loader import load_named_pack
from game.rules import calendar as cal_rules
from game.rules.errors import InvalidInput, NotFound, RuleViolation
from game.rules.names import clean_team_name, clean_text, lookalike_of
from game.rules.quests import Progress, TeamDay, stuck_teams, unlocked_offers
from game.rules.scoring import TeamScore, leaderboard
from game.rules.teams import TeamSize, ensure_room
from game.store.models import DayOpening, Facilitator, GameSession, Player, SessionBan, Team, TeamQuest
from game.store.organisations import DEFAULT_ID

from . import packs
from .common import Routed, calendar_of, catalog_of, eclats_of, get_session, snapshot_of

# No 0/O, 1/I/L: the code is read aloud and typed on small keyboards.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
DEFAULT_TEAMS = ("Équipe Aurore", "Équipe Horizon")
MAX_TEAMS = 6


def new_join_code(db: Session) -> str:
    while True:
        code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if db.scalar(select(GameSession.id).where(GameSession.join_code == code)) is None:
            return code


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def create_session(
    db: Session,
    facilitator: Facilitator | None,
    name: str,
    pack: str,
    start_date: date,
    players_choose_team: bool,
    team_names: list[str] | None,
    now: datetime,
) -> GameSession:
    name = " ".join(clean_text(name).split())
    if not 1 <= len(name) <= 120:
        raise InvalidInput("name", "Le nom du groupe doit faire entre 1 et 120 caractères.")
    if not packs.sees(facilitator.organisation_id if facilitator else DEFAULT_ID, pack):  # (another's copy too)
        raise InvalidInput("pack", f"Le pack de contenu « {pack} » n'existe pas.")
    load_named_pack(pack)  # refuse now rather than mid-session if the pack is invalid
    names: list[str] = []
    for raw in team_names or list(DEFAULT_TEAMS):
        team_name = clean_team_name(raw)
        other = lookalike_of(team_name, names)
        if other is not None:
            same = other.casefold() == team_name.casefold()
            raise InvalidInput(
                "teams",
                "Deux équipes ont le même nom." if same else f"« {other} » et « {team_name} » se ressemblent trop.",
            )
        names.append(team_name)
    if not 1 <= len(names) <= MAX_TEAMS:
        raise InvalidInput("teams", f"Il faut entre 1 et {MAX_TEAMS} équipes.")
    session = GameSession(
        name=name,
        pack=pack,
        start_date=start_date,
        join_code=new_join_code(db),
        status=cal_rules.Status.DRAFT.value,
        current_day=0,
        players_choose_team=players_choose_team,
        created_by=facilitator.id if facilitator else None,
        organisation_id=facilitator.organisation_id if facilitator else DEFAULT_ID,
        created_at=now,
    )
    db.add(session)
    db.flush()
    for team_name in names:
        db.add(Team(session_id=session.id, name=team_name))
    db.flush()
    return session


def list_sessions(db: Session, organisation_id: int) -> list[GameSession]:
    """Newest first. Every staff account of a Mission Locale sees every session of that
    Mission Locale (colleagues stand in for each other), and none of another's."""
    return list(
        db.scalars(
            select(GameSession)
            .where(GameSession.organisation_id == organisation_id)
            .order_by(GameSession.created_at.desc(), GameSession.id.desc())
        )
    )


def add_team(db: Session, session_id: int, name: str) -> Team:
    session = get_session(db, session_id)
    cleaned = clean_team_name(name)
    other = lookalike_of(cleaned, [t.name for t in session.teams])
    if other is not None:
        if other.casefold() == cleaned.casefold():
            raise RuleViolation("team_exists", f"L'équipe « {cleaned} » existe déjà.")
        raise RuleViolation(
            "team_exists", f"« {cleaned} » ressemble trop à l'équipe « {other} » : choisissez un autre nom."
        )
    if len(session.teams) >= MAX_TEAMS:
        raise RuleViolation("too_many_teams", f"Une session a au plus {MAX_TEAMS} équipes.")
    team = Team(session_id=session.id, name=cleaned)
    db.add(team)
    db.flush()
    db.refresh(session)
    return team


def open_day(db: Session, session_id: int, day: int, now: datetime) -> list[Routed]:
    session = get_session(db, session_id)
    cal, event = cal_rules.open_day(calendar_of(session), day)
    session.status, session.current_day = cal.status.value, cal.current_day
    db.add(DayOpening(session_id=session.id, day=day, opened_at=now))
    return [Routed(event, session.id)]


def pause(db: Session, session_id: int) -> list[Routed]:
    session = get_session(db, session_id)
    cal, event = cal_rules.pause(calendar_of(session))
    session.status = cal.status.value
    return [Routed(event, session.id)]


def resume(db: Session, session_id: int) -> list[Routed]:
    session = get_session(db, session_id)
    cal, event = cal_rules.resume(calendar_of(session))
    session.status = cal.status.value
    return [Routed(event, session.id)]


def finish(db: Session, session_id: int) -> list[Routed]:
    session = get_session(db, session_id)
    cal, event = cal_rules.finish(calendar_of(session))
    session.status = cal.status.value
    return [Routed(event, session.id)]


def player_in(db: Session, session_id: int, player_id: int) -> Player:
    player = db.get(Player, player_id)
    if player is None or player.session_id != session_id:
        raise NotFound("no_player", "Ce joueur n'existe pas dans cette session.")
    return player


def move_player(db: Session, session_id: int, player_id: int, team_id: int) -> Player:
    session = get_session(db, session_id)
    player = player_in(db, session_id, player_id)
    team = next((t for t in session.teams if t.id == team_id), None)
    if team is None:
        raise InvalidInput("team_id", "Cette équipe n'existe pas dans cette session.")
    if player.team_id != team.id:
        ensure_room(TeamSize(team.id, team.name, len(team.members)))
        player.team_id = team.id
    db.flush()
    return player


def revoke_player(
    db: Session, session_id: int, player_id: int, now: datetime, staff: Facilitator | None = None
) -> Player:
    """Put a player out: their token stops working and their phone cannot join this
    session again under another nickname (``SessionBan``)."""
    player = player_in(db, session_id, player_id)
    if player.revoked_at is None:
        player.revoked_at = now
    if player.device_hash and not banned(db, session_id, player.device_hash):
        db.add(SessionBan(session_id=session_id, device_hash=player.device_hash, staff_id=staff.id if staff else None,
                          created_at=now))  # fmt: skip
    db.flush()
    return player


def banned(db: Session, session_id: int, device_hash: str) -> bool:
    """Whether this phone was put out of the session."""
    found = select(SessionBan.id).where(SessionBan.session_id == session_id, SessionBan.device_hash == device_hash)
    return db.scalar(found) is not None


def bans_count(db: Session, session_id: int) -> int:
    return db.scalar(select(func.count()).select_from(SessionBan).where(SessionBan.session_id == session_id)) or 0


def lift_bans(db: Session, session_id: int) -> int:
    """Let every phone put out of the session join again (a revocation by mistake)."""
    get_session(db, session_id)
    bans = list(db.scalars(select(SessionBan).where(SessionBan.session_id == session_id)))
    for ban in bans:
        db.delete(ban)
    db.flush()
    return len(bans)


def change_join_code(db: Session, session_id: int) -> GameSession:
    """A new code: the old code, its links and QR codes stop working at once; players
    already in keep playing."""
    session = get_session(db, session_id)
    session.join_code = new_join_code(db)
    db.flush()
    return session


def set_joining(db: Session, session_id: int, open_: bool) -> GameSession:
    session = get_session(db, session_id)
    session.joining_open = open_
    db.flush()
    return session


@dataclass(frozen=True)
class TeamProgress:
    team: Team
    eclats: int
    rank: int
    solved: int
    solved_today: int
    quests_today: int
    offers_unlocked: int
    offers_total: int
    stuck: bool = False  # nothing solved today while not every team is idle (rules: quests.stuck_teams)


def team_scores(db: Session, session: GameSession) -> list[TeamScore]:
    scores = []
    for team in session.teams:
        solved = db.execute(
            select(func.count(TeamQuest.id), func.max(TeamQuest.finished_at)).where(
                TeamQuest.team_id == team.id, TeamQuest.progress == Progress.SOLVED.value
            )
        ).one()
        scores.append(TeamScore(team.id, team.name, eclats_of(db, team.id), int(solved[0]), solved[1]))
    return scores


def progress(db: Session, session_id: int) -> list[TeamProgress]:
    """Every team at a glance, in leaderboard order."""
    session = get_session(db, session_id)
    catalog = catalog_of(session)
    today = {q.id for q in catalog.quests_of_day(session.current_day)}
    teams = {t.id: t for t in session.teams}
    result = []
    for ranked in leaderboard(team_scores(db, session)):
        team = teams[ranked.score.team_id]
        snap = snapshot_of(db, team.id)
        result.append(
            TeamProgress(
                team=team,
                eclats=ranked.score.eclats,
                rank=ranked.rank,
                solved=ranked.score.solved,
                solved_today=sum(1 for q in today if snap.state(q).progress is Progress.SOLVED),
                quests_today=len(today),
                offers_unlocked=len(unlocked_offers(catalog, snap)),
                offers_total=len(catalog.offers),
            )
        )
    days = [TeamDay(p.team.id, len(p.team.members), p.quests_today, p.solved_today) for p in result]
    stuck = stuck_teams(calendar_of(session), days)
    return [replace(p, stuck=p.team.id in stuck) for p in result]
