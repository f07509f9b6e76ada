"""Facilitator accounts and the bearer tokens of staff and players.

Tokens are random and only their SHA-256 is stored, so a copied database does not let
anyone act as a player or facilitator.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from game.rules.errors import InvalidInput, RuleViolation
from game.store.models import Facilitator, Player, StaffToken

_hasher = PasswordHasher()
# A hash to verify against when the username is unknown, so that timing does not tell
# which usernames exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


# Argon2 is deliberately slow (tens of ms of CPU). The API layer may hand that work to
# a real thread (``use_password_runner``) so that, under gevent, a login does not stall
# the event loop every phone's live events go through. Argon2 releases the GIL.
_run: Callable[..., Any] = lambda fn, *args: fn(*args)  # noqa: E731


def use_password_runner(run: Callable[..., Any]) -> None:
    global _run
    _run = run


def _hash_password(password: str) -> str:
    return str(_run(_hasher.hash, password))


def _verify_password(password_hash: str, password: str) -> None:
    _run(_hasher.verify, password_hash, password)


class Unauthorized(RuleViolation):
    status = 401


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_facilitator(db: Session, username: str, password: str, display_name: str, now: datetime) -> Facilitator:
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
    try:
        _verify_password(facilitator.password_hash if facilitator else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        facilitator = None
    if facilitator is None:
        raise Unauthorized("bad_credentials", "Identifiant ou mot de passe incorrect.")
    token, digest = new_token()
    db.add(StaffToken(facilitator_id=facilitator.id, token_hash=digest, created_at=now))
    return token, facilitator


def staff_for_token(db: Session, token: str) -> Facilitator:
    row = db.scalar(select(StaffToken).where(StaffToken.token_hash == hash_token(token)))
    if row is None or row.revoked_at is not None:
        raise Unauthorized("bad_token", "Votre connexion a expiré : reconnectez-vous.")
    return row.facilitator


def logout(db: Session, token: str, now: datetime) -> None:
    row = db.scalar(select(StaffToken).where(StaffToken.token_hash == hash_token(token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = now


# Built once: every socket event runs it, and building a statement (and its cache key)
# per call was a measurable share of the per-event cost (bench/RESULTS.md). The session
# and team come in the same query: every player action needs them.
_PLAYER_BY_TOKEN = (
    select(Player)
    .options(joinedload(Player.session), joinedload(Player.team))
    .where(Player.token_hash == bindparam("token_hash"))
)


def player_for_token(db: Session, token: str) -> Player:
    player = db.scalar(_PLAYER_BY_TOKEN, {"token_hash": hash_token(token)})
    if player is None:
        raise Unauthorized("bad_token", "Ta connexion n'est plus valable : rejoins la partie avec le code.")
    if player.revoked_at is not None:
        raise Unauthorized("revoked", "L'animateur a fermé ta connexion. Rejoins la partie avec le code.")
    return player
