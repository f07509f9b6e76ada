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
        "POST /api/me/diagnosis/email",
    }
)

# what an operation answers beyond what its kind implies
EXTRA: dict[str, frozenset[int]] = {
    "POST /api/auth/login": frozenset({401}),  # wrong username or password
    "GET /api/me/recap": frozenset({409}),  # that day is not open yet
    "GET /api/me/cv.pdf": frozenset({409}),  # no badge consent, or no badge yet
    "POST /api/me/quests/<quest_id>/submission": frozenset({422}),  # not a quest answered by a text or photo
    "PUT /api/organisation/logo": frozenset({413, 422}),  # too heavy; not a readable PNG of a logo's size
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
VERIFY = "POST /api/verify"

_LD = "application/ld+json"
# The public badge documents are plain Flask views (they answer JSON-LD, HTML or images
# by content negotiation, for backpacks and recruiters): their lines are declared here.
# "METHOD /flask/rule" → (summary, {content type: schema}, error statuses)
_ANY: dict[str, Any] = {"type": "object", "additionalProperties": True}
_BINARY: dict[str, Any] = {"type": "string", "format": "binary"}
_TEXT: dict[str, Any] = {"type": "string"}
PUBLIC_DOCUMENTS: dict[str, tuple[str, dict[str, dict[str, Any]], tuple[int, ...]]] = {
    "GET /badges/<public_id>": (
        "Page publique d'un badge (HTML), ou son attestation Open Badges 3.0 si le client demande du JSON-LD",
        {"text/html": _TEXT, _LD: _ANY},
        (404, 410),
    ),
    "GET /badges/<public_id>/credential.json": (
        "Attestation Open Badges 3.0 signée (eddsa-rdfc-2022, proof en tableau)",
        {_LD: _ANY},
        (404, 410),
    ),
    "GET /badges/<public_id>/badge.png": (
        "Image PNG du badge, avec l'attestation incrustée",
        {"image/png": _BINARY},
        (404, 410),
    ),
    "GET /badges/<public_id>/badge.svg": (
        "Image SVG du badge, avec l'attestation incrustée",
        {"image/svg+xml": _TEXT},
        (404, 410),
    ),
    "GET /badges/achievements/<pack>/<skill_id>.png": ("Image d'une compétence", {"image/png": _BINARY}, (404,)),
    "GET /badges/status/<int:organisation_id>": (
        "Liste de statuts (révocations) d'une Mission Locale, signée de sa clé, Bitstring Status List",
        {_LD: _ANY},
        (404,),
    ),
    "GET /organisations/<slug>/logo.png": ("Logo d'une Mission Locale", {"image/png": _BINARY}, (404,)),
    "GET /ob2/issuer": ("Profil de l'émetteur Open Badges 2.0", {_LD: _ANY, "application/json": _ANY}, ()),
    "GET /ob2/issuers/<slug>": (
        "Profil de l'émetteur Open Badges 2.0 d'une autre Mission Locale que celle par défaut",
        {_LD: _ANY, "application/json": _ANY},
        (404,),
    ),
    "GET /ob2/issuers/<slug>/badges/<pack>/<skill_id>": (
        "BadgeClass Open Badges 2.0 d'une compétence, telle que cette Mission Locale la délivre",
        {_LD: _ANY, "application/json": _ANY},
        (404,),
    ),
    "GET /ob2/issuers/<slug>/badges/<pack>/<skill_id>.png": (
        "Image de la BadgeClass",
        {"image/png": _BINARY},
        (404,),
    ),
    "GET /ob2/assertions/<public_id>": (
        "Assertion Open Badges 2.0 hébergée (statut 410 et revoked: true quand le badge est retiré)",
        {_LD: _ANY, "application/json": _ANY},
        (404,),
    ),
    "GET /ob2/assertions/<public_id>.png": (
        "Image Open Badges 2.0 avec l'assertion incrustée",
        {"image/png": _BINARY},
        (404, 410),
    ),
    "GET /ob2/badges/<pack>/<skill_id>": ("BadgeClass Open Badges 2.0", {_LD: _ANY, "application/json": _ANY}, (404,)),
    "GET /ob2/badges/<pack>/<skill_id>.png": ("Image d'une BadgeClass Open Badges 2.0", {"image/png": _BINARY}, (404,)),
}


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
    _public_documents(spec)
    _verify(spec)
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
            if key in PUBLIC_DOCUMENTS or key == VERIFY:
                continue  # declared whole above
            policy = rest_rule(method, rule.rule)
            operation["security"] = [] if policy is None or policy.public else [{BEARER: []}]
            responses = operation.setdefault("responses", {})
            responses.pop("default", None)
            for code in statuses(key, operation):
                responses[str(code)] = {"$ref": f"#/components/responses/E{code}"}


def _error_refs(codes: tuple[int, ...] | list[int]) -> dict[str, Any]:
    return {str(code): {"$ref": f"#/components/responses/E{code}"} for code in codes}


def _public_documents(spec: APISpec) -> None:
    for key, (summary, content, errors) in PUBLIC_DOCUMENTS.items():
        method, rule = key.split(" ", 1)
        names = re.findall(r"<(?:[^:>]+:)?([^>]+)>", rule)
        ok = {"description": summary, "content": {ct: {"schema": schema} for ct, schema in content.items()}}
        responses: dict[str, Any] = {"200": ok, **_error_refs([e for e in errors if e != 410])}
        operation = {"summary": summary, "tags": ["badges publics"], "security": [], "responses": responses}
        if 410 in errors:
            responses["410"] = {
                "description": "Badge retiré et effacé à la demande de la personne",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            }
        parameters = [{"in": "path", "name": n, "required": True, "schema": {"type": "string"}} for n in names]
        _add(spec, _openapi_path(rule), method.lower(), operation, parameters)


def _verify(spec: APISpec) -> None:
    """The recruiters' verifier: no account; a link, the JSON of a badge or a baked image."""
    report = {
        "type": "object",
        "properties": {
            "verdict": {"type": "string", "enum": ["valid", "revoked", "expired", "invalid"]},
            "headline": {"type": "string"},
            "error": {"type": "string", "description": "pourquoi rien n'a pu être vérifié (statut 422)"},
            "badge": {"type": "object", "nullable": True, "additionalProperties": True},
            "checks": {"type": "array", "items": {"type": "object", "additionalProperties": True}},
            "proof": {"type": "object", "nullable": True, "additionalProperties": True},
        },
        "required": ["verdict", "headline", "checks"],
    }
    body = {
        "type": "object",
        "properties": {
            "url": {"type": "string", "description": "lien https:// vers le badge"},
            "text": {"type": "string", "description": "le contenu du badge (JSON)"},
            "credential": {"type": "object", "additionalProperties": True},
            "email": {
                "type": "string",
                "nullable": True,
                "description": "l'adresse de la personne, pour vérifier qu'il s'agit bien d'elle",
            },
        },
    }
    form = {
        "type": "object",
        "properties": {"image": _BINARY, "email": {"type": "string"}},
    }
    _add(
        spec,
        "/api/verify",
        "post",
        {
            "summary": "Vérifier un badge (sans compte)",
            "tags": ["badges publics"],
            "security": [],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": body}, "multipart/form-data": {"schema": form}},
            },
            "responses": {
                "200": {
                    "description": "Le verdict et chaque vérification",
                    "content": {"application/json": {"schema": report}},
                },
                "422": {
                    "description": "Rien de vérifiable n'a été donné (verdict « invalid », raison dans « error »)",
                    "content": {"application/json": {"schema": report}},
                },
                **_error_refs((400, 413)),
            },
        },
        [],
    )


def _add(spec: APISpec, path: str, method: str, operation: dict[str, Any], parameters: list[dict[str, Any]]) -> None:
    """Add an operation written here (flask-smorest writes the others) to the document."""
    entry = spec._paths.setdefault(path, {})
    entry[method] = operation
    if parameters:
        entry["parameters"] = parameters
