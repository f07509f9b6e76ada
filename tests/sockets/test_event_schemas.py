"""One wire format per message: every domain event the server may emit has its schema,
and the live leaderboard is the REST one (less ``mine``, which is personal)."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any, get_args

from flask import Flask
from flask.testing import FlaskClient
from marshmallow import fields

from api.schemas.events import EVENT_SCHEMAS, SessionEventOut, TeamEventOut
from content.catalog import Catalog
from game.rules import events as ev

from ..api.helpers import playable_order
from ..conftest import join, open_day
from .test_sockets import Headers, of, phone, received, solve


def _event_classes() -> set[type]:
    return {
        cls
        for _name, cls in inspect.getmembers(ev, inspect.isclass)
        if cls.__module__ == ev.__name__ and dataclasses.is_dataclass(cls)
    }


def test_every_domain_event_has_the_schema_of_its_message() -> None:
    classes = _event_classes()
    assert classes == set(get_args(ev.Event)), "an event class is missing from the Event union (or the reverse)"
    assert set(EVENT_SCHEMAS) == classes
    types = []
    for cls, schema in EVENT_SCHEMAS.items():
        assert isinstance(schema, TeamEventOut | SessionEventOut), cls
        kind = schema.fields["type"]
        assert isinstance(kind, fields.Constant), cls
        types.append(kind.constant)
    assert len(types) == len(set(types)), "two events would reach the phones under the same type"


def test_the_live_leaderboard_is_the_rest_one(
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    game: dict[str, Any],
    players: tuple[Headers, Headers],
    catalog: Catalog,
) -> None:
    open_day(client, staff, game["id"], 1)
    rival = join(client, game["join_code"], "Rival", game["teams"][1]["id"])
    ines, yanis = phone(app, client, players[0]), phone(app, client, players[1])
    received(yanis)
    assert solve(ines, playable_order(catalog, 1)[0])["ok"]
    live = of(received(yanis), "leaderboard")[-1]
    for headers in (players[1], rival):
        rest = client.get("/api/me/leaderboard", headers=headers).json
        assert [r["mine"] for r in rest].count(True) == 1
        assert live == [{k: v for k, v in r.items() if k != "mine"} for r in rest]
