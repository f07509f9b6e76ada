"""The counsellor appointment: slots, booking with its race, cancellation, the .ics file,
the team's progress and the counsellor's agenda."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar

from content.loader import load_named_pack

from ..conftest import join, open_day
from .helpers import playable_order, right_answer

Headers = dict[str, str]
SOON = (datetime.now() + timedelta(days=3)).replace(hour=14, minute=0, second=0, microsecond=0)


@pytest.fixture
def day9(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> dict[str, Any]:
    team = game["teams"][0]["id"]
    phones = [join(client, game["join_code"], n, team) for n in ("Inès", "Yanis")]
    for day in range(1, 10):
        open_day(client, staff, game["id"], day)
    catalog = load_named_pack("default")
    for quest in playable_order(catalog, 9):  # the appointment mission waits for these
        client.post(f"/api/me/quests/{quest.id}/answer", json=right_answer(quest), headers=phones[0])
    slots = client.post(
        f"/api/sessions/{game['id']}/slots",
        json={
            "local_start": f"{SOON:%Y-%m-%dT%H:%M}",
            "duration_minutes": 30,
            "mode": "in_person",
            "place": "Mission Locale, 2 rue de l'Avenir, bureau 3",
            "count": 3,
        },
        headers=staff,
    )
    assert slots.status_code == 201, slots.json
    return {"game": game, "phones": phones, "slots": slots.json}


def test_booking_is_counted_for_the_team_and_the_mission_is_won_when_all_have_booked(
    client: FlaskClient, staff: Headers, day9: dict[str, Any]
) -> None:
    ines, yanis = day9["phones"]
    free = client.get("/api/me/appointment/slots", headers=ines).json
    assert [s["starts_at"][11:16] for s in free] == ["14:00", "14:30", "15:00"]
    r = client.post("/api/me/appointment", json={"slot_id": free[0]["id"], "note": "Trouver une alternance en cuisine",
                                                 "offers": ["alternance", "cej"]}, headers=ines)  # fmt: skip
    assert r.status_code == 201, r.json
    assert (r.json["team_booked"], r.json["team_size"]) == (1, 2)
    assert [o["id"] for o in r.json["offers"]] == ["alternance", "cej"]
    quest = {q["id"]: q for q in client.get("/api/me/quests", headers=yanis).json}["d9-rendez-vous"]
    assert quest["status"] == "available"
    assert len(client.get("/api/me/appointment/slots", headers=yanis).json) == 2  # the taken one is gone
    before = client.get("/api/me", headers=yanis).json["team"]["eclats"]
    client.post("/api/me/appointment", json={"slot_id": free[1]["id"], "note": "Mon logement"}, headers=yanis)
    quest = {q["id"]: q for q in client.get("/api/me/quests", headers=yanis).json}["d9-rendez-vous"]
    assert quest["status"] == "solved"
    assert client.get("/api/me", headers=yanis).json["team"]["eclats"] > before
    agenda = client.get(f"/api/sessions/{day9['game']['id']}/agenda", headers=staff).json
    booked = [line for line in agenda if line["booked"]]
    assert [(b["nickname"], b["note"]) for b in booked] == [("Inès", "Trouver une alternance en cuisine"),
                                                            ("Yanis", "Mon logement")]  # fmt: skip
    assert len(booked[0]["offers"]) == 2 and booked[1]["offers"] == []


def test_two_players_on_the_same_slot_at_the_same_instant(
    app: Flask, client: FlaskClient, day9: dict[str, Any]
) -> None:
    slot = day9["slots"][0]["id"]
    results: list[Any] = []
    barrier = threading.Barrier(2)

    def take(headers: Headers) -> None:
        local = app.test_client()
        barrier.wait(timeout=5)
        r = local.post("/api/me/appointment", json={"slot_id": slot, "note": "Parler de mon projet"}, headers=headers)
        results.append((r.status_code, r.json))

    threads = [threading.Thread(target=take, args=(h,)) for h in day9["phones"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    codes = sorted(code for code, _ in results)
    assert codes == [201, 409], results
    refused = next(body for code, body in results if code == 409)
    assert "vient d'être pris" in refused["message"] or "modifié" in refused["message"]


def test_cancelling_frees_the_slot_and_the_ics_file(client: FlaskClient, day9: dict[str, Any]) -> None:
    ines, yanis = day9["phones"]
    slot = day9["slots"][2]
    client.post("/api/me/appointment", json={"slot_id": slot["id"], "note": "Permis de conduire"}, headers=ines)
    recap = client.get("/api/me/recap", headers=ines).json
    assert recap["appointment"]["place"].endswith("bureau 3") and recap["appointment"]["mode_label"] == "sur place"
    ics = client.get("/api/me/appointment.ics", headers=ines)
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    [event] = Calendar.from_ical(ics.data).walk("VEVENT")
    assert event.decoded("dtstart").replace(tzinfo=None) == SOON + timedelta(minutes=60)  # at Paris's hour
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=30)
    assert "bureau 3" in str(event.get("location")) and "Permis de conduire" in str(event.get("description"))
    again = client.post("/api/me/appointment", json={"slot_id": day9["slots"][0]["id"], "note": "x"}, headers=ines)
    assert again.status_code == 409 and "annule-le" in again.json["message"]
    taken = client.post("/api/me/appointment", json={"slot_id": slot["id"], "note": "Moi aussi"}, headers=yanis)
    assert taken.status_code == 409
    assert client.delete("/api/me/appointment", headers=ines).json["booked"] is False
    assert client.get("/api/me/appointment.ics", headers=ines).status_code == 404
    ok = client.post("/api/me/appointment", json={"slot_id": slot["id"], "note": "Moi aussi"}, headers=yanis)
    assert ok.status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"slot_id": "1", "note": "x"}, "slot_id"),
        ({"slot_id": 1}, "note"),
        ({"slot_id": 1, "note": "x", "offers": ["inconnue"]}, "offers"),
    ],
)
def test_hostile_bookings_get_a_clear_4xx(
    client: FlaskClient, day9: dict[str, Any], body: dict[str, Any], field: str
) -> None:
    r = client.post("/api/me/appointment", json=body, headers=day9["phones"][0])
    assert r.status_code == 422 and field in r.json["message"]
    assert client.get("/api/me/appointment", headers=day9["phones"][0]).json["booked"] is False


def test_booking_opens_with_the_appointment_day(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> None:
    me = join(client, game["join_code"], "Lou", game["teams"][0]["id"])
    open_day(client, staff, game["id"], 1)
    phone = {"duration_minutes": 30, "mode": "phone"}
    slots = client.post(
        f"/api/sessions/{game['id']}/slots", json={"local_start": f"{SOON:%Y-%m-%dT%H:%M}", **phone}, headers=staff
    )
    slots = slots.json
    r = client.post("/api/me/appointment", json={"slot_id": slots[0]["id"], "note": "Emploi"}, headers=me)
    assert r.status_code == 409 and "jour 9" in r.json["message"]
    past = client.post(
        f"/api/sessions/{game['id']}/slots", json={"local_start": "2020-01-01T10:00", **phone}, headers=staff
    )
    assert past.status_code == 422 and "passé" in past.json["message"]
