"""What anyone can see without an account: a badge's public page, its credential, its
baked images, the revocation list, and the recruiters' verifier (page and JSON API)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any, cast

from flask import Blueprint, Response, abort, current_app, request, send_from_directory

from badges import bake, fetch, image
from badges.keys import KeyRing
from badges.status_list import StatusList
from badges.verify import Gone, Report, is_ob2, verify_assertion, verify_credential
from content.loader import available_packs, load_named_pack
from game.services import awards
from game.services.awards import Links
from game.store.models import Award, GameSession

from ..clock import now
from ..extensions import db
from . import urls
from .pages import csp

public_badges = Blueprint("public_badges", __name__)
ICON = (
    "<link rel=\"icon\" href=\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'%3E"
    "%3Cpolygon points='12,1 20,9 12,23 4,9' fill='%232446c7'/%3E%3C/svg%3E\">"
)
LD_JSON = "application/ld+json"
MAX_UPLOAD = 5 * 1024 * 1024


def key_ring() -> KeyRing:
    """The signing keys, made on first use in ``instance/badge-keys`` (owner only)."""
    ring = current_app.extensions.get("eclats.badge_keys")
    if ring is None:
        ring = KeyRing(Path(current_app.config["INSTANCE_DIR"]) / "badge-keys")
        current_app.extensions["eclats.badge_keys"] = ring
    return cast(KeyRing, ring)


def links() -> Links:
    return Links(urls.public_base())


def _credential(award: Award) -> dict[str, Any]:
    """The signed credential as issued; gone (410) when its holder erased their data."""
    data = cast(dict[str, Any], json.loads(award.credential))
    if data.get("erased"):
        abort(410, description="Ce badge a été retiré et effacé à la demande de la personne.")
    return data


def _json(data: Any, mimetype: str = LD_JSON) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype=mimetype)


@public_badges.route("/badges/<public_id>")
def badge_page(public_id: str) -> Response:
    award = awards.find(db(), public_id)
    wants = request.accept_mimetypes
    if wants.best_match(["text/html", LD_JSON, "application/json"]) in (LD_JSON, "application/json"):
        return _json(_credential(award))
    return _page_html(award)


@public_badges.route("/badges/<public_id>/credential.json")
def badge_credential(public_id: str) -> Response:
    response = _json(_credential(awards.find(db(), public_id)))
    response.headers["Content-Disposition"] = f'attachment; filename="badge-{public_id}.json"'
    return response


def _look(award: Award) -> tuple[str, str | None]:
    """The badge's category and colour, from the pack it was issued in."""
    game = db().get(GameSession, award.session_id) if award.session_id else None
    skill = next((s for s in load_named_pack(game.pack).skills if s.id == award.skill_id), None) if game else None
    return (skill.category, skill.color) if skill else ("", None)


@public_badges.route("/badges/<public_id>/badge.png")
def badge_png(public_id: str) -> Response:
    award = awards.find(db(), public_id)
    baked = bake.bake_png(image.png(award.name, *_look(award)), award.credential, version="3.0")
    return Response(
        baked, mimetype="image/png", headers={"Content-Disposition": f'inline; filename="badge-{public_id}.png"'}
    )


@public_badges.route("/badges/<public_id>/badge.svg")
def badge_svg(public_id: str) -> Response:
    award = awards.find(db(), public_id)
    baked = bake.bake_svg(image.svg(award.name, *_look(award)).encode(), award.credential, version="3.0")
    return Response(baked, mimetype="image/svg+xml")


@public_badges.route("/badges/achievements/<pack>/<skill_id>.png")
def achievement_png(pack: str, skill_id: str) -> Response:
    if pack not in available_packs():  # a name that is no pack here: « introuvable », not a pack error
        abort(404)
    skill = awards.badge_skill(load_named_pack(pack), skill_id)
    return Response(image.png(skill.name, skill.category, skill.color), mimetype="image/png")


@public_badges.route("/badges/status/1")
def status_list() -> Response:
    """The revocation list (Bitstring Status List), signed, never cached for long."""
    document = awards.signed_status_list(db(), key_ring(), links(), now())
    response = _json(document)
    response.headers["Cache-Control"] = "max-age=60"
    return response


# ---------------------------------------------------------------- verification


def _status_lookup(url: str) -> StatusList:
    if url == links().status_list():
        return awards.revoked_list(db())
    document = _get_json(url)
    subject = document.get("credentialSubject") or {}
    return StatusList.decode(str(subject.get("encodedList")))


def _own_issuers() -> dict[str, str]:
    name = load_named_pack(current_app.config["DEFAULT_PACK"]).organisation
    return {key.did: name for key in key_ring().all_keys()}


def _get_json(url: str) -> dict[str, Any]:
    """A JSON document by its address: this server's own answered here, without a
    network round trip; anyone else's fetched with the SSRF guards."""
    base = links().base
    if url.startswith(base + "/"):
        answer = current_app.test_client().get(url[len(base) :], headers={"Accept": LD_JSON})
        if answer.status_code == 410:
            raise Gone(answer.get_json(silent=True) if isinstance(answer.get_json(silent=True), dict) else None)
        if answer.status_code != 200 or not isinstance(answer.get_json(silent=True), dict):
            raise fetch.FetchError(
                "Ce badge n'existe pas (ou plus) sur ce serveur.", "http_error", str(answer.status_code)
            )
        return cast(dict[str, Any], answer.get_json())
    try:
        return fetch.fetch_json(url, allow_loopback=bool(current_app.config.get("VERIFY_ALLOW_LOOPBACK")))
    except fetch.FetchError as error:
        if error.reason == "http_error" and error.detail.startswith("410"):
            raise Gone() from error
        raise


def verify(credential: dict[str, Any], email: str | None) -> Report:
    if is_ob2(credential):
        return verify_assertion(credential, now=datetime.now(UTC), get=_get_json, email=email)
    return verify_credential(
        credential, now=datetime.now(UTC), status_of=_status_lookup, own_issuers=_own_issuers(), email=email
    )


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
            return _get_json(text), email, None
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
    report = verify(credential, email)
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


# ---------------------------------------------------------------- public page


def _page_html(award: Award) -> Response:
    state = awards.status(award, now())
    if json.loads(award.credential).get("erased"):
        return _erased_html(award)
    credential = _credential(award)
    achievement = credential["credentialSubject"]["achievement"]
    issuer = credential["issuer"]["name"]
    verdict = {
        "valid": "Badge valide",
        "revoked": f"Badge retiré le {award.revoked_at:%d/%m/%Y}" if award.revoked_at else "Badge retiré",
        "expired": "Badge expiré",
    }[state]
    base = f"/badges/{award.public_id}"
    page = links().page(award.public_id)
    linkedin = urls.linkedin_url(award.name, issuer, award.issued_at, page, award.public_id, award.expires_at)
    dates = f"Délivré le {award.issued_at:%d/%m/%Y}" + (
        f", valable jusqu'au {award.expires_at:%d/%m/%Y}" if award.expires_at else ""
    )
    html = f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(award.name)} · Badge Éclats</title>
{ICON}
<link rel="stylesheet" href="/static/shared/base.css"><link rel="stylesheet" href="/static/verify/verify.css"></head>
<body><main class="badge-public" data-testid="badge-public" data-state="{state}">
<p class="verdict verdict-{state}" data-testid="badge-state">{escape(verdict)}</p>
<img src="{base}/badge.png" alt="Badge {escape(award.name)}" width="160" height="160">
<h1>{escape(award.name)}</h1>
<p><strong>{escape(award.recipient_name or "Titulaire")}</strong> · {escape(dates)}</p>
<p>Délivré par <strong>{escape(issuer)}</strong> (Open Badges 3.0, signé).</p>
<h2>Ce que ce badge reconnaît</h2><p>{escape(achievement.get("criteria", {}).get("narrative", ""))}</p>
<h2>Ce que le jeu a montré</h2><p>{escape(award.narrative)}</p>
{f'<p class="msg msg-error">Raison du retrait : {escape(award.revoked_reason)}</p>' if award.revoked_at else ""}
<h2>Vérifier, partager</h2><ul>
<li><a href="/verifier?badge={escape(page)}" data-testid="verify-link">Vérifier ce badge</a></li>
<li><a href="{base}/credential.json">Fichier du badge (JSON)</a> · <a href="{base}/badge.png">Image PNG</a> ·
<a href="{base}/badge.svg">Image SVG</a></li>
<li><a href="{escape(linkedin)}" rel="noopener">Ajouter à un profil LinkedIn</a></li></ul>
</main></body></html>"""
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = csp()
    response.headers["Cache-Control"] = "no-cache"
    return response


def _erased_html(award: Award) -> Response:
    html = f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Badge retiré · Éclats</title>
{ICON}
<link rel="stylesheet" href="/static/shared/base.css"><link rel="stylesheet" href="/static/verify/verify.css"></head>
<body><main class="badge-public" data-testid="badge-public" data-state="revoked">
<p class="verdict verdict-revoked" data-testid="badge-state">Badge retiré</p>
<h1>{escape(award.name)}</h1><p>{escape(award.revoked_reason)}</p></main></body></html>"""
    response = Response(html, mimetype="text/html", status=410)
    response.headers["Content-Security-Policy"] = csp()
    return response
