"""Settings, for facilitators: the issuer's contact e-mail that the Open Badges 2.0 issuer
profile must carry, asked once in the console, and, for the caller's organisation, its
time zone, its public address and how many months the young people's data are kept
after a session ends (``eclats purge``)."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from game.rules import retention
from game.services import settings

from .. import organisation_settings
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
    """The caller's organisation's contact e-mail (its issuer profile's)."""
    return settings.issuer_settings(db(), initial_issuer_email(), current_staff().organisation_id)


def initial_retention_days() -> int:
    """``ECLATS_RETENTION_DAYS`` as read with the configuration: the default retention."""
    return int(current_app.config["RETENTION_DAYS"])


def initial_time_zone() -> str:
    """``ECLATS_TIME_ZONE``, checked when the app was made: the default time zone."""
    return str(current_app.config["TIME_ZONE"])


def initial_public_url() -> str:
    """``ECLATS_PUBLIC_URL`` ("" when not given): the default public address."""
    return str(current_app.config.get("PUBLIC_URL") or "")


def _out(found: settings.IssuerSettings) -> dict[str, Any]:
    organisation_id = current_staff().organisation_id
    kept = settings.retention_settings(db(), organisation_id, initial_retention_days())
    zone = settings.time_zone_settings(db(), organisation_id, initial_time_zone())
    public = settings.public_url_settings(db(), organisation_id, initial_public_url())
    return {
        "time_zone": zone.zone.key,
        "time_zone_source": zone.source,
        "time_zone_updated_at": zone.updated_at,
        "public_url": public.url or None,
        "public_url_source": public.source,
        "public_url_updated_at": public.updated_at,
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
        """What your organisation is set to, and what the badges' issuer profile still lacks."""
        return _out(issuer_settings())

    @settings_blp.arguments(s.SettingsIn)
    @settings_blp.response(200, s.SettingsOut)
    def patch(self, body: dict[str, Any]) -> dict[str, Any]:
        """Change the settings of your organisation; an address that is not one, a time zone
        that is not an IANA name, a public address that is not https, or a retention outside
        1 to 36 months, is refused (422) and nothing changes. ``null`` for the time zone or
        the public address puts the installation's back."""
        with transaction() as session:
            if "time_zone" in body:
                settings.set_time_zone(session, current_staff(), body["time_zone"], now(), initial_time_zone())
            if "public_url" in body:
                settings.set_public_url(session, current_staff(), body["public_url"], now(), initial_public_url())
            if "retention_months" in body:
                settings.set_retention_months(
                    session, current_staff(), body["retention_months"], now(), initial_retention_days()
                )
            if "issuer_email" in body:
                settings.set_issuer_email(session, current_staff(), body["issuer_email"], now(), initial_issuer_email())
        organisation_settings.forget()  # this request's links and times follow the new values
        return _out(issuer_settings())
