"""A young person's action that loses a race with a teammate's (their two phones reach
two server processes at the same instant, so both read the team's sequence number) is
decided again on the state as it now is, instead of answering « recharge et réessaie ».

The teammate's change is made by another database connection at the exact moment this
action writes: what a second process does (its own connection, its own commit)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, text

from api.actions import TRIES
from api.extensions import CONFLICT_MESSAGE
from content.catalog import Catalog, Quest

from ..conftest import join, open_day
from .helpers import playable_order, right_answer, wrong_answer


@contextmanager
def teammate_writes_first(app: Flask, team_id: int, times: int) -> Iterator[list[int]]:
    """The next ``times`` times this process bumps the team's sequence number, another
    connection bumps it first and commits (a teammate's answer on another process)."""
    engine = app.extensions["eclats.engine"]
    done: list[int] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("UPDATE teams SET seq") and len(done) < times:
            with engine.connect() as other:  # a connection of its own, as another process has
                other.execute(text("update teams set seq = seq + 1 where id = :t"), {"t": team_id})  # (not this hook)
                other.commit()
            done.append(team_id)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield done
    finally:
        event.remove(engine, "before_cursor_execute", before)


def team_state(client: FlaskClient, game: dict[str, Any]) -> tuple[int, int]:
    """(the team's sequence number, its éclats) as stored."""
    from api.extensions import db
    from game.services.common import eclats_of
    from game.store.models import Team

    team_id = game["teams"][0]["id"]
    with client.application.app_context():
        team = db().get(Team, team_id)
        assert team is not None
        return team.seq, eclats_of(db(), team_id)


@pytest.fixture
def playing(
    client: FlaskClient, staff: dict[str, str], game: dict[str, Any], catalog: Catalog
) -> tuple[dict[str, str], Quest, tuple[int, int]]:
    """A young person of the first team on day 1, its first quest, and the team's
    (sequence number, éclats) before they act."""
    phone = join(client, game["join_code"], "Inès", game["teams"][0]["id"])
    open_day(client, staff, game["id"], 1)
    return phone, playable_order(catalog, 1)[0], team_state(client, game)


def test_an_answer_that_lost_the_race_is_decided_again_and_counts_once(
    app: Flask, client: FlaskClient, game: dict[str, Any], playing: tuple[dict[str, str], Quest, tuple[int, int]]
) -> None:
    phone, quest, (seq, eclats) = playing
    with teammate_writes_first(app, game["teams"][0]["id"], times=1) as raced:
        r = client.post(
            f"/api/me/quests/{quest.id}/answer", json={**right_answer(quest), "client_id": "race-0001"}, headers=phone
        )
    assert raced, "the teammate's write happened"
    assert r.status_code == 200, r.json  # was 409 « Quelqu'un vient de faire la même action »
    assert r.json["correct"] and r.json["status"] == "solved"
    # the teammate's step and this one: two steps; the reward once
    assert team_state(client, game) == (seq + 2, eclats + quest.reward)
    again = client.post(
        f"/api/me/quests/{quest.id}/answer", json={**right_answer(quest), "client_id": "race-0001"}, headers=phone
    )
    assert again.json["replayed"] and again.json["correct"]  # the reply kept is the one sent


def test_an_answer_that_keeps_losing_gets_a_clear_409_and_writes_nothing(
    app: Flask, client: FlaskClient, game: dict[str, Any], playing: tuple[dict[str, str], Quest, tuple[int, int]]
) -> None:
    phone, quest, (seq, eclats) = playing
    with teammate_writes_first(app, game["teams"][0]["id"], times=TRIES) as raced:
        r = client.post(
            f"/api/me/quests/{quest.id}/answer", json={**wrong_answer(quest), "client_id": "race-0002"}, headers=phone
        )
    assert len(raced) == TRIES
    assert r.status_code == 409 and r.json["message"] == CONFLICT_MESSAGE
    # only the teammate's steps: no attempt counted, no reply kept under the client id
    assert team_state(client, game) == (seq + TRIES, eclats)
    mine = next(q for q in client.get("/api/me/quests", headers=phone).json if q["id"] == quest.id)
    assert mine["attempts"] == 0
    retried = client.post(
        f"/api/me/quests/{quest.id}/answer", json={**wrong_answer(quest), "client_id": "race-0002"}, headers=phone
    )
    assert retried.status_code == 200 and not retried.json["replayed"] and not retried.json["correct"]
