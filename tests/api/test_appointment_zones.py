"""Appointments in real time zones: slots are stored as instants, typed and shown at the
Mission Locale's hour (Europe/Paris by default, America/Cayenne, Pacific/Noumea…), the
calendar file names its zone, and a time the clocks skip or repeat is refused."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from pypdf import PdfReader

from api import create_app
from api.clock import set_now
from api.extensions import db, engine
from api.startup import StartupFailure
from content.loader import load_named_pack, use_local_packs
from game.store.db import upgrade
from game.store.models import AppointmentSlot
from game.zones import UnknownZone

from ..conftest import bearer, create_session, join, open_day
from .helpers import playable_order, right_answer

Headers = dict[str, str]
ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2027, 1, 10, 9, 0)  # the server's clock in these tests (naive UTC)
STAFF_PASSWORD = "mot-de-passe-solide"


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    set_now(lambda: NOW)
    yield
    set_now(None)


@pytest.fixture
def zone_name() -> str:
    return "Europe/Paris"


@pytest.fixture
def public_url() -> str:
    return "http://eclats.test"


def make_app(folder: Path, zone_name: str, public_url: str) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_DIR": folder,
            "DATABASE_URL": f"sqlite:///{folder / 'test.db'}",
            "UPLOAD_DIR": folder / "uploads",
            "PUBLIC_URL": public_url,
            "TIME_ZONE": zone_name,
        }
    )
    with app.app_context():
        upgrade(engine())
    return app


@pytest.fixture
def app(tmp_path: Path, zone_name: str, public_url: str) -> Iterator[Flask]:
    """The installation, in the zone the test names (``zone_name``)."""
    app = make_app(tmp_path, zone_name, public_url)
    yield app
    app.extensions["eclats.engine"].dispose()
    use_local_packs(None)


def staff_login(app: Flask, client: FlaskClient) -> Headers:
    from game.services.accounts import create_facilitator

    with app.app_context():
        create_facilitator(db(), "claire", STAFF_PASSWORD, "Claire", datetime(2026, 11, 1))
        db().commit()
    r = client.post("/api/auth/login", json={"username": "claire", "password": STAFF_PASSWORD})
    assert r.status_code == 200, r.json
    return bearer(r.json["token"])


def at_day_9(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> Headers:
    """A young person whose team reached the appointment mission."""
    phone = join(client, game["join_code"], "Inès", game["teams"][0]["id"])
    for day in range(1, 10):
        open_day(client, staff, game["id"], day)
    for quest in playable_order(load_named_pack("default"), 9):
        client.post(f"/api/me/quests/{quest.id}/answer", json=right_answer(quest), headers=phone)
    return phone


def publish(client: FlaskClient, staff: Headers, game: dict[str, Any], **body: Any) -> Any:
    return client.post(
        f"/api/sessions/{game['id']}/slots", json={"duration_minutes": 30, "mode": "phone", **body}, headers=staff
    )


def the_event(ics: bytes) -> tuple[Any, Any]:
    calendar = Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    [zone] = calendar.walk("VTIMEZONE")
    return event, zone


def instant(event: Any, name: str, vtimezone: Any) -> datetime:
    """The absolute instant of DTSTART/DTEND read two ways: as icalendar resolves the
    TZID, and from the file's own VTIMEZONE alone (what a calendar that does not know
    the IANA name does); both must agree."""
    value = event.decoded(name)
    assert value.tzinfo is not None, f"{name} is a floating time"
    from_file = value.replace(tzinfo=None).replace(tzinfo=vtimezone.to_tz()).astimezone(UTC)
    assert from_file == value.astimezone(UTC)
    return datetime.fromtimestamp(value.timestamp(), UTC)


# ------------------------------------------------------------ the process's own zone


def ics_flow(folder: str) -> None:
    """A whole booking on a fresh installation, in a child process whose ``TZ`` the test
    chose; prints what the phone and the counsellor get, as one JSON line."""
    import time

    set_now(lambda: NOW)
    app = make_app(Path(folder), "Europe/Paris", "https://ml-lille.example.fr")
    client = app.test_client()
    staff = staff_login(app, client)
    game = create_session(client, staff, players_choose_team=True)
    phone = at_day_9(client, staff, game)
    [slot] = publish(client, staff, game, local_start="2027-01-15T14:00").json
    booked = client.post("/api/me/appointment", json={"slot_id": slot["id"], "note": "Mon projet"}, headers=phone)
    assert booked.status_code == 201, booked.json
    ics = client.get("/api/me/appointment.ics", headers=phone)
    report = client.get(f"/api/sessions/{game['id']}/report.csv", headers=staff)
    rows = list(csv.DictReader(io.StringIO(report.data.decode("utf-8-sig")), delimiter=";"))
    booklet = client.get("/api/me/booklet.pdf", headers=phone)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(booklet.data)).pages)
    out = {
        "tzname": list(time.tzname),
        "slot": slot,
        "ics": ics.data.decode(),
        "csv": [r["Date du rendez-vous"] for r in rows if r["Pseudo"] == "Inès"],
        "booklet": "Le 15/01/2027 à 14:00" in " ".join(text.split()),
    }
    print(json.dumps(out))


def test_the_calendar_file_names_the_same_instant_whatever_the_server_machine_is_set_to(tmp_path: Path) -> None:
    """A 14:00 appointment in Paris is 13:00 UTC: the .ics carries TZID=Europe/Paris and
    its VTIMEZONE (it was a floating 14:00 that a calendar set to UTC put at 14:00 UTC),
    and the server does not read the process's TZ anywhere."""
    outs = {}
    for tz in ("UTC", "America/New_York"):
        folder = tmp_path / tz.replace("/", "-")
        code = "import sys; from tests.api.test_appointment_zones import ics_flow; ics_flow(sys.argv[1])"
        run = subprocess.run(
            [sys.executable, "-c", code, str(folder)],
            cwd=ROOT,
            env={**os.environ, "TZ": tz},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        outs[tz] = json.loads(run.stdout.strip().splitlines()[-1])
    assert outs["UTC"]["tzname"] != outs["America/New_York"]["tzname"]  # the child really ran in that zone
    uids = []
    for tz, out in outs.items():
        assert out["slot"]["starts_at"] == "2027-01-15T14:00:00+01:00", tz
        assert out["slot"]["time_zone"] == "Europe/Paris"
        event, vtimezone = the_event(out["ics"].encode())
        assert str(vtimezone["TZID"]) == "Europe/Paris"
        assert event["DTSTART"].params["TZID"] == "Europe/Paris" and event["DTEND"].params["TZID"] == "Europe/Paris"
        assert instant(event, "dtstart", vtimezone) == datetime(2027, 1, 15, 13, 0, tzinfo=UTC), tz
        assert instant(event, "dtend", vtimezone) == datetime(2027, 1, 15, 13, 30, tzinfo=UTC), tz
        assert "DTSTAMP:20270110T090000Z" in out["ics"].replace("\r\n", "\n")  # DTSTAMP is UTC (RFC 5545)
        assert str(event["UID"]).endswith("@ml-lille.example.fr")
        uids.append(str(event["UID"]))
        assert out["csv"] == ["15/01/2027 14:00"] and out["booklet"] is True, tz
    # two installations, each with its appointment number 1: their UIDs differ
    assert uids[0] != uids[1] and uids[0].split("-")[1] == uids[1].split("-")[1] == "1"


# ------------------------------------------------------------ typing a start


@pytest.mark.parametrize(
    ("body", "field", "why"),
    [
        ({"local_start": "2027-03-28T02:30"}, "local_start", "n'existe pas"),  # the clocks go forward
        ({"local_start": "2027-10-31T02:30"}, "local_start", "existe deux fois"),  # …and back
        ({"starts_at": "2027-03-28T02:30:00+01:00"}, "starts_at", "n'existe pas"),
        ({"starts_at": "2027-10-31T02:30:00+02:00"}, "starts_at", "existe deux fois"),
        ({"starts_at": "2027-10-31T02:30:00+01:00"}, "starts_at", "existe deux fois"),
        # 01:00, 01:30 then 02:00, a time the clocks repeat that night
        ({"local_start": "2027-10-31T01:00", "count": 4}, "count", "existe deux fois"),
    ],
)
def test_a_start_the_clocks_skip_or_repeat_is_refused_and_nothing_is_published(
    app: Flask, client: FlaskClient, body: dict[str, Any], field: str, why: str
) -> None:
    staff = staff_login(app, client)
    game = create_session(client, staff)
    r = publish(client, staff, game, **body)
    assert r.status_code == 422, r.json
    message = r.json["message"]
    assert f"« {field} »" in message and why in message, message
    assert "Paris" in message and "Choisissez une heure avant 02:00 ou à partir de 03:00" in message, message
    assert client.get(f"/api/sessions/{game['id']}/agenda", headers=staff).json == []


def test_an_instant_with_another_offset_is_refused_and_the_right_one_is_given(app: Flask, client: FlaskClient) -> None:
    staff = staff_login(app, client)
    game = create_session(client, staff)
    utc = publish(client, staff, game, starts_at="2027-01-15T14:00:00Z")
    assert utc.status_code == 422
    assert "« starts_at »" in utc.json["message"] and "2027-01-15T15:00:00+01:00" in utc.json["message"]
    naive = publish(client, staff, game, starts_at="2027-01-15T14:00:00")
    assert naive.status_code == 422 and "décalage" in naive.json["message"] and "local_start" in naive.json["message"]
    both = publish(client, staff, game, starts_at="2027-01-15T14:00:00+01:00", local_start="2027-01-15T14:00")
    assert both.status_code == 422 and "pas les deux" in both.json["message"]
    impossible = publish(client, staff, game, local_start="2027-02-30T10:00")
    assert impossible.status_code == 422 and "« local_start »" in impossible.json["message"]
    # the ends of the calendar are a clear 422, never a 500
    far = publish(client, staff, game, local_start="9999-12-31T23:59", count=30, duration_minutes=180)
    assert far.status_code == 422 and "plus d'un an" in far.json["message"]
    for start in ({"local_start": "0001-01-01T00:00"}, {"starts_at": "0001-01-01T00:00:00-05:00"}):
        assert publish(client, staff, game, **start).status_code == 422
    assert client.get(f"/api/sessions/{game['id']}/agenda", headers=staff).json == []


def test_a_wall_time_and_an_instant_are_stored_as_instants_and_shown_at_the_local_hour(
    app: Flask, client: FlaskClient
) -> None:
    staff = staff_login(app, client)
    game = create_session(client, staff)
    winter = publish(client, staff, game, local_start="2027-01-15T14:00", count=2)
    summer = publish(client, staff, game, starts_at="2027-07-01T14:00:00+02:00")
    assert winter.status_code == 201 and summer.status_code == 201, (winter.json, summer.json)
    assert [s["starts_at"] for s in winter.json] == ["2027-01-15T14:00:00+01:00", "2027-01-15T14:30:00+01:00"]
    assert summer.json[0]["starts_at"] == "2027-07-01T14:00:00+02:00" and summer.json[0]["time_zone"] == "Europe/Paris"
    with app.app_context():
        stored = [db().get(AppointmentSlot, s["id"]).starts_at for s in [*winter.json, *summer.json]]
    assert stored == [datetime(2027, 1, 15, 13, 0), datetime(2027, 1, 15, 13, 30), datetime(2027, 7, 1, 12, 0)]
    agenda = client.get(f"/api/sessions/{game['id']}/agenda", headers=staff).json
    assert [line["starts_at"] for line in agenda][-1] == "2027-07-01T14:00:00+02:00"
    # across the night the clocks go forward, slots follow each other in real time
    night = publish(client, staff, game, local_start="2027-03-28T01:00", count=3)
    assert [s["starts_at"][11:] for s in night.json] == ["01:00:00+01:00", "01:30:00+01:00", "03:00:00+02:00"]


def test_a_slot_that_has_begun_is_refused_and_no_longer_offered(app: Flask, client: FlaskClient) -> None:
    """« Déjà passé » compares instants: at 14:10 in Paris (13:10 UTC) a 14:00 slot has
    begun (the naive local 14:00 used to look 50 minutes ahead of 13:10 UTC)."""
    set_now(lambda: datetime(2027, 1, 15, 13, 10))  # 14:10 in Paris
    staff = staff_login(app, client)
    game = create_session(client, staff)
    phone = at_day_9(client, staff, game)
    begun = publish(client, staff, game, local_start="2027-01-15T14:00")
    assert begun.status_code == 422 and "passé" in begun.json["message"]
    [slot] = publish(client, staff, game, local_start="2027-01-15T14:30").json
    assert [s["id"] for s in client.get("/api/me/appointment/slots", headers=phone).json] == [slot["id"]]
    set_now(lambda: datetime(2027, 1, 15, 13, 40))  # 14:40 in Paris
    assert client.get("/api/me/appointment/slots", headers=phone).json == []
    late = client.post("/api/me/appointment", json={"slot_id": slot["id"], "note": "Mon projet"}, headers=phone)
    assert late.status_code == 409 and "déjà passé" in late.json["message"]


# ------------------------------------------------------------ overseas


@pytest.mark.parametrize(
    ("zone_name", "public_url", "offset", "utc_hour"),
    [("America/Cayenne", "", "-03:00", 5), ("Pacific/Noumea", "", "+11:00", 15)],
)
def test_an_overseas_mission_locale_books_at_its_own_hour(
    app: Flask, client: FlaskClient, zone_name: str, offset: str, utc_hour: int
) -> None:
    """No change of the clocks there: 02:30 on the night France goes forward is an
    ordinary time; everything the young person and the staff see is at the local hour."""
    staff = staff_login(app, client)
    game = create_session(client, staff)
    phone = at_day_9(client, staff, game)
    r = publish(client, staff, game, local_start="2027-03-28T02:30")
    assert r.status_code == 201, r.json
    [slot] = r.json
    assert slot["starts_at"] == f"2027-03-28T02:30:00{offset}" and slot["time_zone"] == zone_name
    booked = client.post("/api/me/appointment", json={"slot_id": slot["id"], "note": "Emploi"}, headers=phone)
    assert booked.status_code == 201, booked.json
    assert client.get("/api/me/recap", headers=phone).json["appointment"]["starts_at"] == slot["starts_at"]
    event, vtimezone = the_event(client.get("/api/me/appointment.ics", headers=phone).data)
    assert event["DTSTART"].params["TZID"] == zone_name == str(vtimezone["TZID"])
    expected = datetime(2027, 3, 28, 2, 30, tzinfo=UTC) - timedelta(hours=int(offset[:3]))
    assert instant(event, "dtstart", vtimezone) == expected and expected.hour == utc_hour
    # no public address: the UID carries the host the phone reached
    assert str(event["UID"]).endswith("@localhost")
    rows = csv.DictReader(
        io.StringIO(client.get(f"/api/sessions/{game['id']}/report.csv", headers=staff).data.decode("utf-8-sig")),
        delimiter=";",
    )
    assert [row["Date du rendez-vous"] for row in rows if row["Pseudo"] == "Inès"] == ["28/03/2027 02:30"]
    report = client.get(f"/api/sessions/{game['id']}/report", headers=staff).json
    assert report["session"]["time_zone"] == zone_name
    assert report["appointments"]["items"][0]["starts_at"] == slot["starts_at"]
    pdf = PdfReader(io.BytesIO(client.get("/api/me/booklet.pdf", headers=phone).data))
    assert "Le 28/03/2027 à 02:30" in " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert client.get("/api/auth/me", headers=staff).json["time_zone"] == zone_name


# ------------------------------------------------------------ the installation's zone


def test_an_unknown_time_zone_stops_the_start_with_a_french_message(tmp_path: Path) -> None:
    with pytest.raises(StartupFailure) as refused:
        make_app(tmp_path, "Europe/Pariss", "")
    assert isinstance(refused.value.__cause__, UnknownZone)
    message = refused.value.line
    assert "Fuseau horaire inconnu" in message and "ECLATS_TIME_ZONE" in message
    assert "Vouliez-vous dire « Europe/Paris » ?" in message and "\n" not in message
    # the machine's own zone is no Mission Locale's: refused too
    with pytest.raises(StartupFailure):
        make_app(tmp_path, "localtime", "")


def test_the_command_line_says_it_in_one_line_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "ECLATS_INSTANCE": str(tmp_path / "instance"), "ECLATS_TIME_ZONE": "Europe/Pariss"}
    env.pop("DATABASE_URL", None)
    run = subprocess.run(
        [sys.executable, "-m", "api.cli", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert run.stderr.strip().startswith("Fuseau horaire inconnu : « Europe/Pariss »"), run.stderr
    assert "Traceback" not in run.stderr + run.stdout and len(run.stderr.strip().splitlines()) == 1


def test_the_zone_comes_from_the_environment_and_defaults_to_paris(monkeypatch: pytest.MonkeyPatch) -> None:
    from api.config import defaults

    monkeypatch.delenv("ECLATS_TIME_ZONE", raising=False)
    assert defaults()["TIME_ZONE"] == "Europe/Paris"
    monkeypatch.setenv("ECLATS_TIME_ZONE", "Indian/Reunion")
    assert defaults()["TIME_ZONE"] == "Indian/Reunion"
