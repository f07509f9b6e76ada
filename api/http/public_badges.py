"""What anyone can see without an account: a badge's public page, its credential, its
baked images, the revocation list, and the recruiters' verifier (page and JSON API).
What they say comes from the hosting and verification services
(:mod:`game.services.hosting`, :mod:`game.services.verification`); the pages are the
templates ``api/templates/badge_*.html`` (autoescaped)."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, send_from_directory

from badges import bake, fetch
from badges.verify import Gone
from game.rules.typography import french_spacing
from game.services import awards, hosting, issuers, settings
from game.services.awards import Links
from game.services.verification import Verifier

from .. import organisation_settings
from ..clock import now
from ..extensions import db, key_ring
from . import urls
from .pages import csp
from .settings import initial_issuer_email

public_badges = Blueprint("public_badges", __name__)
# {{ text|fr }}: the badge pages' French typography, the rule the apps apply in h()
public_badges.add_app_template_filter(french_spacing, "fr")
LD_JSON = "application/ld+json"
MAX_UPLOAD = 5 * 1024 * 1024


def links() -> Links:
    return Links(urls.public_base())


def host() -> hosting.Host:
    """This installation as the host of its badges, as configured when the app was made."""
    return hosting.Host(urls.public_base(), current_app.config["DEFAULT_PACK"], initial_issuer_email(), key_ring())


def _json(data: Any, mimetype: str = LD_JSON) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype=mimetype)


@public_badges.route("/badges/<public_id>")
def badge_page(public_id: str) -> Response:
    award = awards.find(db(), public_id)
    organisation_settings.act_for(award.organisation_id)  # its links: its organisation's address
    wants = request.accept_mimetypes
    if wants.best_match(["text/html", LD_JSON, "application/json"]) in (LD_JSON, "application/json"):
        return _json(hosting.public_credential(award))
    return _page_html(hosting.public_page(award, links(), now()))


@public_badges.route("/badges/<public_id>/credential.json")
def badge_credential(public_id: str) -> Response:
    response = _json(hosting.public_credential(awards.find(db(), public_id)))
    response.headers["Content-Disposition"] = f'attachment; filename="badge-{public_id}.json"'
    return response


@public_badges.route("/badges/<public_id>/badge.png")
def badge_png(public_id: str) -> Response:
    baked = hosting.badge_png(db(), awards.find(db(), public_id))
    return Response(
        baked, mimetype="image/png", headers={"Content-Disposition": f'inline; filename="badge-{public_id}.png"'}
    )


@public_badges.route("/badges/<public_id>/badge.svg")
def badge_svg(public_id: str) -> Response:
    return Response(hosting.badge_svg(db(), awards.find(db(), public_id)), mimetype="image/svg+xml")


@public_badges.route("/badges/achievements/<pack>/<skill_id>.png")
def achievement_png(pack: str, skill_id: str) -> Response:
    return Response(hosting.achievement_png(pack, skill_id), mimetype="image/png")


@public_badges.route("/badges/status/<int:organisation_id>")
def status_list(organisation_id: int) -> Response:
    """An organisation's revocation list (Bitstring Status List), signed with its key,
    never cached for long (``/badges/status/1``: the default organisation's)."""
    response = _json(hosting.status_list(db(), host(), now(), organisation_id))
    response.headers["Cache-Control"] = "max-age=60"
    return response


@public_badges.route("/organisations/<slug>/logo.png")
def organisation_logo(slug: str) -> Response:
    """An organisation's logo, public like the badges and issuer profiles that show it."""
    response = Response(issuers.logo(db(), slug), mimetype="image/png")
    response.headers["Cache-Control"] = "max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _page_html(page: hosting.PublicPage) -> Response:
    template = "badge_erased.html" if page.erased else "badge_page.html"
    response = Response(render_template(template, badge=page), mimetype="text/html", status=410 if page.erased else 200)
    response.headers["Content-Security-Policy"] = csp()
    if not page.erased:
        response.headers["Cache-Control"] = "no-cache"
    return response


# ---------------------------------------------------------------- verification


def verifier() -> Verifier:
    """The verifier, on the server's one clock (aware UTC)."""
    loopback = bool(current_app.config.get("VERIFY_ALLOW_LOOPBACK"))
    # every address of this server is its own: the installation's and each organisation's
    bases = frozenset({organisation_settings.public_url_of(None), *settings.public_urls(db())})
    return Verifier(db(), host(), now().replace(tzinfo=UTC), allow_loopback=loopback, other_bases=bases)


def _read_input() -> tuple[dict[str, Any] | None, str | None, str | None]:
    """(credential, e-mail, error in French) from a link, pasted JSON or a baked image."""
    if request.files.get("image"):
        data = request.files["image"].read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            return None, None, "Image trop grande (5 Mo au plus)."
        try:
            found = bake.unbake(data)
        except bake.BakeError as error:
            return None, None, error.message
        if found is None:
            return None, request.form.get("email"), "Cette image ne contient pas de badge."
        return _parse_text(found.payload, request.form.get("email"))
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return None, None, "Donnez un lien, le contenu du badge (JSON) ou une image de badge."
    for field in ("url", "text", "email"):
        # an empty e-mail may come as null (the verifier page sends it so)
        if field in body and not isinstance(body[field], str) and not (field == "email" and body[field] is None):
            return None, None, f"« {field} » doit être un texte."
    if "credential" in body and not isinstance(body["credential"], dict):
        return None, None, "« credential » doit être un objet JSON (le badge)."
    email = body.get("email") if isinstance(body.get("email"), str) else None
    if isinstance(body.get("credential"), dict):
        return body["credential"], email, None
    text = body.get("text") or body.get("url")
    if not isinstance(text, str) or not text.strip():
        return None, email, "Donnez un lien, le contenu du badge (JSON) ou une image de badge."
    return _parse_text(text.strip(), email)


def _parse_text(text: str, email: str | None) -> tuple[dict[str, Any] | None, str | None, str | None]:
    if text.startswith("{"):
        try:
            parsed = json.loads(text)
        except ValueError:
            return None, email, "Ce texte n'est pas un badge lisible (JSON attendu)."
        return (parsed, email, None) if isinstance(parsed, dict) else (None, email, "JSON d'objet attendu.")
    if text.startswith(("http://", "https://")):
        try:
            return verifier().get_json(text), email, None
        except Gone:  # withdrawn by its issuer: verified as such
            return {"type": "Assertion", "id": text, "verification": {"type": "hosted"}}, email, None
        except fetch.FetchError as error:
            return None, email, error.message
    return None, email, "Donnez un lien (https://…), le contenu du badge (JSON) ou une image de badge."


@public_badges.route("/api/verify", methods=["POST"])
def verify_api() -> tuple[dict[str, Any], int]:
    """Verify a badge: JSON ``{url | text | credential, email?}`` or a form with ``image``
    (a baked PNG or SVG) and ``email``. No account needed."""
    credential, email, error = _read_input()
    if credential is None:
        return {"verdict": "invalid", "headline": "Vérification impossible", "error": error, "checks": []}, 422
    report = verifier().verify(credential, email)
    return {
        "verdict": report.verdict,
        "headline": report.headline,
        "badge": report.badge,
        "checks": [{"id": c.id, "ok": c.ok, "label": c.label, "detail": c.detail} for c in report.checks],
        # OB 3.0: one proof object or a proof set, and which proof the verdict rests on
        "proof": report.proof or None,
    }, 200


@public_badges.route("/verifier")
def verifier_page() -> Response:
    response = send_from_directory(current_app.static_folder or "static", "verify/index.html")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Content-Security-Policy"] = csp()
    return response
