"""Counsellor appointments: slots (staff), booking and cancelling (phone), the agenda."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from flask import Response, request
from flask_smorest import Blueprint

from game.rules.errors import NotFound
from game.services import accounts, appointments
from game.services.common import catalog_of, get_session
from game.store.models import AppointmentSlot, Facilitator, Player

from .. import realtime
from ..auth import current_player, current_staff
from ..clock import now
from ..extensions import db, instance_secret, transaction
from ..organisation_settings import public_url, zone
from ..schemas import appointments as aps

appointments_blp = Blueprint("appointments", __name__, url_prefix="/api", description="Rendez-vous avec un conseiller")


def slot_out(slot: AppointmentSlot, counsellor: Facilitator) -> dict[str, Any]:
    return {
        "id": slot.id,
        "starts_at": slot.starts_at,  # naive UTC, written at the Mission Locale's hour
        "time_zone": zone().key,
        "duration_minutes": slot.duration_minutes,
        "mode": slot.mode,
        "mode_label": appointments.MODES[slot.mode],
        "place": slot.place,
        "counsellor": counsellor.display_name,
    }


def public_domain() -> str:
    """The host of the organisation's public address (else ``ECLATS_PUBLIC_URL``); without
    one, the host this request reached, which is the address the phones use (the same
    rule as join links)."""
    public = urlsplit(public_url()).hostname
    return public or urlsplit(request.host_url).hostname or "localhost"


@appointments_blp.route("/counsellors", methods=["POST"])
@appointments_blp.arguments(aps.CounsellorIn)
@appointments_blp.response(201, aps.CounsellorOut)
def add_counsellor(body: dict[str, Any]) -> dict[str, Any]:
    """A facilitator adds a counsellor account (they publish slots and see their agenda)."""
    with transaction() as session:
        account = accounts.create_facilitator(
            session, body["username"], body["password"], body["display_name"], now(), current_staff().organisation_id
        )  # in the facilitator's own organisation
        account.role = appointments.COUNSELLOR
        out = {
            "id": account.id,
            "username": account.username,
            "display_name": account.display_name,
            "role": appointments.COUNSELLOR,
        }
    return out


@appointments_blp.route("/sessions/<int:session_id>/slots", methods=["POST"])
@appointments_blp.arguments(aps.SlotsIn)
@appointments_blp.response(201, aps.SlotOut(many=True))
def publish(body: dict[str, Any], session_id: int) -> list[dict[str, Any]]:
    """Publish ``count`` slots one after the other. Their start is given in one of two
    ways: ``local_start``, the Mission Locale's wall-clock time without offset
    (``2027-01-15T14:00``, what the console sends), or ``starts_at``, an RFC 3339 instant
    carrying the offset of the session's Mission Locale's zone at that instant
    (``2027-01-15T14:00:00+01:00`` in Paris; the zone set in its « Réglages », else the
    installation's). A time the clocks skip or repeat that night is refused (422, nothing
    published). Slots come back with ``starts_at`` at the Mission Locale's hour, with its
    offset, and the zone's name in ``time_zone``."""
    with transaction() as session:
        staff = current_staff()
        slots = appointments.publish_slots(
            session, staff, session_id, body["starts_at"], body["duration_minutes"], body["mode"], body["place"],
            body["count"], now(), zone(), body.get("counsellor_id"),
        )  # fmt: skip
        out = [slot_out(s, session.get(Facilitator, s.counsellor_id) or staff) for s in slots]
    realtime.publish_slots(session_id)
    return out


@appointments_blp.route("/sessions/<int:session_id>/slots/<int:slot_id>", methods=["DELETE"])
@appointments_blp.response(204)
def remove_slot(session_id: int, slot_id: int) -> None:
    with transaction() as session:
        appointments.delete_slot(session, current_staff(), session_id, slot_id)
    realtime.publish_slots(session_id)


@appointments_blp.route("/sessions/<int:session_id>/agenda")
@appointments_blp.arguments(aps.AgendaQuery, location="query")
@appointments_blp.response(200, aps.AgendaLineOut(many=True))
def agenda(query: dict[str, Any], session_id: int) -> list[dict[str, Any]]:
    """The session's slots with each young person's note and the offers they showed
    interest in (``mine=true``: only the signed-in counsellor's)."""
    game = get_session(db(), session_id)
    lines = appointments.agenda(db(), game, current_staff(), query["mine"])
    return [
        {
            **slot_out(line.slot, line.counsellor),
            "booked": line.appointment is not None,
            "nickname": line.nickname,
            "note": line.appointment.note if line.appointment else None,
            "offers": line.offers,
        }
        for line in lines
    ]


def _my(player: Player) -> dict[str, Any]:
    found = appointments.mine(db(), player)
    catalog = catalog_of(player.session)
    booked, size = appointments.team_bookings(db(), player)
    out: dict[str, Any] = {"booked": False, "slot": None, "note": None, "offers": [], "team_booked": booked,
                           "team_size": size}  # fmt: skip
    if found is not None:
        appointment, slot, counsellor = found
        offers = [o for o in (catalog.offer(i) for i in json.loads(appointment.offers)) if o]
        out.update(booked=True, slot=slot_out(slot, counsellor), note=appointment.note,
                   offers=offers)  # fmt: skip
    return out


@appointments_blp.route("/me/appointment")
@appointments_blp.response(200, aps.MyAppointmentOut)
def my_appointment() -> dict[str, Any]:
    return _my(current_player())


@appointments_blp.route("/me/appointment/slots")
@appointments_blp.response(200, aps.SlotOut(many=True))
def my_slots() -> list[dict[str, Any]]:
    return [slot_out(s, c) for s, c in appointments.free_slots(db(), current_player(), now())]


@appointments_blp.route("/me/appointment", methods=["POST"])
@appointments_blp.arguments(aps.BookIn)
@appointments_blp.response(201, aps.MyAppointmentOut)
def book(body: dict[str, Any]) -> dict[str, Any]:
    """Take a slot, saying in my own words what I want to talk about. Two phones on the
    same slot at the same instant: one gets it, the other a clear message."""
    with transaction() as session:
        player = current_player()
        _appointment, events = appointments.book(session, player, body["slot_id"], body["note"], body["offers"], now())
    realtime.publish(events)
    realtime.publish_slots(current_player().session_id)  # the slot is gone for the others
    return _my(current_player())


@appointments_blp.route("/me/appointment", methods=["DELETE"])
@appointments_blp.response(200, aps.MyAppointmentOut)
def cancel() -> dict[str, Any]:
    with transaction() as session:
        events = appointments.cancel(session, current_player(), now())
    realtime.publish(events)
    realtime.publish_slots(current_player().session_id)  # free again
    return _my(current_player())


@appointments_blp.route("/me/appointment.ics")
@appointments_blp.response(200)
def my_ics() -> Response:
    player = current_player()
    found = appointments.mine(db(), player)
    if found is None:
        raise NotFound("no_appointment", "Tu n'as pas de rendez-vous.")  # the documented error body
    uid = appointments.ics_uid(found[0], public_domain(), instance_secret())
    data = appointments.ics(*found, catalog_of(player.session).organisation, zone(), uid)
    return Response(data, mimetype="text/calendar",
                    headers={"Content-Disposition": 'attachment; filename="rendez-vous.ics"'})  # fmt: skip
