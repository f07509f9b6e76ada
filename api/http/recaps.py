"""The day's recap by e-mail: the player's own choice (phone), the evening sending (console)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from game.services import booklet, mail

from ..auth import current_player
from ..clock import now
from ..extensions import db, smtp, transaction
from ..organisation_settings import zone

recaps_blp = Blueprint("recaps", __name__, url_prefix="/api", description="Bilans par e-mail, carnet de parcours")


class RecapEmailIn(Schema):
    email = fields.Str(required=True, validate=validate.Length(min=3, max=320))


class RecapEmailOut(Schema):
    subscribed = fields.Bool()
    email = fields.Str(allow_none=True)
    available = fields.Bool()  # the server can send e-mails


class SendIn(Schema):
    day = fields.Int(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=1, max=10))


class SentOut(Schema):
    sent = fields.Int()
    failed = fields.List(fields.Str())


def _out() -> dict[str, Any]:
    row = mail.subscription(db(), current_player())
    return {"subscribed": row is not None, "email": row.email if row else None, "available": smtp() is not None}


@recaps_blp.route("/me/recap-email")
@recaps_blp.response(200, RecapEmailOut)
def my_recap_email() -> dict[str, Any]:
    return _out()


@recaps_blp.route("/me/recap-email", methods=["PUT"])
@recaps_blp.arguments(RecapEmailIn)
@recaps_blp.response(200, RecapEmailOut)
def subscribe(body: dict[str, Any]) -> dict[str, Any]:
    """Receive the day's recap by e-mail, at this address (kept for this alone)."""
    with transaction() as session:
        mail.subscribe(session, current_player(), body["email"], now())
    return _out()


@recaps_blp.route("/me/recap-email", methods=["DELETE"])
@recaps_blp.response(200, RecapEmailOut)
def unsubscribe() -> dict[str, Any]:
    with transaction() as session:
        mail.unsubscribe(session, current_player())
    return _out()


@recaps_blp.route("/sessions/<int:session_id>/recaps/send", methods=["POST"])
@recaps_blp.arguments(SendIn)
@recaps_blp.response(200, SentOut)
def send(body: dict[str, Any], session_id: int) -> dict[str, Any]:
    """Send the day's recap to the players who asked for it (the evening's job; also
    ``eclats recaps send``)."""
    result = mail.send_day_recaps(db(), session_id, body.get("day"), smtp())
    return {"sent": result.sent, "failed": result.failed}


@recaps_blp.route("/me/booklet.pdf")
@recaps_blp.response(200)
def my_booklet() -> Response:
    """« Mon carnet de parcours » (PDF): offers and whom to contact, the diagnosis of
    day 1 beside day 10, the appointment, the badges with their verification links."""
    from . import public_badges

    pdf = booklet.booklet_pdf(db(), current_player(), public_badges.links(), now(), zone())
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": 'attachment; filename="carnet-de-parcours.pdf"'})  # fmt: skip
