"""The retention of the young people's data (``eclats purge``) is an installation setting:
3 months by default (``ECLATS_RETENTION_DAYS``, 90 days, rounded up), 1 to 36 months,
changed by a facilitator in « Réglages »; a bad value is a French 422 that changes
nothing, and a counsellor cannot change it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from api import create_app
from api.extensions import engine
from content.loader import use_local_packs
from game.store.db import upgrade

from ..conftest import STAFF_PASSWORD, bearer

Headers = dict[str, str]


@pytest.fixture
def counsellor(client: FlaskClient, staff: Headers) -> Headers:
    body = {"username": "karim", "display_name": "Karim", "password": "conseil-solide"}
    assert client.post("/api/counsellors", json=body, headers=staff).status_code == 201
    login = client.post("/api/auth/login", json={"username": "karim", "password": "conseil-solide"})
    return bearer(login.json["token"])


def _months(client: FlaskClient, staff: Headers) -> tuple[int, str]:
    found = client.get("/api/settings", headers=staff).json
    return found["retention_months"], found["retention_source"]


def test_a_facilitator_sets_the_retention_in_months(client: FlaskClient, staff: Headers) -> None:
    assert _months(client, staff) == (3, "default")
    r = client.patch("/api/settings", json={"retention_months": 12}, headers=staff)
    assert r.status_code == 200, r.json
    assert (r.json["retention_months"], r.json["retention_source"]) == (12, "console")
    assert r.json["retention_updated_at"].endswith("+00:00")
    assert r.json["issuer_email"] is None, "the other setting is left as it was"
    for edge in (1, 36):
        assert client.patch("/api/settings", json={"retention_months": edge}, headers=staff).status_code == 200
        assert _months(client, staff) == (edge, "console")


@pytest.mark.parametrize("value", [0, 37, -1, 12.5, "12", True, None, [12], {"mois": 12}])
def test_a_wrong_retention_is_refused_in_french_and_nothing_changes(
    client: FlaskClient, staff: Headers, value: Any
) -> None:
    assert client.patch("/api/settings", json={"retention_months": 6}, headers=staff).status_code == 200
    r = client.patch("/api/settings", json={"retention_months": value}, headers=staff)
    assert r.status_code == 422, r.json
    assert "durée de conservation" in r.json["message"] and "retention_months" in str(r.json)
    assert _months(client, staff) == (6, "console")


def test_a_wrong_retention_does_not_change_the_e_mail_given_with_it(client: FlaskClient, staff: Headers) -> None:
    body = {"issuer_email": "contact@mission-locale.fr", "retention_months": 40}
    assert client.patch("/api/settings", json=body, headers=staff).status_code == 422
    assert client.get("/api/settings", headers=staff).json["issuer_email"] is None


def test_a_counsellor_can_neither_read_nor_change_it(client: FlaskClient, staff: Headers, counsellor: Headers) -> None:
    assert client.patch("/api/settings", json={"retention_months": 1}, headers=counsellor).status_code == 403
    assert client.get("/api/settings", headers=counsellor).status_code == 403
    assert client.patch("/api/settings", json={"retention_months": 1}).status_code == 401
    assert _months(client, staff) == (3, "default")


@pytest.mark.parametrize(("days", "months"), [(30, 1), (90, 3), (91, 3), (365, 12), (5000, 36), (1, 1)])
def test_the_default_comes_from_eclats_retention_days_rounded_up(tmp_path: Path, days: int, months: int) -> None:
    app = create_app({"TESTING": True, "INSTANCE_DIR": tmp_path, "RETENTION_DAYS": days,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}"})  # fmt: skip
    try:
        with app.app_context():
            upgrade(engine())
            from api.clock import now
            from api.extensions import db
            from game.services.accounts import create_facilitator

            create_facilitator(db(), "claire", STAFF_PASSWORD, "Claire", now())
            db().commit()
        client = app.test_client()
        token = client.post("/api/auth/login", json={"username": "claire", "password": STAFF_PASSWORD}).json["token"]
        assert _months(client, bearer(token)) == (months, "default")
    finally:
        app.extensions["eclats.engine"].dispose()
        use_local_packs(None)
