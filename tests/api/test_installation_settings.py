"""A default install ends up with a complete Open Badges 2.0 issuer profile: the e-mail
the specification requires is asked of a facilitator once (``/api/settings``, the
console's « Réglages »), kept in the database for every server process, and a wrong
address is refused in French without changing anything."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api import create_app
from api.extensions import db, engine
from content.loader import use_local_packs
from game.services.accounts import create_facilitator
from game.store.db import upgrade

from ..conftest import STAFF_PASSWORD, bearer

Headers = dict[str, str]
BAD = [
    "",
    "   ",
    "pas-une-adresse",
    "contact@localhost",
    "contact@mission-locale",
    "contact @mission-locale.fr",
    "contact@mission locale.fr",
    "contact@@mission-locale.fr",
    "contact@-mission-locale.fr",
    "contact@mission-locale.f",
    ".contact@mission-locale.fr",
    "con..tact@mission-locale.fr",
    "contact@mission-locale.fr, autre@mission-locale.fr",
    "<contact@mission-locale.fr>",
    "x" * 65 + "@mission-locale.fr",
    "contact@" + "a" * 250 + ".fr",
]


def _issuer(client: FlaskClient) -> dict[str, Any]:
    r = client.get("/ob2/issuer", headers={"Accept": "application/ld+json"})
    assert r.status_code == 200
    return dict(r.json)


def test_the_issuer_profile_is_incomplete_on_a_default_install_and_complete_once_set(
    client: FlaskClient, staff: Headers
) -> None:
    assert "email" not in _issuer(client), "OB 2.0 requires it: a default install must ask for it"
    before = client.get("/api/settings", headers=staff)
    assert before.status_code == 200
    assert before.json == {
        "issuer_email": None,
        "issuer_email_source": None,
        "issuer_email_updated_at": None,
        "issuer_profile_complete": False,
        "missing": ["issuer_email"],
        # the retention of the young people's data (tests/api/test_retention_settings.py)
        "retention_months": 3,
        "retention_source": "default",
        "retention_updated_at": None,
        "retention_min_months": 1,
        "retention_max_months": 36,
        # the organisation's time zone and public address (tests/api/test_organisation_settings.py)
        "time_zone": "Europe/Paris",
        "time_zone_source": "default",
        "time_zone_updated_at": None,
        "public_url": "http://eclats.test",
        "public_url_source": "default",
        "public_url_updated_at": None,
    }
    r = client.patch("/api/settings", json={"issuer_email": "  Badges@ML-Lille.Example.FR "}, headers=staff)
    assert r.status_code == 200, r.json
    assert r.json["issuer_email"] == "Badges@ml-lille.example.fr"
    assert r.json["issuer_profile_complete"] is True and r.json["missing"] == []
    assert r.json["issuer_email_source"] == "console" and r.json["issuer_email_updated_at"].endswith("+00:00")
    assert _issuer(client)["email"] == "Badges@ml-lille.example.fr"
    assert client.get("/api/settings", headers=staff).json == r.json
    # it can be changed later, not emptied
    r = client.patch("/api/settings", json={"issuer_email": "contact@ml-lille.fr"}, headers=staff)
    assert r.status_code == 200 and _issuer(client)["email"] == "contact@ml-lille.fr"


def test_a_bad_address_is_refused_in_french_and_changes_nothing(client: FlaskClient, staff: Headers) -> None:
    def refused(bad: str) -> None:
        r = client.patch("/api/settings", json={"issuer_email": bad}, headers=staff)
        assert r.status_code == 422, (bad, r.json)
        assert r.json["error"] == "issuer_email"
        expected = "Renseignez l'e-mail de contact" if not bad.strip() else "n'est pas une adresse e-mail valide"
        assert expected in r.json["message"], r.json

    for bad in BAD:
        refused(bad)
        assert "email" not in _issuer(client), bad
        assert client.get("/api/settings", headers=staff).json["issuer_profile_complete"] is False
    # nor does one replace a good address
    assert client.patch("/api/settings", json={"issuer_email": "contact@ml.fr"}, headers=staff).status_code == 200
    for bad in BAD:
        refused(bad)
        assert _issuer(client)["email"] == "contact@ml.fr", bad


def test_a_body_without_a_setting_is_refused(client: FlaskClient, staff: Headers) -> None:
    for body in ({}, {"issuer_email": None}, {"issuer_email": 42}, {"couleur": "bleu"}):
        r = client.patch("/api/settings", json=body, headers=staff)
        assert r.status_code == 422 and r.json["message"].startswith("Données invalides"), (body, r.json)
    assert "email" not in _issuer(client)


def _app(folder: Path) -> Flask:
    return create_app(
        {"TESTING": True, "INSTANCE_DIR": folder, "DATABASE_URL": f"sqlite:///{folder / 'shared.db'}",
         "UPLOAD_DIR": folder / "uploads", "PUBLIC_URL": "http://eclats.test"}
    )  # fmt: skip


@pytest.fixture
def environment_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.setenv("ECLATS_ISSUER_EMAIL", "badges@ml-roubaix.example")
    app = _app(tmp_path)
    with app.app_context():
        upgrade(engine())
    yield app
    app.extensions["eclats.engine"].dispose()
    use_local_packs(None)


def test_the_environment_gives_an_initial_value_read_once(
    environment_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = environment_app.test_client()
    assert _issuer(client)["email"] == "badges@ml-roubaix.example"
    # read with the configuration when the server starts, never during a request
    monkeypatch.setenv("ECLATS_ISSUER_EMAIL", "autre@ml-roubaix.example")
    assert _issuer(client)["email"] == "badges@ml-roubaix.example"
    # the console shows where it comes from; a facilitator's address replaces it
    with environment_app.app_context():
        create_facilitator(db(), "claire", STAFF_PASSWORD, "Claire", datetime(2026, 11, 1))
        db().commit()
    token = client.post("/api/auth/login", json={"username": "claire", "password": STAFF_PASSWORD}).json["token"]
    staff = bearer(token)
    found = client.get("/api/settings", headers=staff).json
    assert found["issuer_email_source"] == "environment" and found["issuer_profile_complete"] is True
    assert client.patch("/api/settings", json={"issuer_email": "contact@ml.fr"}, headers=staff).status_code == 200
    assert _issuer(client)["email"] == "contact@ml.fr"
    assert client.get("/api/settings", headers=staff).json["issuer_email_source"] == "console"


def test_a_setting_made_in_one_process_is_seen_by_another(app: Flask, client: FlaskClient, staff: Headers) -> None:
    other = create_app({**app.config})  # a second server process on the same database
    try:
        assert "email" not in _issuer(other.test_client())
        assert client.patch("/api/settings", json={"issuer_email": "contact@ml.fr"}, headers=staff).status_code == 200
        assert _issuer(other.test_client())["email"] == "contact@ml.fr"
    finally:
        other.extensions["eclats.engine"].dispose()


def test_an_unset_environment_value_is_not_read_later(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The measured defect: the OB 2.0 view read ``os.environ`` inside the request."""
    monkeypatch.setenv("ECLATS_ISSUER_EMAIL", "tardif@ml.example")
    assert "email" not in _issuer(app.test_client())


def test_a_wrong_environment_value_is_ignored_and_the_console_asks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECLATS_ISSUER_EMAIL", "pas une adresse")
    app = _app(tmp_path)
    try:
        with app.app_context():
            upgrade(engine())
        assert "email" not in _issuer(app.test_client()), "a wrong address is not published (it was a 500)"
    finally:
        app.extensions["eclats.engine"].dispose()
        use_local_packs(None)
