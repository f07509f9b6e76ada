"""Bearer-token authentication for staff and players."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import g, request

from game.services import accounts
from game.store.models import Facilitator, Player

from .extensions import db

F = TypeVar("F", bound=Callable[..., Any])


def bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise accounts.Unauthorized("no_token", "Connexion requise.")
    return token.strip()


def staff_required(view: F) -> F:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        g.staff = accounts.staff_for_token(db(), bearer_token())
        return view(*args, **kwargs)

    return cast(F, wrapper)


def player_required(view: F) -> F:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        g.player = accounts.player_for_token(db(), bearer_token())
        return view(*args, **kwargs)

    return cast(F, wrapper)


def current_staff() -> Facilitator:
    return cast(Facilitator, g.staff)


def current_player() -> Player:
    return cast(Player, g.player)
