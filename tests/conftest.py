"""Composable fixtures: a real app on a file SQLite database with the migrations
applied, the real content loader and the real default pack."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api import create_app
from api.extensions import engine
from content.catalog import Catalog
from content.loader import load_named_pack, use_local_packs
from game.store.db import upgrade

STAFF_PASSWORD = "mot-de-passe-solide"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_DIR": tmp_path,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'test.db'}",
            "UPLOAD_DIR": tmp_path / "uploads",
            "PUBLIC_URL": "http://eclats.test",
        }
    )
    with app.app_context():
        upgrade(engine())
    yield app
    app.extensions["eclats.engine"].dispose()
    use_local_packs(None)  # this app's own packs folder goes with it


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def catalog() -> Catalog:
    return load_named_pack("default")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def staff_token(app: Flask, client: FlaskClient) -> str:
    from datetime import datetime

    from api.extensions import db
    from game.services.accounts import create_facilitator

    with app.app_context():
        create_facilitator(db(), "claire", STAFF_PASSWORD, "Claire", datetime(2026, 11, 1))
        db().commit()
    r = client.post("/api/auth/login", json={"username": "claire", "password": STAFF_PASSWORD})
    assert r.status_code == 200, r.json
    return str(r.json["token"])


@pytest.fixture
def staff(staff_token: str) -> dict[str, str]:
    return bearer(staff_token)


def create_session(client: FlaskClient, staff: dict[str, str], **overrides: Any) -> dict[str, Any]:
    body = {"name": "Groupe du lundi", "pack": "default", "start_date": date(2026, 11, 23).isoformat()}
    body.update(overrides)
    r = client.post("/api/sessions", json=body, headers=staff)
    assert r.status_code == 201, r.json
    return dict(r.json)


@pytest.fixture
def game(client: FlaskClient, staff: dict[str, str]) -> dict[str, Any]:
    """A session on the default pack, two teams, players choose their team."""
    return create_session(client, staff, players_choose_team=True)


def join(client: FlaskClient, code: str, nickname: str, team_id: int | None = None) -> dict[str, str]:
    r = client.post("/api/join", json={"code": code, "nickname": nickname, "team_id": team_id})
    assert r.status_code == 201, r.json
    return bearer(r.json["token"])


@pytest.fixture
def players(client: FlaskClient, game: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """Two players in the first team."""
    team = game["teams"][0]["id"]
    return join(client, game["join_code"], "Inès", team), join(client, game["join_code"], "Yanis", team)


def open_day(client: FlaskClient, staff: dict[str, str], session_id: int, day: int) -> dict[str, Any]:
    r = client.post(f"/api/sessions/{session_id}/days", json={"day": day}, headers=staff)
    assert r.status_code == 200, r.json
    return dict(r.json)
