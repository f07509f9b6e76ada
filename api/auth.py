"""Authentication (bearer tokens of staff and players) and the one place where the
declared policy (``api.policy``) is applied to requests and socket events."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import cast

from flask import current_app, g, request

from game.rules.errors import Forbidden
from game.services import accounts, organisations
from game.store.models import Facilitator, Player

from .clock import now
from .extensions import db
from .policy import Rule, Who, rest_rule

NOT_FOR_COUNSELLORS = "Votre compte de conseiller ne donne pas accès à cette action : demandez à un animateur."
NOT_FOR_PLAYERS = "Réservé à l'équipe de la Mission Locale."
NOT_FOR_STAFF = "Cette action se fait depuis le téléphone d'un jeune."
ADMINS_ONLY = "Réservé à l'administrateur de l'installation."


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise accounts.Unauthorized("no_token", "Connexion requise.")
    return token.strip()


def lifetime() -> accounts.TokenLifetime:
    c = current_app.config
    return accounts.TokenLifetime(
        idle=timedelta(minutes=float(c["STAFF_TOKEN_IDLE_MINUTES"])),
        absolute=timedelta(hours=float(c["STAFF_TOKEN_MAX_HOURS"])),
    )


def retention_days() -> int:
    return int(current_app.config["RETENTION_DAYS"])


def identify(token: str, rule: Rule) -> accounts.Caller | Facilitator:
    """Who holds ``token``, if the rule lets them in; else a clear 401 or 403.

    The player lookup comes first where players are allowed (the phones' hot path);
    the other table is only read to tell "wrong kind of account" (403) from "no such
    login" (401)."""
    session = db()
    at = now()
    if Who.PLAYER in rule.who:
        player = accounts.find_caller(session, token)
        if player is not None:
            return accounts.check_player(player, at.date(), retention_days())
    row = accounts.find_staff_token(session, token)
    if row is not None:
        seen = (row.last_used_at, row.revoked_at)
        try:
            staff = accounts.check_staff_token(row, at, lifetime())
        finally:
            if (row.last_used_at, row.revoked_at) != seen:  # the idle clock moved, or an expired token was revoked
                session.commit()  # (not ``session.dirty``: loading the account may have autoflushed it)
        if not rule.admits(staff.role):  # (an unknown role is admitted nowhere)
            raise Forbidden("forbidden", _refusal(rule, staff.role))
        return staff
    if Who.PLAYER in rule.who:
        return accounts.check_player(None, at.date(), retention_days())  # "rejoins la partie avec le code"
    if accounts.find_caller(session, token) is not None:
        raise Forbidden("forbidden", NOT_FOR_PLAYERS)
    raise accounts.Unauthorized("bad_token", "Votre connexion a expiré : reconnectez-vous.")


def _refusal(rule: Rule, role: str) -> str:
    if Who.ADMIN in rule.who and Who.FACILITATOR not in rule.who:
        return ADMINS_ONLY
    return NOT_FOR_COUNSELLORS if role == Who.COUNSELLOR else NOT_FOR_STAFF


def within_organisation(staff: Facilitator, rule: Rule, named: Mapping[str, object]) -> None:
    """The organisation scope (api/policy.py): the objects named in the path or in the
    event must be of the staff member's organisation, else « introuvable »."""
    if rule.on.within_organisation:
        organisations.check_reach(db(), staff, named)


def authorise_request() -> None:
    """``before_request``: the route's line in the policy decides who gets in."""
    url_rule = request.url_rule
    if url_rule is None or request.method == "OPTIONS":
        return  # 404 / 405 / CORS preflight answer on their own
    rule = rest_rule(request.method, url_rule.rule)
    if rule is None:  # cannot happen: the app refuses to start with a route missing from the table
        raise Forbidden("forbidden", "Accès refusé.")
    if rule.public:
        return
    who = identify(bearer_token(), rule)
    if isinstance(who, accounts.Caller):
        g.caller = who
        g.pop("player", None)  # (an app context shared by several requests, as in tests)
    else:
        g.staff = who
        within_organisation(who, rule, request.view_args or {})


def current_staff() -> Facilitator:
    return cast(Facilitator, g.staff)


def current_caller() -> accounts.Caller:
    """The young person calling, as authenticated (one Core row: the hot actions)."""
    return cast(accounts.Caller, g.caller)


def current_player() -> Player:
    """The young person calling, as an ORM object (loaded on first use)."""
    if "player" not in g:
        g.player = accounts.load_player(db(), current_caller())
    return cast(Player, g.player)
