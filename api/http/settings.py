"""Installation settings, for facilitators: the issuer's contact e-mail that the Open
Badges 2.0 issuer profile must carry, asked once in the console."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from game.services import settings

from ..auth import current_staff
from ..clock import now
from ..extensions import db, transaction
from ..schemas import settings as s

settings_blp = Blueprint("settings", __name__, url_prefix="/api", description="Réglages de l'installation")


def initial_issuer_email() -> str:
    """``ECLATS_ISSUER_EMAIL`` as read once with the configuration (never the process
    environment during a request)."""
    return str(current_app.config.get("ISSUER_EMAIL") or "")


def issuer_settings() -> settings.IssuerSettings:
    return settings.issuer_settings(db(), initial_issuer_email())


def _out(found: settings.IssuerSettings) -> dict[str, Any]:
    return {
        "issuer_email": found.contact.email,
        "issuer_email_source": found.contact.source,
        "issuer_email_updated_at": found.updated_at,
        "issuer_profile_complete": found.contact.complete,
        "missing": list(found.contact.missing),
    }


@settings_blp.route("/settings")
class Settings(MethodView):
    @settings_blp.response(200, s.SettingsOut)
    def get(self) -> dict[str, Any]:
        """What the installation is set to, and what the badges' issuer profile still lacks."""
        return _out(issuer_settings())

    @settings_blp.arguments(s.SettingsIn)
    @settings_blp.response(200, s.SettingsOut)
    def patch(self, body: dict[str, Any]) -> dict[str, Any]:
        """Change a setting; an address that is not one is refused (422) and nothing changes."""
        with transaction() as session:
            found = settings.set_issuer_email(
                session, current_staff(), body["issuer_email"], now(), initial_issuer_email()
            )
        return _out(found)
