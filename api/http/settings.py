"""Installation settings, for facilitators: the issuer's contact e-mail that the Open
Badges 2.0 issuer profile must carry, asked once in the console, and how many months the
young people's data are kept after a session ends (``eclats purge``)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from game.rules import retention
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


def initial_retention_days() -> int:
    """``ECLATS_RETENTION_DAYS`` as read with the configuration: the default retention."""
    return int(current_app.config["RETENTION_DAYS"])


def _out(found: settings.IssuerSettings) -> dict[str, Any]:
    kept = settings.retention_settings(db(), initial_retention_days())
    return {
        "retention_months": kept.months,
        "retention_source": kept.source,
        "retention_updated_at": kept.updated_at,
        "retention_min_months": retention.MIN_MONTHS,
        "retention_max_months": retention.MAX_MONTHS,
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
        """Change settings; an address that is not one, or a retention outside 1 to 36 months,
        is refused (422) and nothing changes."""
        with transaction() as session:
            if "retention_months" in body:
                settings.set_retention_months(
                    session, current_staff(), body["retention_months"], now(), initial_retention_days()
                )
            if "issuer_email" in body:
                settings.set_issuer_email(session, current_staff(), body["issuer_email"], now(), initial_issuer_email())
        return _out(issuer_settings())
