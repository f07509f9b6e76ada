"""Open Badges 3.0 as served: the issued credential carries its proof as an array (the
1EdTech JSON Schema's « proof must be array »), badges kept from before (one proof object)
still verify and display, and ``POST /api/verify`` says which proof it checked."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from api.extensions import db
from badges.keys import KeyRing
from badges.sign import add_proof
from game.store.models import Award
from tests.open_badges_schema import problems

from .test_badges_api import group, issue  # noqa: F401  (the fixture, and issuing as the console does)

Headers = dict[str, str]


def _issued(client: FlaskClient, staff: Headers, group: dict[str, Any]) -> tuple[str, dict[str, Any]]:  # noqa: F811
    r = issue(client, staff, group, "cooperation", "Inès")
    assert r.status_code == 201, r.json
    public_id = r.json["issued"][0]["id"]
    return public_id, client.get(f"/badges/{public_id}/credential.json").json


def test_an_issued_credential_meets_the_1edtech_schema(
    client: FlaskClient,
    staff: Headers,
    group: dict[str, Any],  # noqa: F811
) -> None:
    _public_id, credential = _issued(client, staff, group)
    assert isinstance(credential["proof"], list) and len(credential["proof"]) == 1
    assert problems(credential) == []


def test_the_verifier_says_which_proof_it_checked(
    client: FlaskClient,
    staff: Headers,
    group: dict[str, Any],  # noqa: F811
) -> None:
    public_id, _credential = _issued(client, staff, group)
    r = client.post("/api/verify", json={"url": f"http://eclats.test/badges/{public_id}"})
    assert r.status_code == 200 and r.json["verdict"] == "valid", r.json
    proof = r.json["proof"]
    assert proof["form"] == "set" and proof["checked"] == 1
    [only] = proof["proofs"]
    assert only["ok"] is True and only["by_issuer"] is True and only["verification_method"].startswith("did:key:z6Mk")
    signature = next(c for c in r.json["checks"] if c["id"] == "signature")
    assert "la seule signature du badge, celle de l'organisme" in signature["detail"]
    assert only["verification_method"] in signature["detail"]


def test_a_proof_set_of_two_verifies_and_names_the_proof(
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    group: dict[str, Any],  # noqa: F811
    tmp_path: Path,
) -> None:
    _public_id, credential = _issued(client, staff, group)
    key = KeyRing(tmp_path / "badge-keys").active  # the server's own signing key
    both = add_proof(credential, key, datetime.now(UTC))
    r = client.post("/api/verify", json={"credential": both})
    assert r.status_code == 200 and r.json["verdict"] == "valid", r.json
    assert r.json["proof"]["form"] == "set" and [p["ok"] for p in r.json["proof"]["proofs"]] == [True, True]
    signature = next(c for c in r.json["checks"] if c["id"] == "signature")
    assert signature["detail"].startswith("Les 2 signatures correspondent")
    # one proof of the set altered: refused, and the one at fault is named
    both["proof"][1]["created"] = "2020-01-01T00:00:00Z"
    r = client.post("/api/verify", json={"text": json.dumps(both)})
    assert r.json["verdict"] == "invalid" and r.json["proof"]["checked"] == 2
    assert "la signature n° 2 sur 2" in next(c for c in r.json["checks"] if c["id"] == "signature")["detail"]


@pytest.mark.stored_before_proof_sets
def test_a_badge_stored_with_one_proof_object_still_verifies_and_displays(
    app: Flask,
    client: FlaskClient,
    staff: Headers,
    group: dict[str, Any],  # noqa: F811
) -> None:
    public_id, credential = _issued(client, staff, group)
    legacy = {**credential, "proof": credential["proof"][0]}  # as Éclats issued badges before proof sets
    with app.app_context():
        award = db().scalar(select(Award).where(Award.public_id == public_id))
        assert award is not None
        award.credential = json.dumps(legacy, ensure_ascii=False)
        db().commit()
    assert client.get(f"/badges/{public_id}/credential.json").json == legacy, "kept exactly as issued"
    page = client.get(f"/badges/{public_id}", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Badge valide" in page.text and "Coopération" in page.text
    # by its link, and as the baked image a young person shows
    by_link = client.post("/api/verify", json={"url": f"http://eclats.test/badges/{public_id}"}).json
    png = client.get(f"/badges/{public_id}/badge.png").data
    by_image = client.post(
        "/api/verify", data={"image": (io.BytesIO(png), "badge.png")}, content_type="multipart/form-data"
    ).json
    for answer in (by_link, by_image):
        assert answer["verdict"] == "valid", answer
        assert answer["proof"]["form"] == "object" and answer["proof"]["checked"] == 1
        signature = next(c for c in answer["checks"] if c["id"] == "signature")
        assert signature["ok"] is True and "la seule signature du badge" in signature["detail"]
