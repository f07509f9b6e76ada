"""Each organisation issues its badges under its own name and with its own keys (issue 16,
point 1): two Missions Locales on one installation each issue a badge; each badge names
its own Mission Locale wherever it is read (public page, credential, verifier, OB 2.0
documents, CV), is signed with its organisation's key and verifies with it only, and is
revoked in its organisation's list only. Staff edit their own organisation's profile."""

from __future__ import annotations

import io
import json
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from badges import sign
from badges.keys import KeyRing
from badges.status_list import StatusList
from content.catalog import Catalog
from game.services.accounts import create_facilitator
from game.store.organisations import DEFAULT_ID, Organisation
from tests.open_badges_schema import problems

from ..conftest import STAFF_PASSWORD, bearer, create_session, join, open_day

Headers = dict[str, str]
BASE = "http://eclats.test"  # PUBLIC_URL of the test app
CREATED = datetime(2026, 11, 1)

PARIS = {
    "name": "Mission Locale de Paris",
    "address": "12 rue des Lilas\n75011 Paris",
    "url": "https://ml-paris.example",
    "email": "contact@ml-paris.example",
}
LILLE = {
    "name": "Mission Locale de Lille",
    "address": "3 place du Théâtre\n59000 Lille",
    "url": "https://ml-lille.example",
    "email": "badges@ml-lille.example",
}


def png(width: int = 64, height: int = 32, color: str = "#1d4ed8") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


def account(app: Flask, client: FlaskClient, username: str, organisation_id: int, role: str = "facilitator") -> Headers:
    from api.extensions import db

    with app.app_context():
        made = create_facilitator(db(), username, STAFF_PASSWORD, username.title(), CREATED, organisation_id)
        made.role = role
        db().commit()
    r = client.post("/api/auth/login", json={"username": username, "password": STAFF_PASSWORD})
    assert r.status_code == 200, r.json
    return bearer(r.json["token"])


@pytest.fixture
def lille_id(app: Flask) -> int:
    from api.extensions import db

    with app.app_context():
        org = Organisation(slug="ml-lille", name="Mission Locale", created_at=CREATED)
        db().add(org)
        db().commit()
        return org.id


@pytest.fixture
def bruno(app: Flask, client: FlaskClient, lille_id: int) -> Headers:
    """A facilitator of the Mission Locale de Lille."""
    return account(app, client, "bruno", lille_id)


def issue_one(client: FlaskClient, staff: Headers, nickname: str, email: str | None = None) -> dict[str, Any]:
    """A session of the caller's organisation, one young person who agreed, « cooperation »."""
    game = create_session(client, staff, players_choose_team=True)
    phone = join(client, game["join_code"], nickname, game["teams"][0]["id"])
    open_day(client, staff, game["id"], 1)
    body: dict[str, Any] = {"agree": True} | ({"email": email} if email else {})
    assert client.put("/api/me/badges/consent", json=body, headers=phone).status_code == 200
    [player] = client.get(f"/api/sessions/{game['id']}", headers=staff).json["players"]
    r = client.post(
        f"/api/sessions/{game['id']}/badges",
        json={"skill_id": "cooperation", "player_ids": [player["id"]]},
        headers=staff,
    )
    assert r.status_code == 201, r.json
    [award] = r.json["issued"]
    return {"award": award, "phone": phone, "game": game}


def credential_of(client: FlaskClient, public_id: str) -> dict[str, Any]:
    r = client.get(f"/badges/{public_id}/credential.json")
    assert r.status_code == 200
    return dict(json.loads(r.data))


def verify(client: FlaskClient, credential: dict[str, Any]) -> dict[str, Any]:
    r = client.post("/api/verify", json={"credential": credential})
    assert r.status_code == 200, r.json
    return dict(r.json)


def check(report: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in report["checks"] if c["id"] == name)


@pytest.fixture
def two(
    app: Flask, client: FlaskClient, staff: Headers, bruno: Headers, lille_id: int, tmp_path: Path
) -> dict[str, Any]:
    """Paris (the default organisation, Claire) and Lille (Bruno) each set their profile
    (Lille with a logo) and each issue a badge."""
    for who, profile in ((staff, PARIS), (bruno, LILLE)):
        r = client.patch("/api/organisation/profile", json=profile, headers=who)
        assert r.status_code == 200, r.json
    r = client.put("/api/organisation/logo", data=png(), headers={**bruno, "Content-Type": "image/png"})
    assert r.status_code == 200, r.json
    paris = issue_one(client, staff, "Inès", "ines@example.org")
    lille = issue_one(client, bruno, "Yanis")
    return {
        "paris": paris["award"],
        "lille": lille["award"],
        "paris_key": KeyRing(tmp_path / "badge-keys").active,
        "lille_key": KeyRing(tmp_path / "badge-keys" / str(lille_id)).active,
        "lille_id": lille_id,
    }


def test_each_badge_names_its_own_mission_locale_and_is_signed_with_its_key(
    client: FlaskClient, two: dict[str, Any], tmp_path: Path
) -> None:
    paris, lille = credential_of(client, two["paris"]["id"]), credential_of(client, two["lille"]["id"])
    assert problems(paris) == [] and problems(lille) == []  # the Open Badges 3.0 JSON Schema
    assert paris["issuer"] == {
        "id": two["paris_key"].did,
        "type": ["Profile"],
        "name": "Mission Locale de Paris",
        "url": "https://ml-paris.example",
        "email": "contact@ml-paris.example",
        "address": {
            "type": ["Address"],
            "streetAddress": "12 rue des Lilas",
            "postalCode": "75011",
            "addressLocality": "Paris",
            "addressCountryCode": "FR",
        },
    }
    assert lille["issuer"]["id"] == two["lille_key"].did != two["paris_key"].did
    assert lille["issuer"]["name"] == "Mission Locale de Lille"
    assert lille["issuer"]["email"] == "badges@ml-lille.example"
    assert lille["issuer"]["image"] == {"id": f"{BASE}/organisations/ml-lille/logo.png", "type": "Image"}
    logo = client.get("/organisations/ml-lille/logo.png")
    assert logo.status_code == 200 and logo.mimetype == "image/png" and logo.data == png()
    assert client.get("/organisations/mission-locale/logo.png").status_code == 404  # Paris gave none
    # each is signed by its own organisation's key, kept in its own folder (owner only)
    assert paris["proof"][0]["verificationMethod"] == two["paris_key"].verification_method
    assert lille["proof"][0]["verificationMethod"] == two["lille_key"].verification_method
    folder = tmp_path / "badge-keys" / str(two["lille_id"])
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert (folder / f"{two['lille_key'].multikey}.pem").exists()
    assert not (tmp_path / "badge-keys" / f"{two['lille_key'].multikey}.pem").exists()


def test_each_public_page_shows_its_own_mission_locale(client: FlaskClient, two: dict[str, Any]) -> None:
    paris = client.get(f"/badges/{two['paris']['id']}", headers={"Accept": "text/html"}).get_data(as_text=True)
    lille = client.get(f"/badges/{two['lille']['id']}", headers={"Accept": "text/html"}).get_data(as_text=True)
    for page, mine, other in ((paris, PARIS, LILLE), (lille, LILLE, PARIS)):
        assert mine["name"] in page and mine["url"] in page and f"mailto:{mine['email']}" in page
        assert mine["address"].split("\n")[0] in page
        assert other["name"] not in page and other["url"] not in page and other["email"] not in page
    assert '<img class="bp-logo" src="/organisations/ml-lille/logo.png"' in lille
    assert "bp-logo" not in paris


def test_each_badge_verifies_with_its_own_key_and_not_with_the_others(client: FlaskClient, two: dict[str, Any]) -> None:
    paris, lille = credential_of(client, two["paris"]["id"]), credential_of(client, two["lille"]["id"])
    for credential, name, email in (
        (paris, PARIS["name"], PARIS["email"]),
        (lille, LILLE["name"], LILLE["email"]),
    ):
        report = verify(client, credential)
        assert report["verdict"] == "valid", report
        assert report["badge"]["issuer"] == name and report["badge"]["issuer_email"] == email
        assert check(report, "issuer")["detail"] == f"{name} (clé de ce serveur)"

    # Paris's badge, its proof replaced by one made with Lille's key (naming Lille's key,
    # or claiming to be Paris's): neither is Paris's badge
    unsecured = {k: v for k, v in paris.items() if k != "proof"}
    created = datetime.fromisoformat(paris["proof"][0]["created"])
    for claimed in (None, two["paris_key"].verification_method):
        proof = sign.create_proof(unsecured, two["lille_key"], created, verification_method_id=claimed)
        assert proof["verificationMethod"] == (claimed or two["lille_key"].verification_method)
        report = verify(client, {**unsecured, "proof": [proof]})
        assert report["verdict"] == "invalid", report
        assert check(report, "signature")["ok"] is False and check(report, "issuer")["ok"] is False
    # and the same badge re-signed with Paris's own key still is
    resigned = sign.sign(unsecured, two["paris_key"], created)
    assert verify(client, resigned)["verdict"] == "valid"


def test_each_organisation_has_its_own_revocation_list(
    client: FlaskClient, staff: Headers, two: dict[str, Any]
) -> None:
    paris, lille = credential_of(client, two["paris"]["id"]), credential_of(client, two["lille"]["id"])
    lists = {
        "paris": f"{BASE}/badges/status/{DEFAULT_ID}",
        "lille": f"{BASE}/badges/status/{two['lille_id']}",
    }
    assert paris["credentialStatus"]["statusListCredential"] == lists["paris"]
    assert lille["credentialStatus"]["statusListCredential"] == lists["lille"]
    # each list counts from the start: the two badges hold the same bit of different lists
    assert paris["credentialStatus"]["statusListIndex"] == lille["credentialStatus"]["statusListIndex"] == "1"

    def published(name: str) -> dict[str, Any]:
        r = client.get(lists[name][len(BASE) :])
        assert r.status_code == 200
        return dict(json.loads(r.data))

    lille_before = published("lille")
    assert published("paris")["issuer"] == two["paris_key"].did
    assert lille_before["issuer"] == two["lille_key"].did
    assert lille_before["proof"][0]["verificationMethod"] == two["lille_key"].verification_method

    r = client.post(f"/api/badges/{two['paris']['id']}/revoke", json={"reason": "Erreur de saisie"}, headers=staff)
    assert r.status_code == 200, r.json
    paris_bits = StatusList.decode(published("paris")["credentialSubject"]["encodedList"])
    lille_bits = StatusList.decode(published("lille")["credentialSubject"]["encodedList"])
    assert paris_bits.get(1) is True and lille_bits.get(1) is False
    assert published("lille")["credentialSubject"] == lille_before["credentialSubject"]
    assert verify(client, paris)["verdict"] == "revoked"
    assert verify(client, lille)["verdict"] == "valid"
    assert client.get("/badges/status/999").status_code == 404


def test_the_open_badges_2_documents_name_each_organisation(client: FlaskClient, two: dict[str, Any]) -> None:
    paris = json.loads(client.get(f"/ob2/assertions/{two['paris']['id']}").data)
    lille = json.loads(client.get(f"/ob2/assertions/{two['lille']['id']}").data)
    # the default organisation keeps the addresses its hosted badges already point to
    assert paris["badge"] == f"{BASE}/ob2/badges/default/cooperation"
    assert lille["badge"] == f"{BASE}/ob2/issuers/ml-lille/badges/default/cooperation"
    paris_class = json.loads(client.get(paris["badge"][len(BASE) :]).data)
    lille_class = json.loads(client.get(lille["badge"][len(BASE) :]).data)
    assert paris_class["issuer"] == f"{BASE}/ob2/issuer"
    assert lille_class["issuer"] == f"{BASE}/ob2/issuers/ml-lille"
    assert client.get("/ob2/issuers/ml-lille/badges/default/cooperation.png").mimetype == "image/png"
    paris_issuer = json.loads(client.get("/ob2/issuer").data)
    lille_issuer = json.loads(client.get("/ob2/issuers/ml-lille").data)
    assert paris_issuer == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Issuer",
        "id": f"{BASE}/ob2/issuer",
        "name": "Mission Locale de Paris",
        "url": "https://ml-paris.example",
        "email": "contact@ml-paris.example",
    }
    assert lille_issuer == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Issuer",
        "id": f"{BASE}/ob2/issuers/ml-lille",
        "name": "Mission Locale de Lille",
        "url": "https://ml-lille.example",
        "email": "badges@ml-lille.example",
        "image": f"{BASE}/organisations/ml-lille/logo.png",
    }
    assert client.get("/ob2/issuers/nulle-part").status_code == 404
    # the hosted Assertion verifies, naming its own issuer
    report = client.post("/api/verify", json={"url": f"{BASE}/ob2/assertions/{two['lille']['id']}"}).json
    assert report["verdict"] == "valid" and report["badge"]["issuer"] == "Mission Locale de Lille"


def test_the_cv_names_the_young_persons_own_mission_locale(client: FlaskClient, staff: Headers, bruno: Headers) -> None:
    assert client.patch("/api/organisation/profile", json=LILLE, headers=bruno).status_code == 200
    lille = issue_one(client, bruno, "Yanis")
    cv = client.get("/api/me/cv.pdf", headers=lille["phone"])
    assert cv.status_code == 200
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(cv.data)).pages)
    assert "Mission Locale de Lille" in text


def test_staff_edit_their_own_organisations_profile_only(
    app: Flask, client: FlaskClient, staff: Headers, bruno: Headers, lille_id: int
) -> None:
    r = client.patch("/api/organisation/profile", json=LILLE, headers=bruno)
    assert r.status_code == 200, r.json
    assert r.json["name"] == r.json["shown_name"] == "Mission Locale de Lille"
    assert r.json["issuer_profile_url"] == f"{BASE}/ob2/issuers/ml-lille"
    assert r.json["status_list_url"] == f"{BASE}/badges/status/{lille_id}"
    mine = client.get("/api/organisation/profile", headers=staff).json
    assert mine["slug"] == "mission-locale" and mine["url"] == "" and mine["email"] is None
    assert mine["missing"] == ["email"]
    # « Réglages » writes the caller's organisation's e-mail, the profile's: one value
    r = client.patch("/api/settings", json={"issuer_email": "accueil@ml-lille.example"}, headers=bruno)
    assert r.status_code == 200 and r.json["issuer_email"] == "accueil@ml-lille.example"
    assert client.get("/api/organisation/profile", headers=bruno).json["email"] == "accueil@ml-lille.example"
    assert client.get("/api/settings", headers=staff).json["issuer_email"] is None
    assert client.get("/api/organisation/profile", headers=staff).json["email"] is None

    # a counsellor may not change the profile, nor the logo
    counsellor = account(app, client, "camille", DEFAULT_ID, role="counsellor")
    assert client.get("/api/organisation/profile", headers=counsellor).status_code == 403
    assert client.patch("/api/organisation/profile", json={"name": "X"}, headers=counsellor).status_code == 403
    r = client.put("/api/organisation/logo", data=png(), headers={**counsellor, "Content-Type": "image/png"})
    assert r.status_code == 403
    assert client.get("/api/organisation/profile").status_code == 401

    # one wrong value and nothing changes; French messages name what is wrong
    for body, field in (
        ({"name": "  ", "email": "ok@ml.example"}, "name"),
        ({"url": "ftp://ml.example", "name": "Nouvelle"}, "url"),
        ({"email": "pas-une-adresse", "name": "Nouvelle"}, "issuer_email"),
    ):
        r = client.patch("/api/organisation/profile", json=body, headers=bruno)
        assert r.status_code == 422, (body, r.json)
        assert field in json.dumps(r.json)
    assert client.get("/api/organisation/profile", headers=bruno).json["name"] == "Mission Locale de Lille"
    assert client.patch("/api/organisation/profile", json={}, headers=bruno).status_code == 422


@pytest.mark.parametrize(
    ("data", "status", "says"),
    [
        (b"GIF89a" + bytes(200), 422, "PNG"),
        (b"\xff\xd8\xff\xe0" + bytes(200), 422, "PNG"),
        (png(8, 8), 422, "16 à 2048 pixels"),
        (png()[:60], 422, "illisible"),
        (b"", 422, "vide"),
        (b"\x89PNG\r\n\x1a\n" + bytes(256 * 1024), 413, "256 Ko au plus"),
    ],
)
def test_a_logo_that_will_not_do_is_refused_and_the_logo_stays(
    client: FlaskClient, bruno: Headers, data: bytes, status: int, says: str
) -> None:
    assert (
        client.put("/api/organisation/logo", data=png(), headers={**bruno, "Content-Type": "image/png"}).status_code
        == 200
    )
    r = client.put("/api/organisation/logo", data=data, headers={**bruno, "Content-Type": "image/png"})
    assert r.status_code == status, r.json
    assert says in r.json["message"]
    assert client.get("/organisations/ml-lille/logo.png").data == png()


def test_a_logo_sent_from_a_form_and_removed(client: FlaskClient, bruno: Headers) -> None:
    r = client.put(
        "/api/organisation/logo",
        data={"logo": (io.BytesIO(png(100, 100)), "logo.png", "image/png")},
        headers=bruno,
        content_type="multipart/form-data",
    )
    assert r.status_code == 200, r.json
    assert r.json["logo"] == f"{BASE}/organisations/ml-lille/logo.png"
    assert client.get("/organisations/ml-lille/logo.png").data == png(100, 100)
    r = client.delete("/api/organisation/logo", headers=bruno)
    assert r.status_code == 200 and r.json["logo"] is None
    assert client.get("/organisations/ml-lille/logo.png").status_code == 404


def test_the_default_organisation_keeps_the_packs_name_until_it_is_renamed(
    client: FlaskClient, staff: Headers, catalog: Catalog, tmp_path: Path
) -> None:
    """An upgraded single Mission Locale: its badges name what they always named, are
    signed from the same folder, and point to the same revocation list."""
    before = issue_one(client, staff, "Inès")
    credential = credential_of(client, before["award"]["id"])
    assert credential["issuer"]["name"] == catalog.organisation != "Mission Locale"
    assert credential["issuer"]["id"] == KeyRing(tmp_path / "badge-keys").active.did
    assert credential["credentialStatus"]["statusListCredential"] == f"{BASE}/badges/status/1"
    profile = client.get("/api/organisation/profile", headers=staff).json
    assert (profile["name"], profile["shown_name"]) == ("Mission Locale", catalog.organisation)
    assert (
        client.patch("/api/organisation/profile", json={"name": "Mission Locale de Paris"}, headers=staff).json[
            "shown_name"
        ]
        == "Mission Locale de Paris"
    )
    after = issue_one(client, staff, "Yanis")
    assert credential_of(client, after["award"]["id"])["issuer"]["name"] == "Mission Locale de Paris"
    # the badge issued before keeps the name it was signed with, and still verifies
    assert verify(client, credential)["verdict"] == "valid"
