"""The facilitator's session report: attendance per day, progress per team and young
person, offers, appointments, badges; the CSV export and the SVG chart; staff only."""

from __future__ import annotations

import csv
import io
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from content.loader import load_named_pack

from ..conftest import join, open_day
from .helpers import playable_order, right_answer, wrong_answer

Headers = dict[str, str]
SVG = "{http://www.w3.org/2000/svg}"
SOON = (datetime.now() + timedelta(days=3)).replace(hour=14, minute=0, second=0, microsecond=0)


@pytest.fixture
def app(app: Flask) -> Flask:
    """Registers the reports blueprint when ``api/app.py`` does not (yet): a no-op once it does."""
    if "reports" not in app.blueprints:
        from api.http.reports import reports_blp

        app.extensions["flask-smorest"]["apis"][""]["ext_obj"].register_blueprint(reports_blp)
    return app


def act(client: FlaskClient, phone: Headers, quest_id: str, body: dict[str, Any]) -> Any:
    """An answer as the phone app sends it: with its own action id."""
    r = client.post(f"/api/me/quests/{quest_id}/answer", json={**body, "client_id": uuid.uuid4().hex}, headers=phone)
    assert r.status_code == 200, r.json
    return r.json


@pytest.fixture
def played(client: FlaskClient, staff: Headers, game: dict[str, Any]) -> dict[str, Any]:
    """Day 1: Inès plays most of her team's quests, Yanis tries one (wrong), Lou plays for
    the other team. Day 2: Inès and Lou play, Yanis does nothing; Inès's free-text answer
    of day 1 is approved."""
    catalog = load_named_pack("default")
    aurore, horizon = game["teams"][0]["id"], game["teams"][1]["id"]
    ines = join(client, game["join_code"], "Inès", aurore)
    yanis = join(client, game["join_code"], "Yanis", aurore)
    lou = join(client, game["join_code"], "Lou", horizon)
    sid = game["id"]
    open_day(client, staff, sid, 1)
    day1 = playable_order(catalog, 1)
    act(client, yanis, day1[0].id, wrong_answer(day1[0]))
    for quest in day1:
        act(client, ines, quest.id, right_answer(quest))
    act(client, lou, day1[0].id, right_answer(day1[0]))
    open_day(client, staff, sid, 2)
    day2 = playable_order(catalog, 2)
    for quest in day2:
        act(client, ines, quest.id, right_answer(quest))
    act(client, lou, day2[0].id, right_answer(day2[0]))
    sent = client.post("/api/me/quests/d1-carte-talents/submission", json={"text": "Cuisine, écoute"}, headers=ines)
    assert sent.status_code == 201, sent.json
    pending = client.get(f"/api/sessions/{sid}/submissions?status=pending", headers=staff).json
    ok = client.post(f"/api/submissions/{pending[0]['id']}/review", json={"verdict": "approved"}, headers=staff)
    assert ok.status_code == 200, ok.json
    return {"game": game, "ines": ines, "yanis": yanis, "lou": lou, "day1": day1, "day2": day2, "catalog": catalog}


def test_attendance_counts_what_each_young_person_did_during_each_day(
    client: FlaskClient, staff: Headers, played: dict[str, Any]
) -> None:
    r = client.get(f"/api/sessions/{played['game']['id']}/report", headers=staff)
    assert r.status_code == 200, r.json
    report = r.json
    assert report["session"]["current_day"] == 2 and report["players_count"] == 3
    days = {d["day"]: d for d in report["days"]}
    assert len(days) == 10
    assert (days[1]["present"], days[1]["enrolled"], days[1]["opened"]) == (3, 3, True)
    assert (days[2]["present"], days[2]["enrolled"]) == (2, 3)
    assert days[1]["closed_at"] == days[2]["opened_at"] and days[2]["closed_at"] is None
    assert not days[3]["opened"] and days[3]["present"] == 0
    rows = {p["nickname"]: p for p in report["players"]}
    not_open = ["not_open"] * 8
    assert rows["Inès"]["attendance"] == ["present", "present", *not_open]
    assert rows["Yanis"]["attendance"] == ["present", "absent", *not_open]  # a wrong answer on day 1, then nothing
    assert rows["Lou"]["attendance"] == ["present", "present", *not_open]
    assert (rows["Yanis"]["days_present"], rows["Inès"]["days_present"]) == (1, 2)


def test_progress_per_team_and_player_and_the_offers_they_discovered(
    client: FlaskClient, staff: Headers, played: dict[str, Any]
) -> None:
    sid, catalog = played["game"]["id"], played["catalog"]
    report = client.get(f"/api/sessions/{sid}/report", headers=staff).json
    teams = {t["name"]: t for t in report["teams"]}
    aurore, horizon = teams["Équipe Aurore"], teams["Équipe Horizon"]
    opened_quests = len(catalog.quests_of_day(1)) + len(catalog.quests_of_day(2))
    solved_by_ines = len(played["day1"]) + len(played["day2"])
    assert (aurore["quests_solved"], aurore["quests_total"]) == (solved_by_ines + 1, opened_quests)  # + the review
    assert (horizon["quests_solved"], horizon["quests_total"]) == (2, opened_quests)
    # the same numbers the young people see on their phones
    for team, phone in ((aurore, played["ines"]), (horizon, played["lou"])):
        offers = client.get("/api/me/offers", headers=phone).json
        assert team["offers_unlocked"] == offers["unlocked"] == len(team["offers"])
        assert team["offers_total"] == offers["total"] == 25
        assert set(team["offers"]) == {o["id"] for o in offers["offers"] if o["unlocked"]}
        assert team["eclats"] == client.get("/api/me", headers=phone).json["team"]["eclats"]
    assert "cej" in aurore["offers"] and "cej" not in horizon["offers"]
    assert [o["id"] for o in report["offers"]] == [o.id for o in catalog.offers]
    rows = {p["nickname"]: p for p in report["players"]}
    # her approved free-text answer counts too: the quest was solved with her answer
    assert rows["Inès"]["quests_solved"] == solved_by_ines + 1 and rows["Inès"]["answers_approved"] == 1
    assert rows["Yanis"]["quests_solved"] == 0 and rows["Lou"]["quests_solved"] == 2
    assert rows["Inès"]["appointment"] is False and rows["Inès"]["badges"] == []
    chart = {s["name"]: s for s in report["chart"]["series"]}
    assert chart["Équipe Aurore"]["quests"] == [len(played["day1"]), solved_by_ines + 1, *[None] * 8]
    assert chart["Équipe Horizon"]["quests"] == [1, 2, *[None] * 8]
    assert chart["Équipe Aurore"]["eclats"][1] == aurore["eclats"] and chart["Équipe Aurore"]["eclats"][2] is None


def test_the_csv_export_opens_in_french_excel(client: FlaskClient, staff: Headers, played: dict[str, Any]) -> None:
    r = client.get(f"/api/sessions/{played['game']['id']}/report.csv", headers=staff)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert r.headers["Content-Disposition"].startswith('attachment; filename="eclats-rapport-')
    assert "no-store" in r.headers["Cache-Control"]
    assert r.data.startswith(b"\xef\xbb\xbf")  # the BOM that tells Excel it is UTF-8
    text = r.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Pseudo", "Équipe", "Statut", "Jour 1"] and "Jour 10" in header
    assert "Offres découvertes par l'équipe (sur 25)" in header
    assert len(body) == 3 and all(len(row) == len(header) for row in body)
    lines = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    assert set(lines) == {"Inès", "Yanis", "Lou"}  # accents intact
    assert lines["Inès"]["Équipe"] == "Équipe Aurore"
    assert [lines["Yanis"][f"Jour {d}"] for d in (1, 2, 3)] == ["P", "A", ""]
    assert lines["Yanis"]["Jours présents"] == "1" and lines["Inès"]["Réponses validées"] == "1"
    assert lines["Inès"]["Rendez-vous"] == "non" and lines["Inès"]["Badges (nombre)"] == "0"
    report = client.get(f"/api/sessions/{played['game']['id']}/report", headers=staff).json
    aurore = next(t for t in report["teams"] if t["name"] == "Équipe Aurore")
    assert lines["Yanis"]["Éclats de l'équipe"] == str(aurore["eclats"])
    assert lines["Yanis"]["Offres découvertes par l'équipe (sur 25)"] == str(aurore["offers_unlocked"])


def test_the_chart_is_an_accessible_svg_with_one_line_per_team(
    client: FlaskClient, staff: Headers, played: dict[str, Any]
) -> None:
    sid = played["game"]["id"]
    r = client.get(f"/api/sessions/{sid}/report/chart.svg", headers=staff)
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    root = ET.fromstring(r.data)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and "Groupe du lundi" in (title.text or "")
    assert desc is not None and "Équipe Aurore" in (desc.text or "") and "jour 2" in (desc.text or "")
    series = [g for g in root.iter(f"{SVG}g") if g.get("class") == "series"]
    assert [g.get("data-series") for g in series] == ["Équipe Aurore", "Équipe Horizon"]
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "day-label"]
    assert labels == [f"Jour {d}" for d in range(1, 11)]
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "legend")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["Équipe Aurore", "Équipe Horizon"]
    eclats = client.get(f"/api/sessions/{sid}/report/chart.svg?metric=eclats", headers=staff)
    assert eclats.status_code == 200 and "Éclats" in ET.fromstring(eclats.data).findtext(f"{SVG}desc", "")
    assert client.get(f"/api/sessions/{sid}/report/chart.svg?metric=autre", headers=staff).status_code == 422


def test_reports_are_for_staff_only_and_an_unknown_session_is_404(
    client: FlaskClient, staff: Headers, played: dict[str, Any]
) -> None:
    sid = played["game"]["id"]
    for path in (
        f"/api/sessions/{sid}/report",
        f"/api/sessions/{sid}/report.csv",
        f"/api/sessions/{sid}/report/chart.svg",
    ):
        assert client.get(path, headers=played["ines"]).status_code == 403, path
        assert client.get(path).status_code == 401, path
    for path in ("/api/sessions/9999/report", "/api/sessions/9999/report.csv", "/api/sessions/9999/report/chart.svg"):
        r = client.get(path, headers=staff)
        assert r.status_code == 404 and r.json["error"] == "no_session", path


def test_appointments_badges_and_a_disconnected_player(
    client: FlaskClient, staff: Headers, game: dict[str, Any]
) -> None:
    sid, aurore = game["id"], game["teams"][0]["id"]
    phones = {n: join(client, game["join_code"], n, aurore) for n in ("Inès", "Yanis", "-Léo")}
    ids = {p["nickname"]: p["id"] for p in client.get(f"/api/sessions/{sid}", headers=staff).json["players"]}
    open_day(client, staff, sid, 1)
    for name in ("Inès", "Yanis"):
        client.put("/api/me/badges/consent", json={"agree": True}, headers=phones[name])
    issued = client.post(f"/api/sessions/{sid}/badges", json={"skill_id": "cooperation",
                         "player_ids": [ids["Inès"], ids["Yanis"]]}, headers=staff).json["issued"]  # fmt: skip
    client.post(f"/api/sessions/{sid}/badges", json={"skill_id": "communication", "player_ids": [ids["Inès"]]},
                headers=staff)  # fmt: skip
    yanis_badge = next(a["id"] for a in issued if a["nickname"] == "Yanis")
    assert client.post(f"/api/badges/{yanis_badge}/revoke", json={"reason": "Erreur"}, headers=staff).status_code == 200
    assert client.post(f"/api/sessions/{sid}/players/{ids['Yanis']}/revoke", headers=staff).status_code == 200
    for day in range(2, 10):
        open_day(client, staff, sid, day)
    catalog = load_named_pack("default")
    for quest in playable_order(catalog, 9):
        act(client, phones["Inès"], quest.id, right_answer(quest))
    slots = client.post(f"/api/sessions/{sid}/slots", json={"local_start": f"{SOON:%Y-%m-%dT%H:%M}",
                        "duration_minutes": 30, "mode": "in_person", "place": "Bureau 3", "count": 2},
                        headers=staff).json  # fmt: skip
    booked = client.post("/api/me/appointment", json={"slot_id": slots[0]["id"], "note": "Mon projet"},
                         headers=phones["Inès"])  # fmt: skip
    assert booked.status_code == 201, booked.json

    report = client.get(f"/api/sessions/{sid}/report", headers=staff).json
    assert report["players_count"] == 2  # Yanis was disconnected
    assert (report["appointments"]["booked"], report["appointments"]["players"]) == (1, 2)
    [line] = report["appointments"]["items"]
    assert (line["nickname"], line["starts_at"][:16], line["mode_label"]) == (
        "Inès",
        SOON.isoformat()[:16],
        "sur place",
    )
    assert report["badges"]["issued"] == 2 and report["badges"]["revoked"] == 1
    by_skill = {b["skill_id"]: b for b in report["badges"]["by_skill"]}
    assert (by_skill["cooperation"]["issued"], by_skill["cooperation"]["revoked"]) == (1, 1)
    assert (by_skill["communication"]["name"], by_skill["communication"]["issued"]) == ("Communication", 1)
    rows = {p["nickname"]: p for p in report["players"]}
    assert rows["Inès"]["badges"] == ["Coopération", "Communication"] and rows["Inès"]["badges_count"] == 2
    assert rows["Inès"]["appointment"] is True and rows["Inès"]["appointment_at"][:16] == SOON.isoformat()[:16]
    assert rows["Yanis"]["revoked"] is True and rows["Yanis"]["badges"] == []
    # disconnected during day 1: the later days are not absences
    assert rows["Yanis"]["attendance"][1:9] == ["not_enrolled"] * 8 and rows["Yanis"]["attendance"][9] == "not_open"
    assert rows["Inès"]["attendance"][8] == "present"
    day9 = next(d for d in report["days"] if d["day"] == 9)
    assert (day9["present"], day9["enrolled"]) == (1, 2)
    assert [s["quests"][8] is not None for s in report["chart"]["series"]] == [True, True]

    text = client.get(f"/api/sessions/{sid}/report.csv", headers=staff).data.decode("utf-8-sig")
    rows_csv = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    by_name = {r["Pseudo"]: r for r in rows_csv}
    assert set(by_name) == {"Inès", "Yanis", "'-Léo"}  # a formula-like nickname is not run by Excel
    assert by_name["Inès"]["Rendez-vous"] == "oui"
    assert by_name["Inès"]["Date du rendez-vous"] == SOON.strftime("%d/%m/%Y %H:%M")
    assert by_name["Inès"]["Badges"] == "Coopération, Communication" and by_name["Inès"]["Badges (nombre)"] == "2"
    assert by_name["Yanis"]["Statut"] == "déconnecté" and by_name["Yanis"]["Jour 2"] == "—"


def test_a_session_not_started_yet_has_an_empty_report_and_the_api_documents_it(
    client: FlaskClient, staff: Headers, game: dict[str, Any]
) -> None:
    sid = game["id"]
    join(client, game["join_code"], "Maëlys", game["teams"][0]["id"])
    report = client.get(f"/api/sessions/{sid}/report", headers=staff).json
    assert [d["opened"] for d in report["days"]] == [False] * 10
    assert report["players"][0]["attendance"] == ["not_open"] * 10
    assert all(s["quests"] == [None] * 10 for s in report["chart"]["series"])
    assert report["appointments"] == {"booked": 0, "players": 1, "items": []}
    assert report["badges"] == {"issued": 0, "revoked": 0, "by_skill": []}
    svg = ET.fromstring(client.get(f"/api/sessions/{sid}/report/chart.svg", headers=staff).data)
    assert svg.findtext(f"{SVG}desc") == "Aucun jour n'est encore ouvert : rien à montrer."
    text = client.get(f"/api/sessions/{sid}/report.csv", headers=staff).data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows) == 2 and rows[1][0] == "Maëlys" and rows[1][3:13] == [""] * 10
    paths = client.get("/api/openapi.json").json["paths"]
    for path in ("report", "report.csv", "report/chart.svg"):
        assert f"/api/sessions/{{session_id}}/{path}" in paths
