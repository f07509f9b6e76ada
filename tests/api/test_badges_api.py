"""Materialise and share: a facilitator issues Open Badges 3.0 to young people who
agreed, anyone verifies them, a revoked badge shows revoked everywhere."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader

from badges import bake

from ..conftest import join, open_day

Headers = dict[str, str]


@pytest.fixture
def group(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> dict[str, Any]:
    team = game["teams"][0]["id"]
    phones = {n: join(client, game["join_code"], n, team) for n in ("Inès", "Yanis", "Lou")}
    open_day(client, staff, game["id"], 1)
    ids = {p["nickname"]: p["id"] for p in client.get(f"/api/sessions/{game['id']}", headers=staff).json["players"]}
    client.put("/api/me/badges/consent", json={"agree": True, "email": "ines@example.org"}, headers=phones["Inès"])
    client.put("/api/me/badges/consent", json={"agree": True}, headers=phones["Yanis"])
    return {"game": game, "phones": phones, "ids": ids}


def issue(client: FlaskClient, staff: Headers, group: dict[str, Any], skill: str, *names: str) -> Any:
    ids = [group["ids"][n] for n in names]
    return client.post(f"/api/sessions/{group['game']['id']}/badges", json={"skill_id": skill, "player_ids": ids},
                       headers=staff)  # fmt: skip


def test_badges_go_only_to_those_who_agreed_and_verify(
    client: FlaskClient, staff: Headers, group: dict[str, Any]
) -> None:
    r = issue(client, staff, group, "cooperation", "Inès", "Yanis", "Lou")
    assert r.status_code == 201, r.json
    assert sorted(a["nickname"] for a in r.json["issued"]) == ["Inès", "Yanis"]
    assert r.json["skipped"] == [
        {"player_id": group["ids"]["Lou"], "nickname": "Lou", "reason": "pas encore d'accord pour recevoir des badges"}
    ]
    again = issue(client, staff, group, "cooperation", "Inès")
    assert again.json["issued"] == [] and again.json["skipped"][0]["reason"] == "a déjà ce badge"
    mine = client.get("/api/me/badges", headers=group["phones"]["Inès"]).json["badges"]
    assert [b["name"] for b in mine] == ["Coopération"] and mine[0]["category"] == "savoir-être"
    badge_id = mine[0]["id"]
    credential = client.get(f"/badges/{badge_id}/credential.json").json
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert [proof["cryptosuite"] for proof in credential["proof"]] == ["eddsa-rdfc-2022"]
    assert credential["issuer"]["id"].startswith("did:key:z6Mk")
    assert credential["credentialSubject"]["identifier"][0]["identityHash"].startswith("sha256$")
    assert "example.org" not in json.dumps(credential)
    ok = client.post("/api/verify", json={"credential": credential, "email": "INES@example.org"}).json
    assert ok["verdict"] == "valid", ok
    assert {c["id"]: c["ok"] for c in ok["checks"]} == {
        "signature": True, "issuer": True, "dates": True, "status": True, "recipient": True,
    }  # fmt: skip
    wrong = client.post("/api/verify", json={"credential": credential, "email": "quelqu.un@example.org"}).json
    assert wrong["verdict"] == "invalid" and "n'est pas celle du titulaire" in json.dumps(wrong, ensure_ascii=False)
    credential["credentialSubject"]["achievement"]["name"] = "Directrice générale"
    forged = client.post("/api/verify", json={"credential": credential}).json
    assert forged["verdict"] == "invalid" and forged["checks"][0]["ok"] is False


def test_a_revoked_badge_shows_revoked_in_the_verifier_the_page_and_a_baked_image(
    client: FlaskClient, staff: Headers, group: dict[str, Any]
) -> None:
    [award] = issue(client, staff, group, "communication", "Yanis").json["issued"]
    png = client.get(f"/badges/{award['id']}/badge.png").data
    svg = client.get(f"/badges/{award['id']}/badge.svg").data
    for picture in (png, svg):
        baked = bake.unbake(picture)
        assert baked is not None and json.loads(baked.payload)["id"].endswith(award["id"])
    upload = client.post(
        "/api/verify", data={"image": (io.BytesIO(png), "badge.png")}, content_type="multipart/form-data"
    )
    assert upload.json["verdict"] == "valid"
    assert "Badge valide" in client.get(f"/badges/{award['id']}").get_data(as_text=True)
    no_reason = client.post(f"/api/badges/{award['id']}/revoke", json={"reason": " "}, headers=staff)
    assert no_reason.status_code == 422
    r = client.post(f"/api/badges/{award['id']}/revoke", json={"reason": "Attribué par erreur"}, headers=staff)
    assert r.status_code == 200 and r.json["revoked"] is True
    after = client.post(
        "/api/verify", data={"image": (io.BytesIO(png), "badge.png")}, content_type="multipart/form-data"
    )
    assert after.json["verdict"] == "revoked"
    page = client.get(f"/badges/{award['id']}").get_data(as_text=True)
    assert "Badge retiré" in page and "Attribué par erreur" in page
    status = client.get("/badges/status/1").json
    assert status["type"] == ["VerifiableCredential", "BitstringStatusListCredential"] and status["proof"]
    assert client.post(f"/api/badges/{award['id']}/revoke", json={"reason": "encore"}, headers=staff).status_code == 409


def test_the_public_page_shows_what_people_typed_as_text_never_as_markup(
    client: FlaskClient, staff: Headers, group: dict[str, Any]
) -> None:
    [award] = issue(client, staff, group, "communication", "Yanis").json["issued"]
    reason = '<script>alert("x")</script> & <b>fin</b>'
    assert client.post(f"/api/badges/{award['id']}/revoke", json={"reason": reason}, headers=staff).status_code == 200
    page = client.get(f"/badges/{award['id']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "<script>" not in html and "<b>fin" not in html
    assert "<dt>Raison du retrait</dt>" in html  # the badge page's facts (issue 15, point 7)
    reason_html = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;fin&lt;/b&gt;"
    assert f'data-testid="badge-reason">{reason_html}' in html
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self'")
    assert 'data-testid="badge-public" data-state="revoked"' in html


def test_the_cv_lists_the_badges_with_their_links(client: FlaskClient, staff: Headers, group: dict[str, Any]) -> None:
    [award] = issue(client, staff, group, "autonomie", "Inès").json["issued"]
    pdf = client.get("/api/me/cv.pdf", headers=group["phones"]["Inès"])
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "Autonomie" in text and "Inès" in text and award["links"]["page"] in text


def test_hostile_verification_input_gets_a_clear_4xx(client: FlaskClient) -> None:
    assert client.post("/api/verify", json={}).status_code == 422
    bad_json = client.post("/api/verify", json={"text": "{pas du json"})
    assert bad_json.status_code == 422 and "JSON" in bad_json.json["error"]
    internal = client.post("/api/verify", json={"url": "http://169.254.169.254/latest/meta-data"})
    assert internal.status_code == 422 and "réseau interne" in internal.json["error"]
    not_png = client.post(
        "/api/verify", data={"image": (io.BytesIO(b"GIF89a"), "x.png")}, content_type="multipart/form-data"
    )
    assert not_png.status_code == 422
    fake = client.post("/api/verify", json={"credential": {"type": ["VerifiableCredential"]}})
    assert fake.json["verdict"] == "invalid"


def test_erasing_a_player_revokes_and_empties_their_badges(
    client: FlaskClient, staff: Headers, group: dict[str, Any]
) -> None:
    [award] = issue(client, staff, group, "fiabilite", "Inès").json["issued"]
    credential = client.get(f"/badges/{award['id']}/credential.json").json
    assert client.delete("/api/me", headers=group["phones"]["Inès"]).status_code == 204
    page = client.get(f"/badges/{award['id']}")
    assert page.status_code == 410 and "Inès" not in page.get_data(as_text=True)
    assert client.get(f"/badges/{award['id']}/credential.json").status_code == 410
    # a copy downloaded before still verifies as authentic, but revoked
    assert client.post("/api/verify", json={"credential": credential}).json["verdict"] == "revoked"
