"""Open Badges 2.0 hosted versions of the awards (game/services/hosting.py, served by
api/http/ob2.py), through the Flask test client: issue over the API, then fetch what a 2.0
backpack fetches."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from badges import bake, ob2
from content.catalog import LEVELS
from content.loader import load_named_pack

from ..conftest import join, open_day

Headers = dict[str, str]
BASE = "http://eclats.test"  # PUBLIC_URL of the test app


@pytest.fixture
def group(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> dict[str, Any]:
    team = game["teams"][0]["id"]
    phones = {n: join(client, game["join_code"], n, team) for n in ("Inès", "Yanis")}
    open_day(client, staff, game["id"], 1)
    ids = {p["nickname"]: p["id"] for p in client.get(f"/api/sessions/{game['id']}", headers=staff).json["players"]}
    consent = client.put(
        "/api/me/badges/consent", json={"agree": True, "email": " Ines@Example.org "}, headers=phones["Inès"]
    )
    assert consent.status_code == 200, consent.json
    client.put("/api/me/badges/consent", json={"agree": True}, headers=phones["Yanis"])
    return {"game": game, "phones": phones, "ids": ids}


def issue(client: FlaskClient, staff: Headers, group: dict[str, Any], skill: str, name: str) -> dict[str, Any]:
    r = client.post(
        f"/api/sessions/{group['game']['id']}/badges",
        json={"skill_id": skill, "player_ids": [group["ids"][name]]},
        headers=staff,
    )
    assert r.status_code == 201, r.json
    [award] = r.json["issued"]
    return dict(award)


def test_a_hosted_assertion_its_badge_class_and_issuer(
    client: FlaskClient, staff: Headers, group: dict[str, Any]
) -> None:
    award = issue(client, staff, group, "cooperation", "Inès")
    r = client.get(f"/ob2/assertions/{award['id']}")
    assert r.status_code == 200 and r.mimetype == "application/ld+json"
    assert r.headers["Cache-Control"] == "no-cache"
    assertion = json.loads(r.data)
    assert assertion["@context"] == "https://w3id.org/openbadges/v2"
    assert assertion["type"] == "Assertion"
    assert assertion["id"] == f"{BASE}/ob2/assertions/{award['id']}"
    assert assertion["badge"] == f"{BASE}/ob2/badges/default/cooperation"
    assert assertion["verification"] == {"type": "hosted"}
    assert assertion["issuedOn"].endswith("Z") and "expires" not in assertion
    assert assertion["image"] == assertion["id"] + ".png"
    assert assertion["evidence"]["type"] == "Evidence" and assertion["evidence"]["narrative"]
    assert "revoked" not in assertion
    recipient = assertion["recipient"]
    assert recipient["type"] == "email" and recipient["hashed"] is True
    assert recipient["identity"] == ob2.email_identity_hash("ines@example.org", recipient["salt"])
    assert "example.org" not in r.get_data(as_text=True)
    # the same salted hash as the OB 3.0 credential
    credential = client.get(f"/badges/{award['id']}/credential.json").json
    assert credential["credentialSubject"]["identifier"][0]["identityHash"] == recipient["identity"]

    badge_class = client.get("/ob2/badges/default/cooperation")
    assert badge_class.status_code == 200 and badge_class.mimetype == "application/ld+json"
    skill = next(s for s in load_named_pack("default").skills if s.id == "cooperation")
    assert json.loads(badge_class.data) == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "BadgeClass",
        "id": f"{BASE}/ob2/badges/default/cooperation",
        "name": skill.name,
        "description": skill.description,
        "image": f"{BASE}/ob2/badges/default/cooperation.png",
        # OB 2.0 has no levels: the RECTEC level is said in the criteria and as a tag
        "criteria": {"narrative": f"{skill.criteria} {LEVELS[skill.level or 0]} (référentiel RECTEC)."},
        "issuer": f"{BASE}/ob2/issuer",
        "tags": [skill.category, f"RECTEC niveau {skill.level}"],
    }
    picture = client.get("/ob2/badges/default/cooperation.png")
    assert picture.status_code == 200 and picture.mimetype == "image/png" and picture.data.startswith(b"\x89PNG")

    issuer = client.get("/ob2/issuer")
    assert issuer.status_code == 200 and issuer.mimetype == "application/ld+json"
    assert json.loads(issuer.data) == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Issuer",
        "id": f"{BASE}/ob2/issuer",
        "name": load_named_pack("default").organisation,
        "url": BASE,
    }


def test_json_only_clients_get_application_json(client: FlaskClient, staff: Headers, group: dict[str, Any]) -> None:
    award = issue(client, staff, group, "cooperation", "Inès")
    for url in (f"/ob2/assertions/{award['id']}", "/ob2/badges/default/cooperation", "/ob2/issuer"):
        only_json = client.get(url, headers={"Accept": "application/json"})
        assert only_json.status_code == 200 and only_json.mimetype == "application/json", url
        validator_like = client.get(url, headers={"Accept": "application/ld+json, application/json"})
        assert validator_like.mimetype == "application/ld+json", url
        assert "Accept" in validator_like.headers["Vary"]


def test_the_issuer_email_comes_from_the_configuration(app: Flask, client: FlaskClient) -> None:
    app.config["ISSUER_EMAIL"] = "badges@ml-lille.example"
    assert client.get("/ob2/issuer").json["email"] == "badges@ml-lille.example"


def test_without_an_email_the_recipient_is_the_credential_subject_id(
    client: FlaskClient, staff: Headers, group: dict[str, Any]
) -> None:
    award = issue(client, staff, group, "cooperation", "Yanis")
    assertion = client.get(f"/ob2/assertions/{award['id']}").json
    subject = client.get(f"/badges/{award['id']}/credential.json").json["credentialSubject"]
    assert subject["id"].startswith("urn:uuid:")
    assert assertion["recipient"] == {"type": "url", "hashed": False, "identity": subject["id"]}


def test_a_revoked_award_answers_revoked_with_its_reason(
    client: FlaskClient, staff: Headers, group: dict[str, Any]
) -> None:
    award = issue(client, staff, group, "communication", "Inès")
    assert client.get(f"/ob2/assertions/{award['id']}").status_code == 200
    r = client.post(f"/api/badges/{award['id']}/revoke", json={"reason": "Attribué par erreur"}, headers=staff)
    assert r.status_code == 200, r.json
    revoked = client.get(f"/ob2/assertions/{award['id']}")
    assert revoked.status_code == 410 and revoked.mimetype == "application/ld+json"
    assert json.loads(revoked.data) == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": f"{BASE}/ob2/assertions/{award['id']}",
        "revoked": True,
        "revocationReason": "Attribué par erreur",
    }


def test_an_erased_holder_leaves_a_revoked_assertion_without_personal_data(
    client: FlaskClient, staff: Headers, group: dict[str, Any]
) -> None:
    award = issue(client, staff, group, "cooperation", "Inès")
    assert client.delete("/api/me", headers=group["phones"]["Inès"]).status_code == 204
    r = client.get(f"/ob2/assertions/{award['id']}")
    assert r.status_code == 410
    assert r.json == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": f"{BASE}/ob2/assertions/{award['id']}",
        "revoked": True,
        "revocationReason": "Données effacées à la demande de la personne.",
    }
    assert client.get(f"/ob2/assertions/{award['id']}.png").status_code == 410


def test_the_baked_png_carries_the_hosted_assertion_url(
    client: FlaskClient, staff: Headers, group: dict[str, Any]
) -> None:
    award = issue(client, staff, group, "cooperation", "Inès")
    r = client.get(f"/ob2/assertions/{award['id']}.png")
    assert r.status_code == 200 and r.mimetype == "image/png"
    baked = bake.unbake(r.data)
    assert baked is not None and baked.version == "2.0"
    assert baked.payload == f"{BASE}/ob2/assertions/{award['id']}"


def test_unknown_things_are_404_json(client: FlaskClient) -> None:
    for url in (
        "/ob2/assertions/00000000-0000-4000-8000-000000000000",
        "/ob2/assertions/00000000-0000-4000-8000-000000000000.png",
        "/ob2/badges/default/pas-une-competence",
        "/ob2/badges/default/pas-une-competence.png",
        "/ob2/badges/pas-un-pack/cooperation",
        "/ob2/badges/..%2F..%2Fetc/cooperation",
    ):
        r = client.get(url)
        assert r.status_code == 404, url
        assert r.is_json and r.json["message"], url


def test_the_badge_class_outlives_its_session_and_its_skill_in_the_pack(
    app: Flask, client: FlaskClient, staff: Headers, group: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deleted session or a pack edited since: the assertion and its BadgeClass are
    rebuilt from the OB 3.0 credential kept as issued."""
    from api.extensions import db
    from game.services import hosting
    from game.store.models import Award

    award = issue(client, staff, group, "cooperation", "Inès")
    before = client.get("/ob2/badges/default/cooperation").json
    with app.app_context():
        row = db().scalar(select(Award).where(Award.public_id == award["id"]))
        assert row is not None
        row.session_id = None
        db().commit()
    assertion = client.get(f"/ob2/assertions/{award['id']}").json
    assert assertion["badge"] == f"{BASE}/ob2/badges/default/cooperation"

    without_skills = replace(load_named_pack("default"), skills=())
    monkeypatch.setattr(hosting, "load_named_pack", lambda name: without_skills)
    after = client.get("/ob2/badges/default/cooperation")
    assert after.status_code == 200 and after.json == before
    assert client.get("/ob2/badges/default/autonomie").status_code == 404  # never issued


def test_our_verifier_reads_our_2_0_assertions_valid_then_revoked(client: Any, staff: Any, game: Any) -> None:
    from ..conftest import join, open_day

    team = game["teams"][0]["id"]
    me = join(client, game["join_code"], "Inès", team)
    open_day(client, staff, game["id"], 1)
    client.put("/api/me/badges/consent", json={"agree": True, "email": "ines@example.org"}, headers=me)
    player_id = client.get(f"/api/sessions/{game['id']}", headers=staff).json["players"][0]["id"]
    body = {"skill_id": "cooperation", "player_ids": [player_id]}
    [award] = client.post(f"/api/sessions/{game['id']}/badges", json=body, headers=staff).json["issued"]
    url = f"http://eclats.test/ob2/assertions/{award['id']}"
    ok = client.post("/api/verify", json={"url": url, "email": "ines@example.org"}).json
    assert ok["verdict"] == "valid", ok
    assertion = client.get(f"/ob2/assertions/{award['id']}").json
    client.post(f"/api/badges/{award['id']}/revoke", json={"reason": "Erreur"}, headers=staff)
    assert client.post("/api/verify", json={"url": url}).json["verdict"] == "revoked"
    assert client.post("/api/verify", json={"credential": assertion}).json["verdict"] == "revoked"
