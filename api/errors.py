"""Every error leaves as JSON with a French ``message`` a person can read, the field
names when input was wrong, and never a stack trace."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from flask import Flask, jsonify, request
from flask.typing import ResponseReturnValue
from flask_smorest import Api
from marshmallow import Schema, ValidationError, fields
from werkzeug.exceptions import HTTPException

from content.editor import EditError
from content.loader import PackError
from game.rules.errors import RuleViolation

log = logging.getLogger(__name__)

_FRENCH = {
    "Missing data for required field.": "champ obligatoire",
    "Unknown field.": "champ inconnu",
    "Not a valid string.": "doit être un texte",
    "Not a valid integer.": "doit être un nombre entier",
    "Not a valid boolean.": "doit être vrai ou faux",
    "Not a valid date.": "doit être une date AAAA-MM-JJ",
    "Not a valid list.": "doit être une liste",
    "Field may not be null.": "ne peut pas être vide",
    "Invalid input type.": "type de données invalide",
    "Invalid JSON body.": "le corps de la requête n'est pas du JSON valide",
}

_STATUS_FR = {
    400: "Requête invalide.",
    401: "Connexion requise.",
    403: "Accès refusé.",
    404: "Introuvable.",
    405: "Méthode non autorisée.",
    409: "Conflit : l'action n'est pas possible maintenant.",
    413: "Le fichier envoyé est trop lourd.",
    415: "Type de contenu non pris en charge.",
    422: "Données invalides.",
    429: "Trop de requêtes : réessaie dans un instant.",
    500: "Erreur interne : l'équipe technique est prévenue.",
}


# the machine-readable ``error`` of an error body when nothing more precise is known
_ERROR_CODE = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
    500: "internal_error",
}


class ErrorSchema(Schema):
    """The body of every error answer (documented as ``Error`` in the OpenAPI document)."""

    code = fields.Int(required=True, metadata={"description": "statut HTTP", "example": 404})
    status = fields.Str(required=True, metadata={"description": "nom du statut HTTP", "example": "Not Found"})
    error = fields.Str(
        required=True,
        metadata={"description": "code stable de l'erreur, pour les programmes", "example": "not_found"},
    )
    message = fields.Str(
        required=True, metadata={"description": "phrase en français pour une personne", "example": "Introuvable."}
    )
    errors = fields.Dict(
        keys=fields.Str(),
        values=fields.Raw(),
        metadata={
            "description": "champs fautifs, par emplacement (json, query, form, files) puis par champ",
            "example": {"json": {"nickname": ["champ obligatoire"]}},
        },
    )
    problems = fields.List(fields.Str(), metadata={"description": "chaque problème d'un pack de contenu refusé"})


def error_body(code: int, message: str, error: str | None = None, **extra: Any) -> dict[str, Any]:
    """One error body for every error answer."""
    return {
        "code": code,
        "status": HTTPStatus(code).phrase,
        "error": error or _ERROR_CODE.get(code, "error"),
        "message": message,
        **extra,
    }


_PATTERNS = [
    (re.compile(r"^Length must be between (\d+) and (\d+)\.$"), r"doit faire entre \1 et \2 caractères (ou éléments)"),
    (re.compile(r"^Shorter than minimum length (\d+)\.$"), r"doit faire au moins \1 caractère(s)"),
    (re.compile(r"^Longer than maximum length (\d+)\.$"), r"doit faire au plus \1 caractères"),
    (re.compile(r"^Must be one of: (.*)\.$"), r"doit être l'une de ces valeurs : \1"),
    (
        re.compile(r"^Must be greater than or equal to (-?\d+) and less than or equal to (-?\d+)\.$"),
        r"doit être entre \1 et \2",
    ),
    (re.compile(r"^Must be greater than or equal to (-?\d+)\.$"), r"doit être au moins \1"),
    (re.compile(r"^Must be less than or equal to (-?\d+)\.$"), r"doit être au plus \1"),
]


def french(reason: str) -> str:
    """Marshmallow speaks English; the people reading these messages speak French."""
    if reason in _FRENCH:
        return _FRENCH[reason]
    for pattern, replacement in _PATTERNS:
        if pattern.match(reason):
            return pattern.sub(replacement, reason)
    return reason.rstrip(".")


def _translate(errors: Any) -> Any:
    if isinstance(errors, dict):
        return {key: _translate(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [_translate(item) for item in errors]
    return french(str(errors)) if isinstance(errors, str) else errors


def _flatten(errors: Any, prefix: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            out += _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(errors, list):
        if all(isinstance(e, str) for e in errors):
            out += [(prefix, french(str(e))) for e in errors]
        else:
            for item in errors:
                out += _flatten(item, prefix)
    else:
        out.append((prefix, french(str(errors))))
    return out


def describe(errors: dict[str, Any]) -> str:
    """One sentence naming each wrong field, without the location prefix (json/form)."""
    parts = []
    for path, reason in _flatten(errors):
        field = path.split(".", 1)[1] if "." in path else path
        parts.append(f"« {field} » : {reason}" if field and field != "_schema" else reason)
    return "Données invalides — " + " ; ".join(parts) + "."


_EDIT_STATUS = {"no_pack": 404, "new_place": 422, "place_id": 422}


class EclatsApi(Api):  # type: ignore[misc]
    ERROR_SCHEMA = ErrorSchema
    # every operation lists the statuses it really answers (api.openapi), no catch-all
    DEFAULT_ERROR_RESPONSE_NAME = None

    def handle_http_exception(self, error: HTTPException) -> ResponseReturnValue:
        payload, code, headers = super().handle_http_exception(error)
        # what the exception itself says in headers (``Allow`` on a 405) must not be lost
        extra = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        headers = {**extra, **(headers or {})}
        if "errors" in payload:
            payload["errors"] = _translate(payload["errors"])
            payload.setdefault("message", describe(payload["errors"]))
        payload.setdefault("message", _STATUS_FR.get(code, error.description or error.name))
        payload.setdefault("error", _ERROR_CODE.get(code, "error"))
        return payload, code, headers


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(RuleViolation)
    def _rule(exc: RuleViolation) -> ResponseReturnValue:
        retry_after = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry_after)} if retry_after else {}
        return jsonify(error_body(exc.status, exc.message, exc.code)), exc.status, headers

    @app.errorhandler(EditError)
    def _edit(exc: EditError) -> ResponseReturnValue:
        status = _EDIT_STATUS.get(exc.code, 409)
        return jsonify(error_body(status, exc.message, exc.code)), status

    @app.errorhandler(PackError)
    def _pack(exc: PackError) -> ResponseReturnValue:
        # a change that would break the pack: refused, nothing written; every problem named
        lines = [str(p) for p in exc.problems]
        message = "Modification refusée, le pack ne serait plus valide : " + " ; ".join(lines)
        return jsonify(error_body(422, message, "invalid_pack", problems=lines)), 422

    @app.errorhandler(ValidationError)
    def _invalid(exc: ValidationError) -> ResponseReturnValue:
        # a body validated inside a view (multipart or JSON by the same route): the same
        # 422 as the ones flask-smorest gives, never a 500
        errors = _translate({"json": exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}})
        return jsonify(error_body(422, describe(errors), errors=errors)), 422

    @app.errorhandler(RecursionError)
    def _too_deep(_exc: RecursionError) -> ResponseReturnValue:
        # a JSON body nested thousands of levels deep: refused, not a crash
        message = "Le corps de la requête est trop imbriqué pour être lu."
        return jsonify(error_body(400, message, "too_deep")), 400

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> ResponseReturnValue:
        if isinstance(exc, HTTPException):
            return exc
        log.exception("unexpected error on %s %s", request.method, request.path)
        return jsonify(error_body(500, _STATUS_FR[500])), 500
