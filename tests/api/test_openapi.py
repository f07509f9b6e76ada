"""The OpenAPI document tells the truth: schemathesis, a tool nobody here wrote, reads
the live server's document, generates valid and invalid requests for every operation,
and fails on a server error or on any answer the document does not announce (status,
content type, body, headers, ``Allow`` on a 405, an operation that ignores its
declared login).

It runs twice against one real ``eclats serve`` (gevent, file SQLite): with a young
person's token, then with a facilitator's, and over the installation administrator's
routes with an administrator's. The run is bounded (a fixed number of
examples per operation and a fixed seed, so CI sees the same requests every time; set
``ECLATS_SCHEMATHESIS_SEED`` to explore others)."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from content.loader import load_named_pack
from tests.api.helpers import playable_order
from tests.realtime.live import http
from tests.realtime.test_live import setup_game
from tests.servers import EclatsServer, eclats_server

CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "missing_required_header",
        "unsupported_method",
        "ignored_auth",
    )
)
# real objects in paths (the rest is generated, valid and invalid)
PATH_IDS = ("session_id", "team_id", "player_id", "code", "quest_id", "place_id", "pack")
# operations that end the caller's own login would end the run's token: the policy
# test and the API tests call them
OWN_LOGOUT = "^/api/auth/logout$|^/api/me$"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[EclatsServer, dict[str, str]]]:
    """One server with a session on day 1, two young people, and the ids schemathesis
    puts in paths so that it reaches real objects, not only « introuvable »."""
    folder = tmp_path_factory.mktemp("contract")
    with eclats_server(folder / "instance", {"ECLATS_MAP_TILES_URL": ""}, demo=False) as server:
        staff, game = setup_game(server.url, folder / "instance")
        admin = _admin(server.url, folder / "instance")
        ines = http(server.url, "POST", "/api/join", {"code": game["join_code"], "nickname": "Inès"})["token"]
        http(server.url, "POST", "/api/join", {"code": game["join_code"], "nickname": "Yanis"})
        state = http(server.url, "GET", f"/api/sessions/{game['id']}", token=staff)
        places = http(server.url, "GET", f"/api/sessions/{game['id']}/places", token=staff)
        first = playable_order(load_named_pack("default"), 1)[0]
        yield (
            server,
            {
                "staff": str(staff),
                "admin": admin,
                "player": str(ines),
                "session_id": str(game["id"]),
                "team_id": str(state["teams"][0]["id"]),
                "player_id": str(state["players"][-1]["id"]),  # Yanis: the facilitator's run may erase him
                "code": str(game["join_code"]),
                "quest_id": first.id,
                "place_id": str(places["places"][0]["id"]),
                "pack": "default",
            },
        )


def _admin(base: str, instance: Path) -> str:
    """The installation's administrator (issue 16), made as its IT would: on the command line."""
    env = {**os.environ, "ECLATS_INSTANCE": str(instance), "ECLATS_PASSWORD": "mot-de-passe-admin"}
    env.pop("DATABASE_URL", None)  # the server's own (eclats_server)
    eclats = str(Path(sys.executable).parent / "eclats")
    subprocess.run([eclats, "facilitator", "create", "ada", "--role", "admin"], env=env, check=True, timeout=60)
    return str(http(base, "POST", "/api/auth/login", {"username": "ada", "password": "mot-de-passe-admin"})["token"])


def _toml(name: str, value: str) -> str:
    return value if name.endswith("_id") and value.isdigit() else json.dumps(value)


def schemathesis(
    server: EclatsServer, token: str, ids: dict[str, str] | None, checks: str, tmp: Path, only: str | None = None
) -> subprocess.CompletedProcess[str]:
    seed = os.environ.get("ECLATS_SCHEMATHESIS_SEED", "20261201")
    config = tmp / "schemathesis.toml"
    fixed = "".join(f'"path.{name}" = {_toml(name, ids[name])}\n' for name in PATH_IDS) if ids else ""
    config.write_text("[parameters]\n" + fixed, encoding="utf-8")
    args = [
        str(Path(sys.executable).parent / "st"),
        "--config-file",
        str(config),
        "run",
        f"{server.url}/api/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        checks,
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        "15",
        "--seed",
        seed,
        "--workers",
        "2",
        "--exclude-path-regex",
        OWN_LOGOUT,
        *(["--include-path-regex", only] if only else []),
        "--no-color",
    ]
    env = {**os.environ, "HOME": str(tmp)}
    return subprocess.run(args, capture_output=True, text=True, timeout=900, cwd=tmp, env=env)


def _report(run: subprocess.CompletedProcess[str]) -> str:
    out = run.stdout + run.stderr
    return out[-20000:]


@pytest.mark.parametrize(
    ("who", "real_ids"),
    [("player", True), ("facilitator", False), ("facilitator", True)],
    ids=["player", "facilitator-generated-ids", "facilitator-real-ids"],
)
def test_schemathesis_finds_no_server_error_and_nothing_the_document_does_not_say(
    live: tuple[EclatsServer, dict[str, str]], who: str, real_ids: bool, tmp_path: Path
) -> None:
    """With generated ids, every check; with the real ids of the session, every check but
    « invalid data is refused » (a fixed id turns an invalid path back into a valid one).
    The young person's run comes first: the facilitator's may revoke or erase players."""
    server, ids = live
    checks = CHECKS if who == "player" or not real_ids else CHECKS.replace(",negative_data_rejection", "")
    token = ids["player" if who == "player" else "staff"]
    run = schemathesis(server, token, ids if real_ids else None, checks, tmp_path)
    assert run.returncode == 0, _report(run)
    assert "Traceback" not in server.printed(), server.printed()[-5000:]


def test_every_route_of_the_api_is_in_the_document(client: FlaskClient) -> None:
    doc = client.get("/api/openapi.json").get_json()
    rules = {
        (m, r.rule)
        for r in client.application.url_map.iter_rules()
        for m in (r.methods or set()) - {"HEAD", "OPTIONS"}
        if r.rule.startswith(("/api/", "/badges/", "/ob2/")) and not r.endpoint.startswith("api-docs.")
    }
    import re

    missing = sorted(
        f"{m} {rule}"
        for m, rule in rules
        if m.lower() not in doc["paths"].get(re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule), {})
    )
    assert missing == []


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if method != "parameters":
                yield method.upper(), path, op


def test_protected_operations_declare_the_bearer_login_and_their_refusals(client: FlaskClient) -> None:
    doc = client.get("/api/openapi.json").get_json()
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc["components"]["securitySchemes"]["bearer"]["description"],
    }
    for method, path, op in _operations(doc):
        if op["security"]:
            assert {"401", "403"} <= set(op["responses"]), f"{method} {path}"
        assert "default" not in op["responses"], f"{method} {path}: a catch-all hides what really comes back"
    me = doc["paths"]["/api/me/quests/{quest_id}/answer"]["post"]
    assert me["security"] == [{"bearer": []}]
    assert {"401", "403", "404", "409", "422", "429"} <= set(me["responses"])
    assert doc["paths"]["/api/join"]["post"]["security"] == []


def test_the_documented_error_body_is_the_real_one(client: FlaskClient) -> None:
    import jsonschema

    doc = client.get("/api/openapi.json").get_json()
    error = doc["components"]["schemas"]["Error"]
    real = [
        client.get("/api/me"),  # 401
        client.get("/api/sessions/9223372036854775806"),  # 401 first (no login)
        client.post("/api/join", json={"code": "ZZZZZZ"}),  # 422, field named
        client.post("/api/join", json={"code": "ZZZZZZ", "nickname": "Inès"}),  # 404
        client.delete("/api/join"),  # 405
    ]
    for response in real:
        body = response.get_json()
        jsonschema.validate(body, error)
        assert body["error"] and body["message"] and body["code"] == response.status_code
    assert real[2].get_json()["errors"]["json"]["nickname"] == ["champ obligatoire"]
    assert real[4].headers["Allow"]


def test_instants_in_answers_carry_their_offset(client: FlaskClient, staff: dict[str, str]) -> None:
    body = {"name": "Mardi", "start_date": datetime.date(2027, 1, 12).isoformat(), "teams": ["A"]}
    game = client.post("/api/sessions", json=body, headers=staff).get_json()
    client.post(f"/api/sessions/{game['id']}/days", json={"day": 1}, headers=staff)
    day = client.get(f"/api/sessions/{game['id']}", headers=staff).get_json()["days"][0]
    opened = datetime.datetime.fromisoformat(day["opened_at"])
    assert opened.utcoffset() == datetime.timedelta(0), day["opened_at"]


def test_schemathesis_on_the_administrators_routes(live: tuple[EclatsServer, dict[str, str]], tmp_path: Path) -> None:
    """The installation administrator's routes (organisations, accounts), with the
    administrator's token: everything they answer is in the document."""
    server, ids = live
    run = schemathesis(server, ids["admin"], None, CHECKS, tmp_path, only="^/api/admin/")
    assert run.returncode == 0, _report(run)
    assert "Traceback" not in server.printed(), server.printed()[-5000:]
