"""Organisations (issue 16): the installation's administrator makes Missions Locales and
their staff accounts; an account of one sees and acts on none of another's sessions,
players, slots or badges, and the lists hold its own organisation's only."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient

from content.catalog import Catalog

from ..conftest import STAFF_PASSWORD, create_session
from .test_policy import _badges, _login, build_world

Headers = dict[str, str]


def _slot_body(hours: int = 0) -> dict[str, object]:
    start = (datetime.now() + timedelta(days=4)).replace(hour=9, minute=0) + timedelta(hours=hours)
    return {"local_start": f"{start:%Y-%m-%dT%H:%M}", "duration_minutes": 30, "mode": "phone", "count": 1}


def _new_organisation(client: FlaskClient, admin: Headers) -> tuple[int, Headers]:
    """Roubaix, with one facilitator account made by the administrator, logged in."""
    made = client.post(
        "/api/admin/organisations", json={"slug": "ml-roubaix", "name": "Mission Locale de Roubaix"}, headers=admin
    )
    assert made.status_code == 201, made.json
    assert made.json["slug"] == "ml-roubaix" and made.json["accounts"] == 0
    roubaix = made.json["id"]
    account = client.post(
        f"/api/admin/organisations/{roubaix}/accounts",
        json={"username": "rachid", "display_name": "Rachid", "password": STAFF_PASSWORD, "role": "facilitator"},
        headers=admin,
    )
    assert account.status_code == 201, account.json
    assert account.json["organisation_id"] == roubaix and account.json["role"] == "facilitator"
    return roubaix, _login(client, "rachid")


def test_an_account_of_a_new_organisation_reaches_nothing_of_the_others(
    app: Flask, client: FlaskClient, catalog: Catalog
) -> None:
    w = build_world(app, client, catalog)
    admin, claire = w.headers["admin"], w.headers["facilitator"]
    roubaix, rachid = _new_organisation(client, admin)
    s1, pa = w.s1["id"], w.ids["player_a"]
    me = client.get("/api/auth/me", headers=rachid).json
    assert me["organisation_id"] == roubaix

    # his list of sessions is empty; the first Mission Locale's are « introuvable »
    assert client.get("/api/sessions", headers=rachid).json == []
    missing = client.get("/api/sessions/999999", headers=rachid)
    for url in (f"/api/sessions/{s1}", f"/api/sessions/{s1}/report", f"/api/sessions/{s1}/agenda",
                f"/api/sessions/{s1}/players/{pa}/export", f"/api/sessions/{s1}/submissions"):  # fmt: skip
        r = client.get(url, headers=rachid)
        assert (r.status_code, r.json) == (404, missing.json), url
    # nor can he act on them: no slot published, no badge revoked, no player removed
    assert client.post(f"/api/sessions/{s1}/slots", json=_slot_body(), headers=rachid).status_code == 404
    assert len(client.get(f"/api/sessions/{s1}/agenda", headers=claire).json) == 2
    badge = _badges(client, w.headers["player_a"])[0]
    revoked = client.post(f"/api/badges/{badge['id']}/revoke", json={"reason": "Erreur."}, headers=rachid)
    assert revoked.status_code == 404 and revoked.json["message"] == "Ce badge n'existe pas."
    assert _badges(client, w.headers["player_a"])[0]["revoked"] is False
    assert client.delete(f"/api/sessions/{s1}/players/{pa}", headers=rachid).status_code == 404
    assert client.get("/api/me", headers=w.headers["player_a"]).status_code == 200

    # his own session is his organisation's: listed for him, not for the others
    own = create_session(client, rachid, name="Groupe de Roubaix")
    assert [s["id"] for s in client.get("/api/sessions", headers=rachid).json] == [own["id"]]
    assert own["id"] not in {s["id"] for s in client.get("/api/sessions", headers=claire).json}
    assert client.get(f"/api/sessions/{own['id']}", headers=claire).status_code == 404
    # the counsellor he adds is of Roubaix, and cannot be given slots in Lille's sessions
    counsellor = client.post(
        "/api/counsellors", json={"username": "rose", "display_name": "Rose", "password": "conseil-solide"},
        headers=rachid,
    )  # fmt: skip
    assert counsellor.status_code == 201
    accounts = client.get(f"/api/admin/organisations/{roubaix}/accounts", headers=admin).json
    assert {(a["username"], a["role"]) for a in accounts} == {("rachid", "facilitator"), ("rose", "counsellor")}
    foreign = client.post(
        f"/api/sessions/{s1}/slots", json={**_slot_body(6), "counsellor_id": counsellor.json["id"]}, headers=claire
    )
    assert foreign.status_code == 404 and foreign.json["message"] == "Ce conseiller n'existe pas."


def test_the_administrator_is_a_facilitator_of_their_own_organisation_only(
    app: Flask, client: FlaskClient, catalog: Catalog
) -> None:
    w = build_world(app, client, catalog)
    admin = w.headers["admin"]
    listed = {s["id"] for s in client.get("/api/sessions", headers=admin).json}
    assert listed == {w.s1["id"], w.s2["id"]}  # the first Mission Locale's, not Lille's
    assert client.get(f"/api/sessions/{w.s1['id']}", headers=admin).status_code == 200
    assert client.get(f"/api/sessions/{w.ids['session_y']}", headers=admin).status_code == 404
    # the organisations: names and counts of accounts and sessions, nobody's young people
    orgs = client.get("/api/admin/organisations", headers=admin).json
    assert [(o["slug"], o["accounts"], o["sessions"]) for o in orgs] == [
        ("mission-locale", 3, 2),
        ("ml-lille", 2, 1),
    ]
    assert all(set(o) == {"id", "slug", "name", "created_at", "accounts", "sessions"} for o in orgs)


def test_only_the_administrator_manages_organisations_and_accounts(
    app: Flask, client: FlaskClient, catalog: Catalog
) -> None:
    w = build_world(app, client, catalog)
    lille = w.ids["organisation"]
    for caller in ("facilitator", "counsellor", "other_facilitator"):
        r = client.post("/api/admin/organisations", json={"slug": "ml-x", "name": "X"}, headers=w.headers[caller])
        assert r.status_code == 403 and r.json["message"] == "Réservé à l'administrateur de l'installation."
        r = client.post(
            f"/api/admin/organisations/{lille}/accounts",
            json={"username": "intrus", "password": STAFF_PASSWORD, "role": "admin"},
            headers=w.headers[caller],
        )
        assert r.status_code == 403
    assert client.post("/api/auth/login", json={"username": "intrus", "password": STAFF_PASSWORD}).status_code == 401
    assert len(client.get("/api/admin/organisations", headers=w.headers["admin"]).json) == 2


def test_organisations_are_checked_renamed_and_accounts_moved_or_disabled(
    app: Flask, client: FlaskClient, catalog: Catalog
) -> None:
    w = build_world(app, client, catalog)
    admin = w.headers["admin"]
    bad = client.post("/api/admin/organisations", json={"slug": "ML Lille", "name": "Lille"}, headers=admin)
    assert bad.status_code == 422 and "identifiant court" in bad.json["message"]
    taken = client.post("/api/admin/organisations", json={"slug": "ml-lille", "name": "Autre"}, headers=admin)
    assert taken.status_code == 409 and "déjà pris" in taken.json["message"]
    role = client.post(
        f"/api/admin/organisations/{w.ids['organisation']}/accounts",
        json={"username": "x", "password": STAFF_PASSWORD, "role": "chef"},
        headers=admin,
    )
    assert role.status_code == 422
    assert client.post("/api/admin/organisations/999999/accounts", json={"username": "y", "password": STAFF_PASSWORD,
                       "role": "facilitator"}, headers=admin).status_code == 404  # fmt: skip
    assert len(client.get("/api/admin/organisations", headers=admin).json) == 2  # nothing half-made

    renamed = client.patch(
        f"/api/admin/organisations/{w.ids['organisation']}", json={"name": "  Mission Locale  de Lille "}, headers=admin
    )
    assert renamed.json["name"] == "Mission Locale de Lille" and renamed.json["slug"] == "ml-lille"

    # Olivia moves to the first Mission Locale: she now sees its sessions, no more Lille's
    olivia = next(
        a for a in client.get(f"/api/admin/organisations/{w.ids['organisation']}/accounts", headers=admin).json
        if a["username"] == "olivia"
    )  # fmt: skip
    other = w.headers["other_facilitator"]
    moved = client.patch(f"/api/admin/accounts/{olivia['id']}", json={"organisation_id": 1}, headers=admin)
    assert moved.status_code == 200 and moved.json["organisation_id"] == 1
    assert {s["id"] for s in client.get("/api/sessions", headers=other).json} == {w.s1["id"], w.s2["id"]}

    # disabled: her logins close at once, she cannot log in again; enabled: she can
    assert client.patch(f"/api/admin/accounts/{olivia['id']}", json={"disabled": True}, headers=admin).json[
        "disabled_at"
    ]
    assert client.get("/api/sessions", headers=other).status_code == 401
    refused = client.post("/api/auth/login", json={"username": "olivia", "password": STAFF_PASSWORD})
    assert refused.status_code == 401 and "désactivé" in refused.json["message"]
    client.patch(f"/api/admin/accounts/{olivia['id']}", json={"disabled": False}, headers=admin)
    assert client.get("/api/sessions", headers=_login(client, "olivia")).status_code == 200

    # the last active administrator stays
    ada = client.get("/api/auth/me", headers=admin).json["id"]
    last = client.patch(f"/api/admin/accounts/{ada}", json={"disabled": True}, headers=admin)
    assert last.status_code == 409 and "dernier compte administrateur" in last.json["message"]
    assert client.get("/api/auth/me", headers=admin).status_code == 200
