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


# ------------------------------------------------------------------ Open Badges 3.0 schema


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "stored_before_proof_sets: the test stores a credential as Éclats issued them before proof sets "
        "(one proof object); the schema check reads that object as a set of one, and checks all the rest",
    )


def _stored_credentials(folder: Path) -> list[tuple[str, Any]]:
    """The credentials kept in the SQLite databases under ``folder`` (an app fixture's, or
    the instance folder of a real ``eclats serve``), whatever issued them."""
    import json
    import sqlite3

    found: list[tuple[str, Any]] = []
    for path in sorted(folder.rglob("*.db")):
        try:
            connection = sqlite3.connect(path)
            try:
                rows = connection.execute("SELECT public_id, credential FROM awards").fetchall()
            finally:
                connection.close()
        except sqlite3.Error:  # not an Éclats database, or one a test broke on purpose
            continue
        for public_id, text in rows:
            try:
                found.append((f"{path.name}: award {public_id}", json.loads(text)))
            except (TypeError, ValueError):
                found.append((f"{path.name}: award {public_id}", text))
    return found


@pytest.fixture(autouse=True)
def issued_credentials_meet_the_open_badges_schema(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[None]:
    """Every Open Badges 3.0 credential a test issues must validate against the 1EdTech
    AchievementCredential JSON Schema (``tests/open_badges_schema.py``), or the test fails:
    those made in this process by the signing functions (recorded as they return), and
    those stored in the databases under the test's folder (real servers included)."""
    import copy
    import json
    import sys

    from badges import sign
    from tests.open_badges_schema import is_open_badge, problems

    made: list[tuple[str, Any]] = []
    ours = [m for n, m in list(sys.modules.items()) if n.split(".")[0] in ("badges", "game", "api", "tests")]
    for name in ("sign", "add_proof"):
        real = getattr(sign, name)

        def recording(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            secured = _real(*args, **kwargs)
            made.append((f"badges.sign.{_name}()", copy.deepcopy(secured)))
            return secured

        # the module's function, and every name a module of ours bound to it by importing it
        for module in ours:
            for attribute, value in list(vars(module).items()):
                if value is real:
                    monkeypatch.setattr(module, attribute, recording)
    yield
    stored = _stored_credentials(tmp_path)
    if request.node.get_closest_marker("stored_before_proof_sets") is not None:
        # kept as issued before proof sets: the one proof object read as a set of one
        stored = [
            (where, {**c, "proof": [c["proof"]]} if isinstance(c, dict) and isinstance(c.get("proof"), dict) else c)
            for where, c in stored
        ]
    seen: set[str] = set()
    failures: list[str] = []
    for where, credential in [*made, *stored]:
        if not is_open_badge(credential):
            continue
        key = json.dumps(credential, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        failures += [f"{where}: {line}" for line in problems(credential)]
    if failures:
        pytest.fail(
            "a credential issued during this test does not meet the 1EdTech Open Badges 3.0 "
            "AchievementCredential JSON Schema:\n" + "\n".join(failures),
            pytrace=False,
        )
