"""A failed staff login leaves one line in the log: the username tried and the client's
address (the one the reverse proxy saw, with ``ECLATS_PROXIES``), never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from api import create_app
from api.extensions import engine
from content.loader import use_local_packs
from game.store.db import upgrade

from ..conftest import STAFF_PASSWORD


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_DIR": tmp_path,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'test.db'}",
            "PROXIES": 1,
        }
    )
    with app.app_context():
        upgrade(engine())
    yield app
    app.extensions["eclats.engine"].dispose()
    use_local_packs(None)


def _login(app: Flask, username: str, password: str, address: str) -> int:
    r = app.test_client().post(
        "/api/auth/login",
        json={"username": username, "password": password},
        headers={"X-Forwarded-For": address},
    )
    return r.status_code


def _lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.INFO]


def test_a_wrong_password_is_one_line_naming_the_username_and_the_address(
    proxied: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    assert _login(proxied, "Claire", "pas-le-bon", "203.0.113.9") == 401
    records = _lines(caplog)
    assert len(records) == 1, [r.getMessage() for r in records]
    line = records[0].getMessage()
    assert "'claire'" in line and "203.0.113.9" in line
    assert records[0].exc_info is None and "\n" not in line


def test_the_lockout_is_logged_once_per_refused_try_and_a_good_login_not_at_all(
    proxied: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    from datetime import datetime

    from api.extensions import db
    from game.services.accounts import create_facilitator

    with proxied.app_context():
        create_facilitator(db(), "claire", STAFF_PASSWORD, "Claire", datetime(2026, 11, 1))
        db().commit()
    caplog.set_level(logging.INFO)
    assert _login(proxied, "claire", STAFF_PASSWORD, "203.0.113.9") == 200
    assert _lines(caplog) == []
    statuses = [_login(proxied, "claire", "pas-le-bon", "198.51.100.4") for _ in range(5)]
    statuses.append(_login(proxied, "claire", STAFF_PASSWORD, "198.51.100.4"))  # the account waits
    assert statuses == [401] * 5 + [429]
    records = _lines(caplog)
    assert len(records) == 6, [r.getMessage() for r in records]
    assert all("'claire'" in r.getMessage() and "198.51.100.4" in r.getMessage() for r in records)
    assert all(r.exc_info is None for r in records)
    assert records[-1].getMessage() != records[0].getMessage()  # says the account waits


def test_a_username_cannot_forge_a_second_log_line(proxied: Flask, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    assert _login(proxied, "bob\n2026-01-01 connexion réussie : admin", "x", "203.0.113.9") == 401
    (record,) = _lines(caplog)
    assert "\n" not in record.getMessage()
