"""Pack copies per organisation (issue 16): a copy made by a facilitator of one Mission
Locale is that Mission Locale's. Its staff list it, fill its block, move its places and
run sessions on it; another Mission Locale sees nothing of it (404, or « n'existe pas »
when creating a session, as for a name nobody used) and has its own copy with its own
block. The shipped packs stay readable by all."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from content.loader import pack_path
from content.loader.local import MISSION_LOCALE_FILE

from ..conftest import create_session, join, open_day
from .test_local_block import OURS, texts
from .test_organisation_settings import organisation_staff

Headers = dict[str, str]
LILLE, CAYENNE = "avenirs-lille", "avenirs-cayenne"
MOVE = {"latitude": 50.6365, "longitude": 3.0635}


def names(client: FlaskClient, who: Headers) -> set[str]:
    r = client.get("/api/packs", headers=who)
    assert r.status_code == 200, r.json
    return {p["name"] for p in r.json}


def fill(client: FlaskClient, who: Headers, pack: str, name: str) -> None:
    block = {**client.get(f"/api/packs/{pack}/local", headers=who).json["block"], **OURS, "name": name}
    r = client.put(f"/api/packs/{pack}/local", json=block, headers=who)
    assert r.status_code == 200, r.json


def what_the_phone_shows(client: FlaskClient, who: Headers, pack: str) -> str:
    game = create_session(client, who, pack=pack)
    phone = join(client, game["join_code"], "Inès", game["teams"][0]["id"])
    open_day(client, who, game["id"], 1)
    return texts(client.get("/api/me", headers=phone).json) + texts(client.get("/api/me/offers", headers=phone).json)


def test_a_copy_is_its_organisations_and_the_other_sees_nothing_of_it(
    app: Flask, client: FlaskClient, staff: Headers
) -> None:
    other = organisation_staff(app, client, "ml-cayenne", "Mission Locale de Cayenne", "maeva")
    assert client.post("/api/packs/default/copy", json={"name": LILLE}, headers=staff).status_code == 201
    fill(client, staff, LILLE, "Mission Locale de Lille-Sud")
    block_before = (pack_path(LILLE) / MISSION_LOCALE_FILE).read_bytes()
    assert LILLE in names(client, staff) and "default" in names(client, staff)
    assert LILLE not in names(client, other) and "default" in names(client, other), "shipped packs are everybody's"

    # the other organisation can neither read, change, copy nor play it
    assert client.get(f"/api/packs/{LILLE}/local", headers=other).status_code == 404
    block = {**OURS, "name": "Détourné"}
    refused = client.put(f"/api/packs/{LILLE}/local", json=block, headers=other)
    assert refused.status_code == 404 and "n'existe pas" in refused.json["message"], refused.json
    assert client.put(f"/api/packs/{LILLE}/places/grand-place", json=MOVE, headers=other).status_code == 404
    assert client.post(f"/api/packs/{LILLE}/copy", json={"name": "pris-a-lille"}, headers=other).status_code == 404
    r = client.post("/api/sessions", headers=other, json={"name": "Groupe", "pack": LILLE, "start_date": "2026-11-23"})
    assert r.status_code == 422 and f"« {LILLE} » n'existe pas" in r.json["message"], r.json
    assert (pack_path(LILLE) / MISSION_LOCALE_FILE).read_bytes() == block_before, "nothing was written"

    # its own copy, with its own block; the first one's is untouched
    assert client.post("/api/packs/default/copy", json={"name": CAYENNE}, headers=other).status_code == 201
    fill(client, other, CAYENNE, "Mission Locale de Cayenne")
    assert names(client, other) >= {CAYENNE, "default"} and LILLE not in names(client, other)
    assert CAYENNE not in names(client, staff)
    assert client.get(f"/api/packs/{CAYENNE}/local", headers=staff).status_code == 404
    assert client.put(f"/api/packs/{CAYENNE}/places/grand-place", json=MOVE, headers=other).status_code == 200
    lille, cayenne = what_the_phone_shows(client, staff, LILLE), what_the_phone_shows(client, other, CAYENNE)
    assert "Mission Locale de Lille-Sud" in lille and "Mission Locale de Cayenne" not in lille
    assert "Mission Locale de Cayenne" in cayenne and "Lille-Sud" not in cayenne

    # names stay unique on the installation (a badge's image is found by its pack's name)
    taken = client.post("/api/packs/default/copy", json={"name": LILLE}, headers=other)
    assert taken.status_code == 409 and "choisissez un autre nom" in taken.json["message"]


def test_a_copy_made_before_organisations_is_the_default_ones(app: Flask, client: FlaskClient, staff: Headers) -> None:
    from content import editor

    editor.copy_pack("default", "ancienne-copie")  # as earlier versions made it: no owner
    other = organisation_staff(app, client, "ml-cayenne", "Mission Locale de Cayenne", "maeva")
    assert "ancienne-copie" in names(client, staff) and "ancienne-copie" not in names(client, other)
    assert client.get("/api/packs/ancienne-copie/local", headers=staff).status_code == 200
    assert client.get("/api/packs/ancienne-copie/local", headers=other).status_code == 404


def test_copying_ones_own_copy_makes_a_copy_of_ones_own(app: Flask, client: FlaskClient, staff: Headers) -> None:
    other = organisation_staff(app, client, "ml-cayenne", "Mission Locale de Cayenne", "maeva")
    assert client.post("/api/packs/default/copy", json={"name": CAYENNE}, headers=other).status_code == 201
    assert client.post(f"/api/packs/{CAYENNE}/copy", json={"name": "cayenne-2"}, headers=other).status_code == 201
    assert "cayenne-2" in names(client, other) and "cayenne-2" not in names(client, staff)
    assert client.get("/api/packs/cayenne-2/local", headers=staff).status_code == 404
