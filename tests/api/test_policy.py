"""The live API holds to the declared policy (api/policy.py).

Every route of the running app and every operation of its OpenAPI document has a line
in the table; every one is called as anonymous, a player of team A, a player of team B,
a player of another session, a counsellor and a facilitator, and the answer must match
the table: a caller the table leaves out gets 401 (no login) or 403 (the wrong kind of
account) and nothing changes; a caller it lets in is never refused for who they are.
Objects are held too: ids of another session, team, player or counsellor's slot in the
path or the body are « introuvable », never acted on.

Organisations (issue 16): the world has a second Mission Locale with its own facilitator
and counsellor, and the installation's administrator. Every staff operation is called by
the other Mission Locale's staff on the first one's objects: where the path names one,
the answer is « introuvable » exactly as for a missing object, and nothing changes.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from api import create_app
from api.extensions import db, engine, socketio
from api.policy import REST, SOCKETS, On, Rule, Who, rest_rule
from content.catalog import Catalog, QuestKind
from content.loader import load_named_pack, use_local_packs
from game.services import organisations
from game.services.accounts import create_facilitator
from game.store.db import upgrade
from game.store.models import Facilitator, Player

from ..conftest import STAFF_PASSWORD, bearer, create_session, join, open_day
from .helpers import first_of, solve_with_prerequisites

Headers = dict[str, str]
CALLERS = ("anonymous", "player_a", "player_b", "player_x", "counsellor", "facilitator", "admin",
           "other_facilitator", "other_counsellor")  # fmt: skip
ROLE_OF = {
    "anonymous": Who.ANYONE,
    "player_a": Who.PLAYER,
    "player_b": Who.PLAYER,
    "player_x": Who.PLAYER,
    "counsellor": Who.COUNSELLOR,
    "facilitator": Who.FACILITATOR,
    "admin": Who.ADMIN,  # the installation's administrator, of the first Mission Locale
    "other_facilitator": Who.FACILITATOR,  # staff of the second Mission Locale
    "other_counsellor": Who.COUNSELLOR,
}
OTHER_ORGANISATION = ("other_facilitator", "other_counsellor")
# an object of the first Mission Locale that nobody has: what « introuvable » looks like
MISSING = {"session_id": "999999", "team_id": "999999", "submission_id": "999999",
           "public_id": "11111111-1111-1111-1111-111111111111", "pack": "pack-inconnu"}  # fmt: skip


@dataclass
class World:
    """Two sessions; in the first, teams A and B; in the second, team X. A counsellor
    with a slot in the first session, the facilitator with another. A badge of player A.
    A second Mission Locale with its own facilitator, counsellor and session (team Y,
    player Y); the installation's administrator in the first."""

    headers: dict[str, Headers]
    s1: dict[str, Any]
    s2: dict[str, Any]
    ids: dict[str, int]
    params: dict[str, str]


def _slot(client: FlaskClient, headers: Headers, session_id: int, hours: int) -> int:
    start = (datetime.now() + timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    start += timedelta(hours=hours)  # a wall time of the installation's zone (Europe/Paris), by day
    r = client.post(
        f"/api/sessions/{session_id}/slots",
        json={"local_start": f"{start:%Y-%m-%dT%H:%M}", "duration_minutes": 30, "mode": "phone", "count": 1},
        headers=headers,
    )
    assert r.status_code == 201, r.json
    return int(r.json[0]["id"])


def _login(client: FlaskClient, username: str, password: str = STAFF_PASSWORD) -> Headers:
    r = client.post("/api/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.json
    return bearer(r.json["token"])


def build_world(app: Flask, client: FlaskClient, catalog: Catalog, pack_copy: bool = False) -> World:
    with app.app_context():
        at = datetime(2026, 11, 1)
        create_facilitator(db(), "claire", STAFF_PASSWORD, "Claire", at)
        organisations.create_account(db(), organisations.DEFAULT_ID, "ada", STAFF_PASSWORD, "Ada", "admin", at)
        lille = organisations.create_organisation(db(), "ml-lille", "Mission Locale de Lille", at)
        organisations.create_account(db(), lille.id, "olivia", STAFF_PASSWORD, "Olivia", "facilitator", at)
        db().commit()
        lille_id = lille.id
    facilitator = _login(client, "claire")
    other = _login(client, "olivia")
    r = client.post(
        "/api/counsellors",
        json={"username": "oscar", "display_name": "Oscar", "password": "conseil-solide"},
        headers=other,
    )  # a counsellor of the second Mission Locale, made by its facilitator
    assert r.status_code == 201, r.json
    sy = create_session(client, other, name="Groupe de Lille", players_choose_team=True)
    py = join(client, sy["join_code"], "Noé", sy["teams"][0]["id"])
    r = client.post(
        "/api/counsellors",
        json={"username": "karim", "display_name": "Karim", "password": "conseil-solide"},
        headers=facilitator,
    )
    assert r.status_code == 201, r.json
    counsellor = bearer(
        client.post("/api/auth/login", json={"username": "karim", "password": "conseil-solide"}).json["token"]
    )
    s1 = create_session(client, facilitator, players_choose_team=True)
    s2 = create_session(client, facilitator, name="Groupe du jeudi", players_choose_team=True)
    team_a, team_b = s1["teams"][0]["id"], s1["teams"][1]["id"]
    team_x = s2["teams"][0]["id"]
    pa = join(client, s1["join_code"], "Inès", team_a)
    pb = join(client, s1["join_code"], "Yanis", team_b)
    px = join(client, s2["join_code"], "Lina", team_x)
    for s in (s1, s2):
        open_day(client, facilitator, s["id"], 1)
    text_quest = first_of(catalog, QuestKind.FREE_TEXT, day=1, free=False)
    solve_with_prerequisites(client, catalog, pa, text_quest.id)  # an answer waiting for review in each session
    solve_with_prerequisites(client, catalog, px, text_quest.id)
    subs1 = client.get(f"/api/sessions/{s1['id']}/submissions", headers=facilitator).json
    subs2 = client.get(f"/api/sessions/{s2['id']}/submissions", headers=facilitator).json
    client.put("/api/me/badges/consent", json={"agree": True}, headers=pa)
    skill = catalog.skills[0].id if catalog.skills else "communication"
    pa_id = _me(client, pa)
    issued = client.post(
        f"/api/sessions/{s1['id']}/badges", json={"skill_id": skill, "player_ids": [pa_id]}, headers=facilitator
    )
    assert issued.status_code == 201, issued.json
    pack = "default"
    if pack_copy:  # a copy of the first Mission Locale's (helper ORG-SETTINGS: packs per organisation)
        copied = client.post("/api/packs/default/copy", json={"name": "ville-une"}, headers=facilitator)
        assert copied.status_code == 201, copied.json
        pack = "ville-une"
    ids = {
        "player_a": pa_id,
        "player_b": client.get("/api/me", headers=pb).json["player"]["id"],
        "player_x": client.get("/api/me", headers=px).json["player"]["id"],
        "team_a": team_a,
        "team_x": team_x,
        "slot_counsellor": _slot(client, counsellor, s1["id"], 0),
        "slot_facilitator": _slot(client, facilitator, s1["id"], 2),
        "slot_x": _slot(client, facilitator, s2["id"], 4),
        "submission": subs1[0]["id"],
        "submission_x": subs2[0]["id"],
        "organisation": lille_id,
        "session_y": sy["id"],
        "team_y": sy["teams"][0]["id"],
        "player_y": _me(client, py),
    }
    place = catalog.places[0].id
    params = {
        "session_id": str(s1["id"]),
        "player_id": str(ids["player_a"]),
        "team_id": str(team_a),
        "slot_id": str(ids["slot_counsellor"]),
        "submission_id": str(ids["submission"]),
        "alert_id": "1",
        "code": s1["join_code"],
        "quest_id": text_quest.id,
        "pack": pack,
        "skill_id": skill,
        "place_id": place,
        "public_id": _badges(client, pa)[0]["id"],
        "organisation_id": str(lille_id),
        "account_id": str(_account_id(app, "olivia")),
        "day": "1",
        "index": "0",
        "round": "1",
        "filename": "shared/dom.js",
    }
    return World({"anonymous": {}, "player_a": pa, "player_b": pb, "player_x": px, "counsellor": counsellor,
                  "facilitator": facilitator, "admin": _login(client, "ada"), "other_facilitator": other,
                  "other_counsellor": _login(client, "oscar", "conseil-solide"), "player_y": py},
                 s1, s2, ids, params)  # fmt: skip


def _me(client: FlaskClient, phone: Headers) -> int:
    return int(client.get("/api/me", headers=phone).json["player"]["id"])


def _badges(client: FlaskClient, phone: Headers) -> list[dict[str, Any]]:
    return list(client.get("/api/me/badges", headers=phone).json["badges"])


def _account_id(app: Flask, username: str) -> int:
    with app.app_context():
        found = db().scalar(select(Facilitator.id).where(Facilitator.username == username))
        db().close()
    assert found is not None
    return int(found)


def _routes(app: Flask) -> list[tuple[str, str]]:
    return sorted(
        (m, r.rule) for r in app.url_map.iter_rules() for m in (r.methods or ()) if m not in ("HEAD", "OPTIONS")
    )


def _url(rule: str, params: dict[str, str]) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", lambda m: params[m.group(1)], rule)


def _call(client: FlaskClient, method: str, url: str, headers: Headers) -> Any:
    body = {} if method in ("POST", "PUT", "PATCH") else None
    return client.open(url, method=method, json=body, headers=headers)


def _openapi_rules(client: FlaskClient) -> list[tuple[str, str]]:
    doc = client.get("/api/openapi.json").json
    out = []
    for path, ops in doc["paths"].items():
        for method in ops:
            if method in ("get", "post", "put", "patch", "delete"):
                out.append((method.upper(), path))
    return out


def test_every_route_and_every_documented_operation_has_a_line_in_the_policy(app: Flask, client: FlaskClient) -> None:
    routes = _routes(app)
    assert [f"{m} {r}" for m, r in routes if rest_rule(m, r) is None] == []
    # the OpenAPI document writes {session_id} where the table writes Flask's <int:session_id>
    declared = {re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", key) for key in REST}
    documented = _openapi_rules(client)
    assert len(documented) > 50
    assert [f"{m} {p}" for m, p in documented if f"{m} {p}" not in declared] == []
    # and nothing in the table is stale: every line is a live route
    live = {f"{m} {r}" for m, r in routes}
    assert sorted(set(REST) - live) == []


def test_the_server_refuses_to_start_with_a_route_missing_from_the_policy(tmp_path: Any) -> None:
    from api.policy import missing_routes

    assert missing_routes([("GET", "/api/secret/<int:x>")]) == ["GET /api/secret/<int:x>"]
    assert missing_routes([("GET", "/api/me")]) == []


def _allowed(rule: Rule, caller: str) -> bool:
    """What the table says of this caller (an administrator is also a facilitator)."""
    return rule.public or rule.admits(ROLE_OF[caller])


def _expect(rule: Rule, caller: str, status: int, what: str) -> None:
    allowed = _allowed(rule, caller)
    if allowed:
        assert status not in (401, 403), f"{what}: {caller} is allowed by the policy but got {status}"
    else:
        expected = 401 if caller == "anonymous" else 403
        assert status == expected, f"{what}: {caller} must get {expected} (policy {sorted(rule.who)}), got {status}"


GUARDED = sorted(k for k, rule in REST.items() if not rule.public)


def _app_on(folder: Path) -> Flask:
    return create_app(
        {"TESTING": True, "INSTANCE_DIR": folder, "DATABASE_URL": f"sqlite:///{folder / 'test.db'}",
         "UPLOAD_DIR": folder / "uploads", "PUBLIC_URL": "http://eclats.test"}
    )  # fmt: skip


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, catalog_module: Catalog) -> Iterator[tuple[Path, World]]:
    """The world is built once; each operation gets its own copy of its instance folder
    (database, secret), so that a destructive call cannot spoil the next one."""
    folder = tmp_path_factory.mktemp("policy-world")
    app = _app_on(folder)
    with app.app_context():
        upgrade(engine())
    world = build_world(app, app.test_client(), catalog_module, pack_copy=True)
    app.extensions["eclats.engine"].dispose()
    use_local_packs(None)
    yield folder, world


@pytest.fixture(scope="module")
def catalog_module() -> Catalog:
    return load_named_pack("default")


@pytest.mark.parametrize("operation", GUARDED)
def test_every_guarded_operation_answers_each_caller_as_the_policy_says(
    template: tuple[Path, World], tmp_path: Path, operation: str
) -> None:
    folder = tmp_path / "copy"
    shutil.copytree(template[0], folder)
    world = template[1]
    app = _app_on(folder)
    client = app.test_client()
    method, rule_path = operation.split(" ", 1)
    rule = REST[operation]
    url = _url(rule_path, world.params)
    # the refused first (they must change nothing), then the other Mission Locale's
    # staff, then the allowed
    order = sorted(CALLERS, key=lambda c: (_allowed(rule, c), c not in OTHER_ORGANISATION))
    foreign = rule.on.within_organisation and _names_an_object(rule_path)
    for caller in order:
        before = _state(app)
        r = _call(client, method, url, world.headers[caller])
        _expect(rule, caller, r.status_code, operation)
        if r.status_code in (401, 403):
            assert r.json.get("message"), "a refusal says why, in French"
            assert _state(app) == before, f"{operation}: a refused {caller} changed something"
        if caller in OTHER_ORGANISATION and foreign and _allowed(rule, caller):
            # the first Mission Locale's object: exactly what a missing one answers
            missing = _call(client, method, _url(rule_path, {**world.params, **MISSING}), world.headers[caller])
            said = str(missing.json.get("message", "")).replace(MISSING["pack"], world.params["pack"])  # names it
            assert (r.status_code, r.json) == (404, {**missing.json, "message": said}), (
                f"{operation} as {caller}: {r.status_code} {r.json}"
            )
            assert _state(app) == before, f"{operation}: {caller} of another organisation changed something"
    app.extensions["eclats.engine"].dispose()
    use_local_packs(None)


def _names_an_object(rule_path: str) -> bool:
    """Whether the path names an object held to an organisation (game/services/organisations.py)."""
    return any(f"{name}>" in rule_path for name in organisations.REACH)


def _state(app: Flask) -> tuple[Any, ...]:
    """A fingerprint of what a refused call could have changed."""
    from game.store.models import AppointmentSlot, Award, GameSession, Submission, Team
    from game.store.organisations import Organisation

    with app.app_context():
        s = db()
        out = (
            s.scalar(select(func.count()).select_from(Player)),
            s.scalar(select(func.count()).select_from(Player).where(Player.revoked_at.is_not(None))),
            tuple(
                s.execute(
                    select(GameSession.id, GameSession.status, GameSession.join_code, GameSession.joining_open)
                ).all()
            ),
            s.scalar(select(func.count()).select_from(Team)),
            s.scalar(select(func.count()).select_from(AppointmentSlot)),
            tuple(s.execute(select(Submission.id, Submission.status)).all()),
            tuple(s.execute(select(Award.id, Award.revoked_at)).all()),
            tuple(s.execute(select(Facilitator.id, Facilitator.organisation_id, Facilitator.disabled_at)).all()),
            tuple(s.execute(select(Organisation.id, Organisation.name)).all()),
        )
        s.close()
    return out


# ------------------------------------------------------------------ objects


def test_a_facilitator_reaches_nothing_of_another_session_through_a_path(
    app: Flask, client: FlaskClient, catalog: Catalog
) -> None:
    """The session in the path is the scope: a player, team or slot of another session
    is not found, and nothing happens to it."""
    w = build_world(app, client, catalog)
    f = w.headers["facilitator"]
    foreign = {**w.params, "player_id": str(w.ids["player_x"]), "team_id": str(w.ids["team_x"]),
               "slot_id": str(w.ids["slot_x"])}  # fmt: skip
    checked = 0
    for key, rule in REST.items():
        method, path = key.split(" ", 1)
        if rule.on not in (On.SESSION, On.OWN_SLOTS) or not re.search(r"<int:(player_id|team_id|slot_id)>", path):
            continue
        before = _state(app)
        r = _call(client, method, _url(path, foreign), f)
        assert r.status_code in (404, 422), f"{key} with another session's object: {r.status_code}"
        if r.status_code == 404:
            assert _state(app) == before
        checked += 1
    assert checked >= 9
    # a team of another session in the body
    moved = client.patch(
        f"/api/sessions/{w.s1['id']}/players/{w.ids['player_a']}", json={"team_id": w.ids["team_x"]}, headers=f
    )
    assert moved.status_code in (404, 409, 422)
    assert client.get("/api/me", headers=w.headers["player_a"]).json["team"]["id"] == w.ids["team_a"]
    # a player of another session in the body
    body = {"skill_id": w.params["skill_id"], "player_ids": [w.ids["player_x"]]}
    badge = client.post(f"/api/sessions/{w.s1['id']}/badges", json=body, headers=f)
    assert badge.status_code == 404
    assert client.get("/api/me/badges", headers=w.headers["player_x"]).json["badges"] == []


def test_a_counsellor_sees_and_changes_only_their_own_slots(app: Flask, client: FlaskClient, catalog: Catalog) -> None:
    w = build_world(app, client, catalog)
    c, f = w.headers["counsellor"], w.headers["facilitator"]
    s1 = w.s1["id"]
    agenda = client.get(f"/api/sessions/{s1}/agenda", headers=c).json
    assert [line["id"] for line in agenda] == [w.ids["slot_counsellor"]]
    # the facilitator sees both
    assert len(client.get(f"/api/sessions/{s1}/agenda", headers=f).json) == 2
    # another's slot: not found, still there
    gone = client.delete(f"/api/sessions/{s1}/slots/{w.ids['slot_facilitator']}", headers=c)
    assert gone.status_code == 404
    assert len(client.get(f"/api/sessions/{s1}/agenda", headers=f).json) == 2
    # publishing in someone else's name is refused
    start = f"{datetime.now() + timedelta(days=5):%Y-%m-%d}T11:00"
    with app.app_context():
        claire = db().scalar(select(Facilitator.id).where(Facilitator.username == "claire"))
    r = client.post(
        f"/api/sessions/{s1}/slots",
        json={"local_start": start, "duration_minutes": 30, "mode": "phone", "place": "", "count": 1,
              "counsellor_id": claire},
        headers=c,
    )  # fmt: skip
    assert r.status_code == 403 and "vos propres créneaux" in r.json["message"]
    # their own slot goes
    assert client.delete(f"/api/sessions/{s1}/slots/{w.ids['slot_counsellor']}", headers=c).status_code == 204
    # the list of sessions, without the join codes
    listed = client.get("/api/sessions", headers=c).json
    assert {s["id"] for s in listed} == {w.s1["id"], w.s2["id"]}
    assert all(s["join_code"] is None for s in listed)


def test_a_player_cannot_book_a_slot_of_another_session(app: Flask, client: FlaskClient, catalog: Catalog) -> None:
    w = build_world(app, client, catalog)
    r = client.post(
        "/api/me/appointment", json={"slot_id": w.ids["slot_x"], "note": "Parler de mon CV.", "offers": []},
        headers=w.headers["player_a"],
    )  # fmt: skip
    assert r.status_code in (404, 409)
    assert client.get("/api/me/appointment", headers=w.headers["player_a"]).json["booked"] is False


def test_a_counsellor_token_passes_none_of_the_operations_that_were_open_to_it(
    app: Flask, client: FlaskClient, catalog: Catalog
) -> None:
    """The measured defect: a counsellor passed every facilitator-only operation."""
    w = build_world(app, client, catalog)
    c = w.headers["counsellor"]
    s1, pa = w.s1["id"], w.ids["player_a"]
    for method, url, body in [
        ("DELETE", f"/api/sessions/{s1}/players/{pa}", None),
        ("GET", f"/api/sessions/{s1}/players/{pa}/export", None),
        ("GET", f"/api/submissions/{w.ids['submission']}/photo", None),
        ("POST", f"/api/sessions/{s1}/players/{pa}/revoke", None),
        ("POST", "/api/sessions", {"name": "x", "pack": "default", "start_date": "2027-01-04"}),
        ("POST", "/api/counsellors", {"username": "z", "display_name": "z", "password": "12345678"}),
        ("POST", f"/api/submissions/{w.ids['submission']}/review", {"verdict": "approved", "comment": "", "bonus": 0}),
        ("GET", f"/api/sessions/{s1}", None),
    ]:
        r = client.open(url, method=method, json=body, headers=c)
        assert r.status_code == 403, (method, url, r.status_code)
    assert client.get("/api/me", headers=w.headers["player_a"]).status_code == 200


# ------------------------------------------------------------------ sockets


def test_every_socket_event_has_a_line_in_the_policy(app: Flask) -> None:
    registered = {
        f"{ns} {event}"
        for ns, handlers in socketio.server.handlers.items()
        for event in handlers
        if event not in ("disconnect",)
    }
    assert sorted(registered - set(SOCKETS)) == []
    assert sorted(set(SOCKETS) - registered) == []


def _connect(app: Flask, client: FlaskClient, ns: str, headers: Headers) -> Any:
    token = headers.get("Authorization", " ").split(" ", 1)[1]
    return socketio.test_client(app, namespace=ns, auth={"token": token}, flask_test_client=client)


FOREIGN_TO_MISSING = {"watch": {"session_id": 999999}, "announce": {"session_id": 999999},
                      "team_message": {"team_id": 999999}}  # fmt: skip


def test_sockets_open_and_answer_as_the_policy_says(app: Flask, client: FlaskClient, catalog: Catalog) -> None:
    w = build_world(app, client, catalog)
    payloads = {
        "answer": {"quest_id": w.params["quest_id"], "answer": "x", "client_id": "c" * 16},
        "hint": {"quest_id": w.params["quest_id"], "client_id": "d" * 16},
        "piece": {"quest_id": w.params["quest_id"], "value": "1", "client_id": "e" * 16},
        "checkin": {
            "quest_id": w.params["quest_id"],
            "latitude": 50.6,
            "longitude": 3.06,
            "accuracy": 10,
            "taken_at": datetime.now().isoformat(),
            "client_id": "f" * 16,
        },
        "checkin_qr": {"quest_id": w.params["quest_id"], "code": "ABCDEF", "client_id": "g" * 16},
        "sync": {},
        "round_answer": {"choice": 0},
        "watch": {"session_id": w.s2["id"]},
        "announce": {"session_id": w.s1["id"], "text": "Pause de 10 minutes."},
        "team_message": {"team_id": w.ids["team_a"], "text": "Bravo l'équipe !"},
    }
    for ns in ("/player", "/staff"):
        connect_rule = SOCKETS[f"{ns} connect"]
        for caller in CALLERS:
            sio = _connect(app, client, ns, w.headers[caller])
            allowed = _allowed(connect_rule, caller)
            assert sio.is_connected(ns) is allowed, f"{ns} connect as {caller}"
            if not allowed:
                continue
            for key, rule in SOCKETS.items():
                event_ns, event = key.split(" ")
                if event_ns != ns or event == "connect":
                    continue
                ack = sio.emit(event, payloads[event], namespace=ns, callback=True)
                assert ack is not None, key
                status = 200 if ack["ok"] else ack["status"]
                _expect(rule, caller, status, key)
                if caller in OTHER_ORGANISATION and _allowed(rule, caller):
                    # the first Mission Locale's session or team: exactly as a missing one
                    missing = sio.emit(event, {**payloads[event], **FOREIGN_TO_MISSING[event]}, namespace=ns,
                                       callback=True)  # fmt: skip
                    assert ack == missing and status == 404, f"{key} as {caller}: {ack}"
            sio.disconnect(ns)
