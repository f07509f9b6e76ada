"""The skills incubator's first steps over REST: the young person's reflections and
consent, the evidence the game gathered and the facilitators' observations."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from api.extensions import db
from game.store.models import BadgeConsent

from ..conftest import join, open_day
from .helpers import right_answer

Headers = dict[str, str]


def test_reflections_follow_the_opened_days_and_can_be_rewritten(
    client: FlaskClient, staff: Headers, game: dict[str, Any]
) -> None:
    me = join(client, game["join_code"], "Inès", game["teams"][0]["id"])
    for day in (1, 2):
        open_day(client, staff, game["id"], day)
    assert client.get("/api/me/reflections", headers=me).json == []  # day 3 is the first with questions
    early = client.put("/api/me/reflections/3/0", json={"text": "Trop tôt"}, headers=me)
    assert early.status_code == 409
    open_day(client, staff, game["id"], 3)
    prompts = client.get("/api/me/reflections", headers=me).json
    assert [(p["day"], p["index"]) for p in prompts] == [(3, 0), (3, 1), (3, 2)]
    assert prompts[2]["question"] == "Qu'as-tu fait pour ton équipe ?" and prompts[2]["answer"] is None
    r = client.put("/api/me/reflections/3/2", json={"text": "J'ai lu les indices aux autres."}, headers=me)
    assert r.status_code == 200 and r.json["answer"] == "J'ai lu les indices aux autres."
    client.put("/api/me/reflections/3/2", json={"text": "J'ai expliqué le code."}, headers=me)
    assert client.get("/api/me/reflections", headers=me).json[2]["answer"] == "J'ai expliqué le code."
    assert client.put("/api/me/reflections/3/9", json={"text": "x"}, headers=me).status_code == 404
    assert client.put("/api/me/reflections/3/0", json={"text": "   "}, headers=me).status_code == 422


def test_consent_keeps_only_the_salted_hash_of_the_email(app: Flask, client: FlaskClient, game: dict[str, Any]) -> None:
    me = join(client, game["join_code"], "Inès", game["teams"][0]["id"])
    assert client.get("/api/me/badges/consent", headers=me).json["consented"] is False
    bad = client.put("/api/me/badges/consent", json={"agree": True, "email": "pas-une-adresse"}, headers=me)
    assert bad.status_code == 422 and "e-mail" in bad.json["message"]
    ok = client.put("/api/me/badges/consent", json={"agree": True, "email": "Ines.M@example.org "}, headers=me)
    assert ok.json == {**ok.json, "consented": True, "with_email": True}
    with app.app_context():
        row = db().scalar(select(BadgeConsent))
        assert row is not None and row.email_hash.startswith("sha256$") and len(row.salt or "") == 32
        assert "example" not in (row.email_hash or "")
    export = client.get("/api/me/data", headers=me).get_data(as_text=True)
    assert "example.org" not in export
    off = client.put("/api/me/badges/consent", json={"agree": False}, headers=me)
    assert off.json["consented"] is False


def test_the_facilitator_sees_evidence_reflections_and_adds_observations(
    client: FlaskClient, staff: Headers, game: dict[str, Any], catalog: Any
) -> None:
    team = game["teams"][0]["id"]
    ines = join(client, game["join_code"], "Inès", team)
    join(client, game["join_code"], "Yanis", team)
    open_day(client, staff, game["id"], 1)
    solved = next(q for q in catalog.quests_of_day(1) if q.skills and not q.prerequisites and q.kind.value == "riddle")
    assert client.post(f"/api/me/quests/{solved.id}/answer", json=right_answer(solved), headers=ines).json["correct"]
    players = client.get(f"/api/sessions/{game['id']}", headers=staff).json["players"]
    ines_id = next(p["id"] for p in players if p["nickname"] == "Inès")
    yanis_id = next(p["id"] for p in players if p["nickname"] == "Yanis")
    url = f"/api/sessions/{game['id']}/players/{ines_id}"
    seen = client.get(url + "/evidence", headers=staff).json
    by_skill = {s["skill_id"]: s for s in seen["skills"]}
    for skill in solved.skills:
        assert any(solved.title in i["label"] for i in by_skill[skill]["items"])
    yanis_seen = client.get(f"/api/sessions/{game['id']}/players/{yanis_id}/evidence", headers=staff).json
    assert all(not s["items"] for s in yanis_seen["skills"])  # the solve is Inès's, not Yanis's
    obs = client.post(
        url + "/observations",
        json={"skill_id": "communication", "text": "A expliqué la règle à deux nouveaux."},
        headers=staff,
    )
    assert obs.status_code == 201
    after = {s["skill_id"]: s for s in client.get(url + "/evidence", headers=staff).json["skills"]}
    assert [i["kind"] for i in after["communication"]["items"]][-1] == "observed"
    assert after["communication"]["is_badge"] and after["communication"]["criteria"]
    unknown = client.post(url + "/observations", json={"skill_id": "jonglage", "text": "x"}, headers=staff)
    assert unknown.status_code == 404
    assert client.get(url + "/evidence", headers=ines).status_code == 403  # staff only
