"""The recruiters' verifier on an Open Badges 2.0 hosted badge from another issuer,
served by a real HTTP server on loopback (allowed here by the test-only setting)."""

from __future__ import annotations

import copy
import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient


class Issuer(http.server.BaseHTTPRequestHandler):
    documents: dict[str, Any] = {}

    def do_GET(self) -> None:
        body = self.documents.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(json.dumps(body or {}).encode())

    def log_message(self, *_args: Any) -> None:
        pass


@pytest.fixture
def other_issuer(app: Flask) -> Iterator[tuple[str, dict[str, Any]]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Issuer)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    salt = "sel-de-test"
    assertion = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": f"{base}/assertions/1",
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": salt,
            "identity": "sha256$" + hashlib.sha256(("lea@example.org" + salt).encode()).hexdigest(),
        },
        "badge": f"{base}/badges/secourisme",
        "verification": {"type": "hosted"},
        "issuedOn": "2026-06-01T10:00:00Z",
    }
    Issuer.documents = {
        "/assertions/1": assertion,
        "/badges/secourisme": {
            "@context": "https://w3id.org/openbadges/v2",
            "type": "BadgeClass",
            "id": f"{base}/badges/secourisme",
            "name": "Sauveteur secouriste",
            "description": "PSC1",
            "criteria": {"narrative": "Formation suivie."},
            "image": f"{base}/img.png",
            "issuer": f"{base}/issuer",
        },
        "/issuer": {
            "@context": "https://w3id.org/openbadges/v2",
            "type": "Issuer",
            "id": f"{base}/issuer",
            "name": "Croix de Test",
            "url": base,
        },
    }
    app.config["VERIFY_ALLOW_LOOPBACK"] = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, assertion
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_hosted_2_0_badge_from_another_issuer(client: FlaskClient, other_issuer: tuple[str, dict[str, Any]]) -> None:
    base, assertion = other_issuer
    by_link = client.post("/api/verify", json={"url": f"{base}/assertions/1", "email": "Lea@example.org"}).json
    assert by_link["verdict"] == "valid", by_link
    assert by_link["badge"]["name"] == "Sauveteur secouriste" and by_link["badge"]["issuer"] == "Croix de Test"
    assert {c["id"]: c["ok"] for c in by_link["checks"]} == {
        "hosted": True, "issuer": True, "dates": True, "status": True, "recipient": True,
    }  # fmt: skip
    forged = copy.deepcopy(assertion)
    forged["issuedOn"] = "2020-01-01T00:00:00Z"
    assert client.post("/api/verify", json={"credential": forged}).json["verdict"] == "invalid"
    Issuer.documents["/assertions/1"] = {**assertion, "revoked": True, "revocationReason": "Erreur de saisie"}
    revoked = client.post("/api/verify", json={"credential": assertion}).json
    assert revoked["verdict"] == "revoked" and "Erreur de saisie" in json.dumps(revoked, ensure_ascii=False)


def test_loopback_is_refused_without_the_test_setting(client: FlaskClient, other_issuer: tuple[str, Any]) -> None:
    base, _ = other_issuer
    client.application.config["VERIFY_ALLOW_LOOPBACK"] = False
    r = client.post("/api/verify", json={"url": f"{base}/assertions/1"})
    assert r.status_code == 422 and "réseau interne" in r.json["error"]
