"""Open Badges 2.0 hosted versions of every award, for the backpacks that only read 2.0
(e.g. Open Badge Passport): the Assertion, its BadgeClass, the issuer Profile and the
images, public like the OB 3.0 pages (``public_badges``). The documents come from the
hosting service (:mod:`game.services.hosting`); this blueprint only answers them.

Content type: ``application/ld+json``, or ``application/json`` when the request accepts
only that (OB 2.0 "Setting Content-Type"). A revoked award, or one whose holder's data were
erased, answers ``410 Gone`` with the stripped ``revoked: true`` Assertion and its
``revocationReason`` (OB 2.0 "Revoking Hosted Assertions": either signal means revoked).
"""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, request

from game.services import awards, hosting, issuers

from .. import organisation_settings
from ..extensions import db
from .public_badges import LD_JSON, host

ob2 = Blueprint("ob2", __name__)
JSON = "application/json"
REVOKED_STATUS = 410  # OB 2.0: "respond with an HTTP Status of 410 Gone"


def _json(data: dict[str, Any], status: int = 200, *, cache: str = "max-age=300") -> Response:
    best = request.accept_mimetypes.best_match([LD_JSON, JSON], default=LD_JSON)
    response = Response(
        json.dumps(data, ensure_ascii=False, indent=2), status=status, mimetype=JSON if best == JSON else LD_JSON
    )
    response.headers["Cache-Control"] = cache
    response.headers["Access-Control-Allow-Origin"] = "*"  # public documents, no credentials
    response.vary.add("Accept")
    return response


def _png(data: bytes, filename: str, cache: str) -> Response:
    response = Response(data, mimetype="image/png")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = cache
    return response


@ob2.route("/ob2/assertions/<public_id>")
def assertion(public_id: str) -> Response:
    award = awards.find(db(), public_id)
    organisation_settings.act_for(award.organisation_id)  # its addresses: its organisation's
    hosted = hosting.assertion(db(), host(), award)
    return _json(hosted.document, REVOKED_STATUS if hosted.gone else 200, cache="no-cache")


@ob2.route("/ob2/assertions/<public_id>.png")
def assertion_png(public_id: str) -> Response:
    """The badge image baked for OB 2.0 with the hosted Assertion's URL (gone once erased)."""
    award = awards.find(db(), public_id)
    organisation_settings.act_for(award.organisation_id)
    baked = hosting.assertion_png(db(), host(), award)
    return _png(baked, f"badge-{public_id}-ob2.png", "no-cache")


@ob2.route("/ob2/badges/<pack>/<skill_id>")
def badge_class(pack: str, skill_id: str) -> Response:
    return _json(hosting.badge_class(db(), host(), pack, skill_id))


@ob2.route("/ob2/badges/<pack>/<skill_id>.png")
def badge_class_png(pack: str, skill_id: str) -> Response:
    return _png(hosting.badge_class_png(db(), pack, skill_id), f"{skill_id}.png", "max-age=300")


@ob2.route("/ob2/issuer")
def issuer() -> Response:
    return _json(hosting.issuer(db(), host()))


@ob2.route("/ob2/issuers/<slug>")
def organisation_issuer(slug: str) -> Response:
    """The issuer Profile of an organisation other than the default one (``/ob2/issuer``)."""
    organisation_settings.act_for(issuers.by_slug(db(), slug).id)  # 404 for no such organisation
    return _json(hosting.issuer(db(), host(), slug))


@ob2.route("/ob2/issuers/<slug>/badges/<pack>/<skill_id>")
def organisation_badge_class(slug: str, pack: str, skill_id: str) -> Response:
    """A skill's BadgeClass as that organisation issues it (it names its issuer Profile)."""
    organisation_settings.act_for(issuers.by_slug(db(), slug).id)
    return _json(hosting.badge_class(db(), host(), pack, skill_id, slug))


@ob2.route("/ob2/issuers/<slug>/badges/<pack>/<skill_id>.png")
def organisation_badge_class_png(slug: str, pack: str, skill_id: str) -> Response:
    issuers.by_slug(db(), slug)  # 404 for no such organisation
    return _png(hosting.badge_class_png(db(), pack, skill_id), f"{skill_id}.png", "max-age=300")
