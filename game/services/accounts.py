"""Facilitator accounts and the bearer tokens of staff and players.

Tokens are random and only their SHA-256 is stored, so a copied database does not let
anyone act as a player or facilitator.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session, joinedload

from game.rules.calendar import planned_dates
from game.rules.errors import InvalidInput, RuleViolation
from game.store.models import Facilitator, GameSession, Player, StaffToken, Team
from game.store.organisations import DEFAULT_ID

from . import offload
from .common import SESSION_FACT_COLUMNS, SessionFacts, TeamFacts, catalog_of, core

_hasher = PasswordHasher()
# A hash to verify against when the username is unknown, so that timing does not tell
# which usernames exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


# Argon2 is deliberately slow (tens of ms of CPU). The API layer may hand that work to
# a real thread (``use_password_runner``) so that, under gevent, a login does not stall
# the event loop every phone's live events go through. Argon2 releases the GIL.
_run = offload.passwords
use_password_runner = offload.passwords.use


def _hash_password(password: str) -> str:
    return str(_run(_hasher.hash, password))


def _matches(password_hash: str, password: str) -> bool:
    """Runs in the worker thread: a wrong password is an answer, not an exception (a
    thread pool's exception printed a traceback per failed login in the log)."""
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


class Unauthorized(RuleViolation):
    status = 401


DISABLED = "Ce compte est désactivé : adressez-vous à l'administrateur de l'installation."


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_device(secret: bytes, device: str) -> str:
    """The phone's random id, keyed with the instance secret: a copied database does
    not tell which phone was there, and ids cannot be matched across installations."""
    return hmac.new(secret, b"device:" + device.encode(), hashlib.sha256).hexdigest()


def create_facilitator(
    db: Session, username: str, password: str, display_name: str, now: datetime, organisation_id: int = DEFAULT_ID
) -> Facilitator:
    username = username.strip().lower()
    if not username or len(username) > 64:
        raise InvalidInput("username", "L'identifiant doit faire entre 1 et 64 caractères.")
    if len(password) < 8:
        raise InvalidInput("password_short", "Le mot de passe doit faire au moins 8 caractères.")
    if db.scalar(select(Facilitator).where(Facilitator.username == username)):
        raise RuleViolation("username_taken", f"Le compte « {username} » existe déjà.")
    facilitator = Facilitator(
        username=username,
        display_name=display_name.strip() or username,
        password_hash=_hash_password(password),
        organisation_id=organisation_id,
        created_at=now,
    )
    db.add(facilitator)
    db.flush()
    return facilitator


def set_password(db: Session, facilitator: Facilitator, password: str) -> None:
    if len(password) < 8:
        raise InvalidInput("password_short", "Le mot de passe doit faire au moins 8 caractères.")
    facilitator.password_hash = _hash_password(password)


def login(db: Session, username: str, password: str, now: datetime) -> tuple[str, Facilitator]:
    facilitator = db.scalar(select(Facilitator).where(Facilitator.username == username.strip().lower()))
    if not _run(_matches, facilitator.password_hash if facilitator else _DUMMY_HASH, password):
        facilitator = None
    if facilitator is None:
        raise Unauthorized("bad_credentials", "Identifiant ou mot de passe incorrect.")
    if facilitator.disabled_at is not None:  # said only to whoever knows the password
        raise Unauthorized("disabled", DISABLED)
    token, digest = new_token()
    db.add(StaffToken(facilitator_id=facilitator.id, token_hash=digest, created_at=now))
    return token, facilitator


@dataclass(frozen=True)
class TokenLifetime:
    """How long a staff login lasts: ``idle`` without any use, ``absolute`` at most."""

    idle: timedelta
    absolute: timedelta


# ``last_used_at`` is written at most this often: a console polling every few seconds
# must not turn every read into a write
_TOUCH_EVERY = timedelta(minutes=1)


def find_staff_token(db: Session, token: str) -> StaffToken | None:
    return db.scalar(select(StaffToken).where(StaffToken.token_hash == hash_token(token)))


def staff_for_token(db: Session, token: str, now: datetime, lifetime: TokenLifetime) -> Facilitator:
    return check_staff_token(find_staff_token(db, token), now, lifetime)


def check_staff_token(row: StaffToken | None, now: datetime, lifetime: TokenLifetime) -> Facilitator:
    """The staff member behind a live token; an expired one is revoked on the spot."""
    if row is None or row.revoked_at is not None:
        raise Unauthorized("bad_token", "Votre connexion a expiré : reconnectez-vous.")
    last = row.last_used_at or row.created_at
    if now - row.created_at > lifetime.absolute or now - last > lifetime.idle:
        row.revoked_at = now
        raise Unauthorized("token_expired", "Votre session a expiré : reconnectez-vous.")
    if row.facilitator.disabled_at is not None:  # (its logins were revoked when it was disabled)
        raise Unauthorized("disabled", DISABLED)
    if now - last >= _TOUCH_EVERY:
        row.last_used_at = now
    return row.facilitator


def logout(db: Session, token: str, now: datetime) -> None:
    row = db.scalar(select(StaffToken).where(StaffToken.token_hash == hash_token(token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = now


# a player token that no longer leads to a player (erased, or never was one)
REJOIN = "Ta connexion n'est plus valable : rejoins la partie avec le code."
# Statements built once: building one (and its cache key) per call was a measurable
# share of the per-event cost (bench/RESULTS.md). The session and team come in the same
# query as the player: the views that load the ORM player need them.
_PLAYER_BY_ID = (
    select(Player)
    .options(joinedload(Player.session), joinedload(Player.team))
    .where(Player.id == bindparam("player_id"))
)


def load_player(db: Session, caller: Caller | Player) -> Player:
    """The ORM player behind a caller, for the services that walk relationships (most
    REST views); the phones' hot actions work on the ``Caller`` itself."""
    if isinstance(caller, Player):
        return caller
    player = db.scalar(_PLAYER_BY_ID, {"player_id": caller.id})
    if player is None:  # erased between the two reads
        raise Unauthorized("bad_token", REJOIN)
    return player


@dataclass(frozen=True, slots=True)
class Caller:
    """A young person as every socket event and REST call authenticates them: one Core
    row (player, session, team) read by token, no ORM objects. Has the attributes of
    ``Player`` that the actions read (``id``, ``session``, ``team``…)."""

    id: int
    session_id: int
    team_id: int | None
    nickname: str
    revoked_at: datetime | None
    session: SessionFacts
    team: TeamFacts | None


# a young person as the actions take them: the Core ``Caller`` or the ORM ``Player``
Actor = Caller | Player

_P, _S, _T = (cast(Table, m.__table__) for m in (Player, GameSession, Team))
_CALLER = select(
    _P.c.id,
    _P.c.session_id,
    _P.c.team_id,
    _P.c.nickname,
    _P.c.revoked_at,
    *SESSION_FACT_COLUMNS,
    _T.c.seq,
    _T.c.weekend_in_town,
).select_from(_P.join(_S, _S.c.id == _P.c.session_id).outerjoin(_T, _T.c.id == _P.c.team_id))
_CALLER_BY_TOKEN = _CALLER.where(_P.c.token_hash == bindparam("token_hash"))
_CALLER_BY_ID = _CALLER.where(_P.c.id == bindparam("player_id"))


def find_caller(db: Session, token: str) -> Caller | None:
    return _caller(core(db).execute(_CALLER_BY_TOKEN, {"token_hash": hash_token(token)}).first())


def reload(db: Session, actor: Actor) -> Actor:
    """The caller read again (their team's sequence number moved: ``api.actions``)."""
    if isinstance(actor, Player):
        return actor  # expired by the rollback: read again on first use
    again = _caller(core(db).execute(_CALLER_BY_ID, {"player_id": actor.id}).first())
    if again is None:
        raise Unauthorized("bad_token", REJOIN)
    return again


def _caller(row: Sequence[Any] | None) -> Caller | None:
    if row is None:
        return None
    (pid, session_id, team_id, nickname, revoked_at, pack, seed, status, day, start, version, org, seq, weekend) = row
    session = SessionFacts(session_id, pack, seed, status, day, start, version, org)
    team = TeamFacts(team_id, session_id, seq, bool(weekend)) if team_id is not None else None
    return Caller(pid, session_id, team_id, nickname, revoked_at, session, team)


def check_player(player: Caller | None, today: date, retention_days: int) -> Caller:
    if player is None:
        raise Unauthorized("bad_token", REJOIN)
    if player.revoked_at is not None:
        raise Unauthorized("revoked", "L'animateur a fermé ta connexion.")
    if today > token_end(player.session, retention_days):
        raise Unauthorized("expired", "Cette partie est finie depuis longtemps : ta connexion n'est plus valable.")
    return player


def token_end(session: GameSession | SessionFacts, retention_days: int) -> date:
    """A player's token lasts until the end of the session's retention period: the
    planned last day plus ``retention_days`` (README, "Privacy")."""
    last_day = planned_dates(session.start_date, len(catalog_of(session).days))[-1]
    return last_day + timedelta(days=retention_days)
