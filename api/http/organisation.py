"""The caller's organisation as the issuer of its badges (issue 16), for its
facilitators: its profile (name, address, site, contact e-mail) and its logo, which its
badges carry from the next one issued. Each route acts on the caller's own organisation
only (``staff.organisation_id``): there is nothing in the path to name another."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint

from game.rules import issuer
from game.rules.errors import InvalidInput
from game.services import issuers

from ..auth import current_staff
from ..clock import now
from ..extensions import db, transaction
from ..schemas import organisation as s
from . import public_badges as public
from .settings import initial_issuer_email

organisation_blp = Blueprint(
    "organisation", __name__, url_prefix="/api", description="Profil d'émetteur de votre Mission Locale"
)


def _out(organisation_id: int) -> dict[str, Any]:
    host = public.host()
    found = issuers.profile(db(), organisation_id, host.organisation(), initial_issuer_email())
    org = issuers.organisation(db(), organisation_id)
    keys = host.ring_of(organisation_id).all_keys()
    return {
        "slug": found.slug,
        "name": found.name,
        "shown_name": found.shown_name,
        "address": found.address,
        "url": found.url,
        "email": found.email,
        "email_source": found.email_source,
        "logo": issuers.logo_url(host.base, found.slug) if found.has_logo else None,
        "logo_max_bytes": issuer.LOGO_MAX_BYTES,
        "issuer_profile_url": host.ob2_of(org).issuer(),
        "status_list_url": host.links.status_list(organisation_id),
        "signing_key": keys[0].did if keys else None,
        "missing": list(found.missing),
        "updated_at": found.updated_at,
    }


@organisation_blp.route("/organisation/profile")
class Profile(MethodView):
    @organisation_blp.response(200, s.ProfileOut)
    def get(self) -> dict[str, Any]:
        """Your Mission Locale as its badges name it, and what its issuer profile lacks."""
        return _out(current_staff().organisation_id)

    @organisation_blp.arguments(s.ProfileIn)
    @organisation_blp.response(200, s.ProfileOut)
    def patch(self, body: dict[str, Any]) -> dict[str, Any]:
        """Change the profile; one wrong value (422, in French) and nothing changes. Badges
        already issued keep the profile they were signed with."""
        with transaction() as session:
            org = issuers.update_profile(session, current_staff(), body, now())
            organisation_id = org.id
        return _out(organisation_id)


def _uploaded() -> bytes:
    """The logo sent: a form's ``logo`` file, or the request body itself (``image/png``);
    read up to one byte past the limit, so that a heavier file is refused without being
    read whole."""
    limit = issuer.LOGO_MAX_BYTES + 1
    if request.files.get("logo"):
        return bytes(request.files["logo"].read(limit))
    if request.mimetype.startswith("multipart/"):
        raise InvalidInput("logo", "Envoyez le logo dans le champ « logo » du formulaire.")
    return request.stream.read(limit)


@organisation_blp.route("/organisation/logo", methods=["PUT"])
@organisation_blp.response(200, s.ProfileOut)
def put_logo() -> dict[str, Any]:
    """Your Mission Locale's logo: a PNG of at most 256 Ko, 16 to 2048 pixels a side
    (413 if heavier, 422 if not a readable PNG of that size; the logo stays as it was)."""
    data = _uploaded()
    with transaction() as session:
        org = issuers.set_logo(session, current_staff(), data, now())
        organisation_id = org.id
    return _out(organisation_id)


@organisation_blp.route("/organisation/logo", methods=["DELETE"])
@organisation_blp.response(200, s.ProfileOut)
def delete_logo() -> dict[str, Any]:
    with transaction() as session:
        org = issuers.remove_logo(session, current_staff(), now())
        organisation_id = org.id
    return _out(organisation_id)
