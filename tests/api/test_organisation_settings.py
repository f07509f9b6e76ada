"""Two Missions Locales on one installation (issue 16): each has its own settings (time
zone, public address, retention) in « Réglages », and everything of its sessions follows
them: appointments typed, shown, reported and put in calendars at its hour; join links,
place posters and calendar identifiers at its address. An organisation that set nothing
keeps the installation's values (ECLATS_TIME_ZONE, ECLATS_PUBLIC_URL)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api.app import allowed_origin
from api.clock import set_now
from api.extensions import db
from content.loader import load_named_pack
from game.services.accounts import create_facilitator
from game.store.organisations import Organisation

from ..conftest import STAFF_PASSWORD, bearer, create_session, join
from .test_appointment_zones import at_day_9, instant, publish, the_event

Headers = dict[str, str]
NOW = datetime(2027, 1, 10, 9, 0)
CAYENNE_URL = "https://eclats.ml-cayenne.fr"


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    set_now(lambda: NOW)
    yield
    set_now(None)


def organisation_staff(app: Flask, client: FlaskClient, slug: str, name: str, username: str) -> Headers:
    """A facilitator of a new organisation, signed in."""
    with app.app_context():
        organisation = Organisation(slug=slug, name=name, created_at=datetime(2026, 11, 1))
        db().add(organisation)
        db().flush()
        create_facilitator(db(), username, STAFF_PASSWORD, username.title(), datetime(2026, 11, 1), organisation.id)
        db().commit()
    r = client.post("/api/auth/login", json={"username": username, "password": STAFF_PASSWORD})
    assert r.status_code == 200, r.json
    return bearer(r.json["token"])


@pytest.fixture
def other(app: Flask, client: FlaskClient, staff: Headers) -> Headers:
    """A facilitator of the Mission Locale de Cayenne (``staff`` is the default one's)."""
    return organisation_staff(app, client, "ml-cayenne", "Mission Locale de Cayenne", "maeva")


def settings_of(client: FlaskClient, who: Headers) -> dict[str, Any]:
    r = client.get("/api/settings", headers=who)
    assert r.status_code == 200, r.json
    return dict(r.json)


def test_each_organisation_reads_and_changes_only_its_own_settings(
    client: FlaskClient, staff: Headers, other: Headers
) -> None:
    body = {"time_zone": "America/Cayenne", "public_url": CAYENNE_URL + "/", "retention_months": 12}
    r = client.patch("/api/settings", json=body, headers=other)
    assert r.status_code == 200, r.json
    theirs = settings_of(client, other)
    assert (theirs["time_zone"], theirs["time_zone_source"]) == ("America/Cayenne", "console")
    assert (theirs["public_url"], theirs["public_url_source"]) == (CAYENNE_URL, "console"), "kept without its /"
    assert (theirs["retention_months"], theirs["retention_source"]) == (12, "console")
    assert theirs["time_zone_updated_at"].endswith("+00:00")
    ours = settings_of(client, staff)
    assert (ours["time_zone"], ours["time_zone_source"]) == ("Europe/Paris", "default")
    assert (ours["public_url"], ours["public_url_source"]) == ("http://eclats.test", "default")
    assert (ours["retention_months"], ours["retention_source"]) == (3, "default")
    assert client.patch("/api/settings", json={"retention_months": 1}, headers=staff).status_code == 200
    assert settings_of(client, other)["retention_months"] == 12


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ({"time_zone": "Europe/Pariss"}, "Fuseau horaire inconnu : « Europe/Pariss »"),
        ({"time_zone": "europe/paris"}, "Vouliez-vous dire « Europe/Paris » ?"),
        ({"time_zone": "localtime"}, "Fuseau horaire inconnu"),
        ({"time_zone": ""}, "Fuseau horaire inconnu"),
        ({"time_zone": 2}, "nom IANA"),
        ({"public_url": "http://eclats.ml-cayenne.fr"}, "doit commencer par https://"),
        ({"public_url": "ftp://eclats.ml-cayenne.fr"}, "n'est pas une adresse publique valide"),
        ({"public_url": "eclats.ml-cayenne.fr"}, "n'est pas une adresse publique valide"),
        ({"public_url": "https://intranet"}, "n'est pas une adresse publique valide"),
        ({"public_url": "https://eclats.ml-cayenne.fr/?ml=1"}, "sans identifiant, « ? » ni « # »"),
        ({"public_url": "https://moi:secret@eclats.ml-cayenne.fr"}, "sans identifiant"),
        ({"public_url": "https://eclats.ml-cayenne.fr:99999"}, "n'est pas une adresse publique valide"),
        ({"public_url": "https://eclats.ml-cayenne.fr", "time_zone": "Mars/Olympus"}, "Fuseau horaire inconnu"),
    ],
)
def test_a_wrong_time_zone_or_address_is_refused_in_french_and_nothing_changes(
    client: FlaskClient, staff: Headers, other: Headers, body: dict[str, Any], said: str
) -> None:
    before = settings_of(client, other)
    r = client.patch("/api/settings", json=body, headers=other)
    assert r.status_code == 422, r.json
    assert said in str(r.json["message"]) + str(r.json.get("errors")), r.json
    assert settings_of(client, other) == before


def test_http_is_accepted_on_this_machine_and_null_gives_the_installation_value_back(
    client: FlaskClient, staff: Headers
) -> None:
    for local in ("http://localhost:5000", "http://127.0.0.1:5000/eclats", "http://[::1]:5000"):
        r = client.patch("/api/settings", json={"public_url": local}, headers=staff)
        assert r.status_code == 200 and r.json["public_url"] == local, r.json
    r = client.patch("/api/settings", json={"public_url": None, "time_zone": None}, headers=staff)
    assert r.status_code == 200, r.json
    assert (r.json["public_url"], r.json["public_url_source"]) == ("http://eclats.test", "default")
    assert (r.json["time_zone"], r.json["time_zone_source"]) == ("Europe/Paris", "default")


def rows_of(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> list[dict[str, str]]:
    report = client.get(f"/api/sessions/{game['id']}/report.csv", headers=staff)
    return list(csv.DictReader(io.StringIO(report.data.decode("utf-8-sig")), delimiter=";"))


def test_appointments_are_typed_shown_reported_and_put_in_calendars_at_each_organisations_hour(
    client: FlaskClient, staff: Headers, other: Headers
) -> None:
    patch = {"time_zone": "America/Cayenne", "public_url": CAYENNE_URL}
    assert client.patch("/api/settings", json=patch, headers=other).status_code == 200
    found: dict[str, Any] = {}
    for name, who, offset, zone, utc_hour in (
        ("lille", staff, "+01:00", "Europe/Paris", 13),
        ("cayenne", other, "-03:00", "America/Cayenne", 17),
    ):
        game = create_session(client, who, name=f"Groupe {name}")
        phone = at_day_9(client, who, game)
        r = publish(client, who, game, local_start="2027-01-15T14:00")
        assert r.status_code == 201, r.json
        [slot] = r.json
        assert (slot["starts_at"], slot["time_zone"]) == (f"2027-01-15T14:00:00{offset}", zone), name
        offered = client.get("/api/me/appointment/slots", headers=phone).json
        assert [s["starts_at"] for s in offered] == [slot["starts_at"]]
        booked = client.post("/api/me/appointment", json={"slot_id": slot["id"], "note": "Emploi"}, headers=phone)
        assert booked.status_code == 201, booked.json
        event, vtimezone = the_event(client.get("/api/me/appointment.ics", headers=phone).data)
        assert event["DTSTART"].params["TZID"] == zone == str(vtimezone["TZID"])
        assert instant(event, "dtstart", vtimezone) == datetime(2027, 1, 15, utc_hour, 0, tzinfo=UTC)
        found[name] = str(event["UID"])
        assert [r["Date du rendez-vous"] for r in rows_of(client, who, game) if r["Pseudo"] == "Inès"] == [
            "15/01/2027 14:00"
        ]
        assert client.get(f"/api/sessions/{game['id']}/report", headers=who).json["session"]["time_zone"] == zone
        assert client.get("/api/auth/me", headers=who).json["time_zone"] == zone
    assert found["lille"].endswith("@eclats.test") and found["cayenne"].endswith("@eclats.ml-cayenne.fr")


def test_join_links_and_posters_carry_the_organisations_address(
    app: Flask, client: FlaskClient, staff: Headers, other: Headers
) -> None:
    assert client.patch("/api/settings", json={"public_url": CAYENNE_URL}, headers=other).status_code == 200
    ours, theirs = create_session(client, staff), create_session(client, other)
    assert ours["join_url"] == f"http://eclats.test/j/{ours['join_code']}"
    assert theirs["join_url"] == f"{CAYENNE_URL}/j/{theirs['join_code']}"
    assert client.get(f"/api/sessions/{theirs['id']}", headers=other).json["join_url"].startswith(CAYENNE_URL)
    posters = client.get(f"/api/sessions/{theirs['id']}/places/posters", headers=other).json
    assert posters and all(p["url"].startswith(f"{CAYENNE_URL}/lieu/") for p in posters)
    mine = client.get(f"/api/sessions/{ours['id']}/places/posters", headers=staff).json
    assert mine and all(p["url"].startswith("http://eclats.test/lieu/") for p in mine)
    # a browser on the organisation's address may open the live link
    environ = {"HTTP_HOST": "10.0.0.5:5000", "wsgi.url_scheme": "http"}
    assert allowed_origin(app, CAYENNE_URL, environ)
    assert not allowed_origin(app, "https://eclats.ailleurs.fr", environ)


def test_a_badge_carries_its_organisations_address_and_verifies_there(
    client: FlaskClient, staff: Headers, other: Headers
) -> None:
    assert client.patch("/api/settings", json={"public_url": CAYENNE_URL}, headers=other).status_code == 200
    game = create_session(client, other)
    phone = join(client, game["join_code"], "Inès", game["teams"][0]["id"])
    assert client.put("/api/me/badges/consent", json={"agree": True}, headers=phone).status_code == 200
    [player] = client.get(f"/api/sessions/{game['id']}", headers=other).json["players"]
    skill = load_named_pack("default").skills[0].id
    body = {"skill_id": skill, "player_ids": [player["id"]]}
    issued = client.post(f"/api/sessions/{game['id']}/badges", json=body, headers=other)
    assert issued.status_code in (200, 201), issued.json
    [award] = issued.json["issued"]
    credential = client.get(f"/badges/{award['id']}/credential.json").json
    assert f"{CAYENNE_URL}/badges/{award['id']}" in str(credential)
    assert "eclats.test" not in str(credential), "nothing points at another address"
    page = client.get(f"/badges/{award['id']}").get_data(as_text=True)
    assert f"{CAYENNE_URL}/badges/{award['id']}" in page
    verdict = client.post("/api/verify", json={"credential": credential}).json
    assert verdict["verdict"] == "valid", verdict
    hosted = client.get(f"/ob2/assertions/{award['id']}").json
    assert hosted["id"] == f"{CAYENNE_URL}/ob2/assertions/{award['id']}", hosted
    assert client.post("/api/verify", json={"url": hosted["id"]}).json["verdict"] == "valid"


def test_a_report_is_its_organisations_only(client: FlaskClient, staff: Headers, other: Headers) -> None:
    """Reports are per session; a session's report (JSON, CSV, chart) is its organisation's
    alone, and counts its own young people only."""
    ours, theirs = create_session(client, staff), create_session(client, other)
    join(client, ours["join_code"], "Inès", ours["teams"][0]["id"])
    for nickname in ("Maéva", "Kenzo"):
        join(client, theirs["join_code"], nickname, theirs["teams"][0]["id"])
    report = client.get(f"/api/sessions/{theirs['id']}/report", headers=other)
    assert report.status_code == 200, report.json
    assert sorted(p["nickname"] for p in report.json["players"]) == ["Kenzo", "Maéva"]
    assert [r["Pseudo"] for r in rows_of(client, staff, ours)] == ["Inès"]
    for path in ("report", "report.csv", "report/chart.svg"):
        assert client.get(f"/api/sessions/{theirs['id']}/{path}", headers=staff).status_code == 404, path
        assert client.get(f"/api/sessions/{ours['id']}/{path}", headers=other).status_code == 404, path
