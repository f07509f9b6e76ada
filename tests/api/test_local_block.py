"""The Mission Locale block filled from the console (mission_locale.yaml of a pack made
here), and the pack's glossary as the phone reads it."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from content.loader import load_named_pack, pack_path
from content.loader.local import MISSION_LOCALE_FILE
from content.loader.stamp import STAMP_FILE

from ..conftest import bearer, create_session, join, open_day

Headers = dict[str, str]
COPY = "avenirs-2027"

NEW_NAME = "Mission Locale du Val Fleuri"
OURS: dict[str, Any] = {  # a Mission Locale's own answers, over the example block of the copy
    "name": NEW_NAME,
    "town": "Valfleuri",
    "region": "Normandie",
    "phone": "02 00 00 00 00",
    "email": "",
    "addresses": [{"label": "Accueil", "street": "1 rue des Lilas, 50000 Valfleuri", "hours": "Demande à l'accueil."}],
}


@pytest.fixture
def copy(client: FlaskClient, staff: Headers) -> str:
    r = client.post("/api/packs/default/copy", json={"name": COPY}, headers=staff)
    assert r.status_code == 201, r.json
    return COPY


def block_of(client: FlaskClient, staff: Headers, pack: str, **change: Any) -> dict[str, Any]:
    r = client.get(f"/api/packs/{pack}/local", headers=staff)
    assert r.status_code == 200, r.json
    return {**r.json["block"], **OURS, **change}


def files(pack: str) -> dict[str, bytes]:
    root = pack_path(pack)
    return {name: (root / name).read_bytes() for name in (MISSION_LOCALE_FILE, STAMP_FILE) if (root / name).exists()}


def texts(value: Any) -> str:
    """Every string of a JSON answer, joined: what the phone can show."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(texts(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(texts(v) for v in value)
    return ""


def test_a_facilitator_fills_the_block_of_a_copy_and_the_phone_reads_the_new_name(
    client: FlaskClient, staff: Headers, copy: str
) -> None:
    block = block_of(client, staff, copy)
    shipped = client.put("/api/packs/default/local", json=block, headers=staff)
    assert shipped.status_code == 409 and "copiez-le" in shipped.json["message"]
    before = client.get(f"/api/packs/{copy}/local", headers=staff)
    assert before.status_code == 200 and before.json["editable"] is True
    titles = {o["id"]: o["title"] for o in before.json["offers"]}
    assert titles["cej"] == load_named_pack(copy).offer("cej").title  # type: ignore[union-attr]

    r = client.put(f"/api/packs/{copy}/local", json=block, headers=staff)
    assert r.status_code == 200, r.json
    assert r.json["block"]["name"] == NEW_NAME
    assert "{{ml.name}}" in r.json["block"]["contacts"]["cej"]  # kept as written

    game = create_session(client, staff, pack=copy)
    phone = join(client, game["join_code"], "Inès", game["teams"][0]["id"])
    open_day(client, staff, game["id"], 1)
    seen = texts(client.get("/api/me/offers", headers=phone).json) + texts(client.get("/api/me", headers=phone).json)
    seen += texts(client.get("/api/me/quests", headers=phone).json)
    assert NEW_NAME in seen and "Lille Avenirs" not in seen
    assert "{{" not in seen


def test_a_block_that_would_break_the_pack_is_refused_with_its_problems_and_nothing_is_written(
    client: FlaskClient, staff: Headers, copy: str
) -> None:
    kept = files(copy)
    typo = block_of(client, staff, copy, welcome="Viens à {{ml.nom}} quand tu veux.")
    r = client.put(f"/api/packs/{copy}/local", json=typo, headers=staff)
    assert r.status_code == 422 and "ml.nom" in r.json["message"], r.json
    assert any(MISSION_LOCALE_FILE in p or "ml.nom" in p for p in r.json["problems"])
    no_address = block_of(client, staff, copy, addresses=[])
    r = client.put(f"/api/packs/{copy}/local", json=no_address, headers=staff)
    assert r.status_code == 422 and "addresses" in r.json["message"], r.json
    missing = {k: v for k, v in block_of(client, staff, copy).items() if k != "name"}
    assert client.put(f"/api/packs/{copy}/local", json=missing, headers=staff).status_code == 422
    nobody = block_of(client, staff, copy)
    del nobody["contacts"]["cej"]  # the offer has no contact of its own: somebody must be named
    r = client.put(f"/api/packs/{copy}/local", json=nobody, headers=staff)
    assert r.status_code == 422 and "cej" in r.json["message"], r.json
    assert files(copy) == kept


def test_only_facilitators_read_or_change_the_block(client: FlaskClient, staff: Headers, copy: str) -> None:
    r = client.post(
        "/api/counsellors",
        json={"username": "karim", "display_name": "Karim", "password": "conseil-solide"},
        headers=staff,
    )
    assert r.status_code == 201, r.json
    login = client.post("/api/auth/login", json={"username": "karim", "password": "conseil-solide"})
    counsellor = bearer(login.json["token"])
    kept = files(copy)
    block = block_of(client, staff, copy)
    assert client.put(f"/api/packs/{copy}/local", json=block, headers=counsellor).status_code == 403
    assert client.get(f"/api/packs/{copy}/local", headers=counsellor).status_code == 403
    assert client.put(f"/api/packs/{copy}/local", json=block).status_code == 401
    assert files(copy) == kept


def test_the_phone_reads_the_glossary_of_its_pack_once(client: FlaskClient, staff: Headers) -> None:
    game = create_session(client, staff)
    phone = join(client, game["join_code"], "Inès", game["teams"][0]["id"])
    r = client.get("/api/me/glossary", headers=phone)
    assert r.status_code == 200
    assert "max-age" in r.headers["Cache-Control"]
    expected = [{"term": e.term, "meaning": e.meaning} for e in load_named_pack("default").glossary]
    assert r.json == expected
    assert client.get("/api/me/glossary", headers=staff).status_code == 403
