"""The facilitator's side of the REST API."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from ..conftest import STAFF_PASSWORD, bearer, create_session, join, open_day


def test_login_with_wrong_password_is_refused_in_french(client: FlaskClient, staff: dict[str, str]) -> None:
    r = client.post("/api/auth/login", json={"username": "claire", "password": "nope"})
    assert r.status_code == 401
    assert r.json["message"] == "Identifiant ou mot de passe incorrect."
    assert client.post("/api/auth/login", json={"username": "CLAIRE", "password": STAFF_PASSWORD}).status_code == 200


def test_staff_endpoints_need_a_valid_token(client: FlaskClient) -> None:
    assert client.get("/api/sessions").status_code == 401
    assert client.get("/api/sessions", headers=bearer("forged")).status_code == 401
    assert client.post("/api/sessions", json={}).status_code == 401  # 401 before validation


def test_logout_revokes_the_token(client: FlaskClient, staff: dict[str, str]) -> None:
    assert client.get("/api/auth/me", headers=staff).json["username"] == "claire"
    assert client.post("/api/auth/logout", headers=staff).status_code == 204
    assert client.get("/api/auth/me", headers=staff).status_code == 401


def test_player_token_cannot_act_as_staff(client: FlaskClient, game: dict[str, Any]) -> None:
    player = join(client, game["join_code"], "Lina", game["teams"][0]["id"])
    assert client.get("/api/sessions", headers=player).status_code == 403


def test_create_session_gives_code_teams_and_ten_days(client: FlaskClient, staff: dict[str, str]) -> None:
    s = create_session(client, staff, teams=["Les Lynx", "Les Orques", "Les Faucons"])
    assert len(s["join_code"]) == 6 and s["status"] == "draft" and s["current_day"] == 0
    # teams come in leaderboard order: all tied at the start, so by name
    assert [t["name"] for t in s["teams"]] == ["Les Faucons", "Les Lynx", "Les Orques"]
    assert {t["rank"] for t in s["teams"]} == {1}
    assert s["join_url"] == f"http://eclats.test/j/{s['join_code']}"
    assert [d["number"] for d in s["days"]] == list(range(1, 11))
    assert [d["autonomous"] for d in s["days"]][5:7] == [True, True]
    assert s["days"][0]["date"] == "2026-11-23" and s["days"][9]["date"] == "2026-12-02"
    listed = client.get("/api/sessions", headers=staff).json
    assert [x["id"] for x in listed] == [s["id"]]


def test_bad_session_input_names_the_field_and_writes_nothing(client: FlaskClient, staff: dict[str, str]) -> None:
    cases = [
        ({"pack": "default", "start_date": "2026-11-23"}, "name"),
        ({"name": "G", "start_date": "23/11/2026"}, "start_date"),
        ({"name": "G", "start_date": "2026-11-23", "pack": "../../etc"}, "pack"),
        ({"name": "G", "start_date": "2026-11-23", "teams": ["A", "a"]}, "équipes"),
        ({"name": "G", "start_date": "2026-11-23", "teams": []}, "teams"),
        ({"name": "G", "start_date": "2026-11-23", "surprise": 1}, "surprise"),
    ]
    for body, named in cases:
        r = client.post("/api/sessions", json=body, headers=staff)
        assert r.status_code == 422, (body, r.json)
        assert named in r.json["message"], r.json
    assert client.get("/api/sessions", headers=staff).json == []


def test_not_json_body_is_a_clear_4xx(client: FlaskClient, staff: dict[str, str]) -> None:
    r = client.post("/api/sessions", data="name=x", headers={**staff, "Content-Type": "text/plain"})
    assert 400 <= r.status_code < 500 and r.json["message"]
    broken = client.post("/api/sessions", data="{oops", headers={**staff, "Content-Type": "application/json"})
    assert broken.status_code == 400 and "pas du JSON valide" in broken.json["message"]
    assert client.get("/api/sessions", headers=staff).json == []
    unknown = client.get("/api/nulle-part")
    assert unknown.status_code == 404 and unknown.json["message"] == "Introuvable."


def test_days_open_in_order_pause_and_resume(client: FlaskClient, staff: dict[str, str], game: dict[str, Any]) -> None:
    sid = game["id"]
    r = client.post(f"/api/sessions/{sid}/days", json={"day": 2}, headers=staff)
    assert r.status_code == 409 and "jour 1" in r.json["message"]
    opened = open_day(client, staff, sid, 1)
    assert opened["status"] == "running" and opened["current_day"] == 1
    assert opened["days"][0]["opened_at"] is not None and opened["days"][1]["opened_at"] is None
    # a double click on "open day 1" does not skip a day
    assert client.post(f"/api/sessions/{sid}/days", json={"day": 1}, headers=staff).status_code == 409
    paused = client.post(f"/api/sessions/{sid}/pause", headers=staff).json
    assert paused["status"] == "paused"
    assert client.post(f"/api/sessions/{sid}/days", json={"day": 2}, headers=staff).status_code == 409
    assert client.post(f"/api/sessions/{sid}/resume", headers=staff).json["status"] == "running"
    assert open_day(client, staff, sid, 2)["current_day"] == 2
    assert client.post(f"/api/sessions/{sid}/finish", headers=staff).status_code == 409


def test_unknown_session_is_404(client: FlaskClient, staff: dict[str, str]) -> None:
    r = client.get("/api/sessions/999", headers=staff)
    assert r.status_code == 404 and r.json["message"] == "Cette session n'existe pas."


def test_teams_can_be_added_and_players_moved(client: FlaskClient, staff: dict[str, str], game: dict[str, Any]) -> None:
    sid = game["id"]
    r = client.post(f"/api/sessions/{sid}/teams", json={"name": "Équipe Comète"}, headers=staff)
    assert r.status_code == 201
    comet = r.json["id"]
    assert client.post(f"/api/sessions/{sid}/teams", json={"name": "équipe comète"}, headers=staff).status_code == 409
    join(client, game["join_code"], "Sam", game["teams"][0]["id"])
    detail = client.get(f"/api/sessions/{sid}", headers=staff).json
    sam = detail["players"][0]
    moved = client.patch(f"/api/sessions/{sid}/players/{sam['id']}", json={"team_id": comet}, headers=staff)
    assert moved.status_code == 200 and moved.json["team_name"] == "Équipe Comète"
    wrong = client.patch(f"/api/sessions/{sid}/players/{sam['id']}", json={"team_id": 9999}, headers=staff)
    assert wrong.status_code == 422
    teams = {
        t["name"]: [m["nickname"] for m in t["members"]]
        for t in client.get(f"/api/sessions/{sid}", headers=staff).json["teams"]
    }
    assert teams["Équipe Comète"] == ["Sam"]


def test_revoked_player_is_logged_out(client: FlaskClient, staff: dict[str, str], game: dict[str, Any]) -> None:
    player = join(client, game["join_code"], "Noé", game["teams"][0]["id"])
    assert client.get("/api/me", headers=player).status_code == 200
    pid = client.get("/api/me", headers=player).json["player"]["id"]
    r = client.post(f"/api/sessions/{game['id']}/players/{pid}/revoke", headers=staff)
    assert r.status_code == 200 and r.json["revoked"] is True
    gone = client.get("/api/me", headers=player)
    assert gone.status_code == 401 and "animateur" in gone.json["message"]
    # the nickname is free again, and the team count no longer includes them
    join(client, game["join_code"], "Noé", game["teams"][0]["id"])


def test_join_qr_code_is_an_svg_of_the_join_link(client: FlaskClient, game: dict[str, Any]) -> None:
    r = client.get(f"/api/join/{game['join_code']}/qr.svg")
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    assert b"<svg" in r.data and b"<path" in r.data


def test_packs_are_listed_with_their_size(client: FlaskClient, staff: dict[str, str]) -> None:
    packs = {p["name"]: p for p in client.get("/api/packs", headers=staff).json}
    assert packs["default"]["offers"] == 25 and packs["default"]["days"] == 10
    assert packs["default"]["organisation"] == "Mission Locale Lille Avenirs"


def test_openapi_document_and_browsable_docs_are_served_locally(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json
    assert spec["info"]["title"] == "Éclats API"
    assert "/api/me/quests/{quest_id}/answer" in spec["paths"]
    docs = client.get("/api/docs").get_data(as_text=True)
    assert "/static/vendor/swagger-ui-" in docs and "//cdn" not in docs and "unpkg" not in docs
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"):
        src = docs.split("/static/vendor/")[1].split("/")[0]
        served = client.get(f"/static/vendor/{src}/{asset}")
        served.close()
        assert served.status_code == 200, asset


def test_pages_are_served(client: FlaskClient, game: dict[str, Any]) -> None:
    for path in ("/", f"/j/{game['join_code']}", "/console"):
        r = client.get(path)
        body = r.data
        r.close()
        assert r.status_code == 200 and b'lang="fr"' in body, path
        assert "script-src 'self'" in r.headers["Content-Security-Policy"]


def test_a_player_can_be_exported_then_erased_and_the_team_keeps_its_progress(
    client: FlaskClient, staff: dict[str, str], game: dict[str, Any]
) -> None:
    sid = game["id"]
    leo = join(client, game["join_code"], "Léo", game["teams"][0]["id"])
    pid = client.get("/api/me", headers=leo).json["player"]["id"]
    exported = client.get(f"/api/sessions/{sid}/players/{pid}/export", headers=staff)
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    assert exported.json["pseudo"] == "Léo" and exported.json["reponses"] == []
    assert client.get(f"/api/sessions/{sid}/players/{pid}/export").status_code == 401
    assert client.delete(f"/api/sessions/{sid}/players/{pid}", headers=staff).status_code == 204
    assert client.get("/api/me", headers=leo).status_code == 401
    detail = client.get(f"/api/sessions/{sid}", headers=staff).json
    assert detail["players"] == [] and len(detail["teams"]) == 2
    assert client.delete(f"/api/sessions/{sid}/players/{pid}", headers=staff).status_code == 404


def test_validation_messages_are_in_french(client: FlaskClient, staff: dict[str, str], game: dict[str, Any]) -> None:
    r = client.post("/api/sessions", json={"name": "", "start_date": "2026-11-23"}, headers=staff)
    assert r.status_code == 422
    assert r.json["message"] == "Données invalides — « name » : doit faire entre 1 et 120 caractères (ou éléments)."
    assert r.json["errors"] == {"json": {"name": ["doit faire entre 1 et 120 caractères (ou éléments)"]}}
    r = client.post(f"/api/sessions/{game['id']}/days", json={"day": 11}, headers=staff)
    assert r.json["message"] == "Données invalides — « day » : doit être entre 1 et 10."


def test_phone_app_assets_are_gzipped_for_weak_connections(client: FlaskClient) -> None:
    import gzip

    r = client.get("/static/player/app.js", headers={"Accept-Encoding": "gzip, deflate"})
    body = r.data
    r.close()
    assert r.status_code == 200 and r.headers.get("Content-Encoding") == "gzip"
    assert len(body) * 2 < len(gzip.decompress(body))
    api = client.get("/api/openapi.json", headers={"Accept-Encoding": "gzip, deflate"})
    assert api.headers.get("Content-Encoding") == "gzip"


def test_join_link_uses_the_network_address_when_the_console_runs_on_localhost(app: Any, staff: dict[str, str]) -> None:
    app.config.update(PUBLIC_URL="", LAN_URL="http://192.168.1.20:5000")
    local = app.test_client()
    s = local.post(
        "/api/sessions", json={"name": "G", "start_date": "2026-11-23"}, headers=staff, base_url="http://localhost:5000"
    ).json
    assert s["join_url"] == f"http://192.168.1.20:5000/j/{s['join_code']}"
    remote = local.get(f"/api/sessions/{s['id']}", headers=staff, base_url="http://eclats.ml-lille.fr").json
    assert remote["join_url"] == f"http://eclats.ml-lille.fr/j/{s['join_code']}"


def test_password_work_goes_through_the_runner_the_server_installs(client: FlaskClient, staff: dict[str, str]) -> None:
    # ``eclats serve`` hands argon2 to a real thread so a login does not stall live play;
    # whatever runner is installed, a good password logs in and a bad one is refused
    from game.services import accounts

    calls: list[str] = []
    raised: list[BaseException] = []

    def runner(fn: Any, *args: Any) -> Any:
        calls.append(fn.__name__)
        try:
            return fn(*args)
        except BaseException as exc:  # gevent's pool printed a traceback for each of these
            raised.append(exc)
            raise

    accounts.use_password_runner(runner)
    try:
        ok = client.post("/api/auth/login", json={"username": "claire", "password": STAFF_PASSWORD})
        bad = client.post("/api/auth/login", json={"username": "claire", "password": "pas le bon mot de passe"})
    finally:
        accounts.use_password_runner(lambda fn, *args: fn(*args))
    assert ok.status_code == 200 and ok.json["token"]
    assert bad.status_code == 401 and "incorrect" in bad.json["message"]
    assert calls == ["_matches", "_matches"]
    assert raised == []  # a wrong password is an answer from the worker thread, not an exception
