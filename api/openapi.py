"""What the OpenAPI document says beyond each view's own decorators: who must log in
(bearer tokens, from the policy table), and which error statuses each operation really
answers, all with the one ``Error`` body (``api.errors``).

The statuses are derived here, in one place, from what an operation is:
- guarded by the policy table (``api.policy``): 401 without a valid token, 403 with the
  wrong kind of account;
- guarded, or with ids or codes in its path or a body naming objects: 404 « introuvable »
  (an object of another session, a quest that does not exist, no appointment booked);
- with a body: 400 (unreadable or too deeply nested JSON), 413 (too large), 422 (field
  errors, named one by one); with query parameters: 422;
- changing something as a logged-in caller: 409 when the game's rules refuse the action
  now (a day not open, a slot just taken, a race lost to a teammate);
- rate limited (``RATE_LIMITED``, the operations that spend a quota of ``api.limits``):
  429 with ``Retry-After``.
``tests/api/test_openapi.py`` runs schemathesis against a live server with this document:
a status or a body the document does not announce fails the suite.
"""

from __future__ import annotations

import re
from typing import Any

from apispec import APISpec
from flask import Flask

from .policy import rest_rule

# operations that spend a quota of api.limits (README, "Rate limits")
RATE_LIMITED = frozenset(
    {
        "POST /api/auth/login",
        "POST /api/join",
        "GET /api/join/<code>",
        "GET /api/join/<code>/qr.svg",
        "POST /api/me/quests/<quest_id>/answer",
        "POST /api/me/quests/<quest_id>/pieces",
        "POST /api/me/quests/<quest_id>/submission",
    }
)

# what an operation answers beyond what its kind implies
EXTRA: dict[str, frozenset[int]] = {
    "POST /api/auth/login": frozenset({401}),  # wrong username or password
    "GET /api/me/recap": frozenset({409}),  # that day is not open yet
    "GET /api/me/cv.pdf": frozenset({409}),  # no badge consent, or no badge yet
    "POST /api/me/quests/<quest_id>/submission": frozenset({422}),  # not a quest answered by a text or photo
}

_RETRY_AFTER = {
    "description": "Secondes à attendre avant de réessayer",
    "schema": {"type": "integer", "minimum": 1},
}

_WHY = {
    400: "Corps illisible : JSON invalide ou trop imbriqué",
    401: "Connexion requise : jeton absent, expiré ou révoqué",
    403: "Ce type de compte ne peut pas faire cette action",
    404: "Introuvable (ou appartenant à une autre partie)",
    409: "Les règles du jeu refusent l'action maintenant",
    413: "Corps ou fichier trop lourd",
    422: "Données invalides : chaque champ fautif est nommé dans « errors »",
    429: "Trop de requêtes : attendre « Retry-After » secondes",
}

BEARER = "bearer"


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def statuses(key: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses operation ``key`` ("METHOD /flask/rule") may answer."""
    method = key.split(" ", 1)[0]
    rule = rest_rule(method, key.split(" ", 1)[1])
    guarded = rule is not None and not rule.public
    has_body = "requestBody" in operation
    has_path = "<" in key
    has_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
    out: set[int] = set()
    if guarded:
        out |= {401, 403}
    if guarded or has_path or has_body:
        out.add(404)
    if has_body:
        out |= {400, 413, 422}
    if has_query:
        out.add(422)
    if guarded and method != "GET":
        out.add(409)
    if key in RATE_LIMITED:
        out.add(429)
    return sorted(out | EXTRA.get(key, frozenset()))


def document(app: Flask, spec: APISpec) -> None:
    """Complete the operations flask-smorest registered: security and error responses."""
    spec.components.security_scheme(
        BEARER,
        {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Jeton d'un membre de l'équipe (POST /api/auth/login) ou d'un jeune (POST /api/join), "
                "dans l'en-tête « Authorization: Bearer <jeton> »."
            ),
        },
    )
    for code, why in _WHY.items():
        response: dict[str, Any] = {
            "description": why,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        if code == 429:
            response["headers"] = {"Retry-After": _RETRY_AFTER}
        spec.components.response(f"E{code}", response)
    documented = spec._paths  # flask-smorest has registered every view of its blueprints
    for rule in app.url_map.iter_rules():
        operations = documented.get(_openapi_path(rule.rule))
        if not operations:
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            operation = operations.get(method.lower())
            if operation is None:
                continue
            key = f"{method} {rule.rule}"
            policy = rest_rule(method, rule.rule)
            operation["security"] = [] if policy is None or policy.public else [{BEARER: []}]
            responses = operation.setdefault("responses", {})
            responses.pop("default", None)
            for code in statuses(key, operation):
                responses[str(code)] = {"$ref": f"#/components/responses/E{code}"}
