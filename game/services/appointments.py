"""The counsellor appointment, the highlight of Tempo: counsellors publish slots, each
young person picks one and says in their own words what they want to talk about; the
team sees how many have booked, the counsellor sees their agenda."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar as ICalendar
from icalendar import Event as IEvent
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from content.catalog import Catalog, Quest, QuestKind
from game.rules import quests as rules
from game.rules.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from game.store.models import Appointment, AppointmentSlot, Facilitator, GameSession, Player

from .common import Routed, calendar_of, catalog_of, credit, get_session, progress_only, team_rows, write_state
from .play import team_of

COUNSELLOR = "counsellor"  # Facilitator.role of the counsellors' accounts
MODES = {"in_person": "sur place", "phone": "par téléphone", "video": "en visio"}
MAX_NOTE = 500
MAX_OFFERS = 5


def appointment_quest(catalog: Catalog) -> Quest:
    quest = next((q for q in catalog.quests if q.kind is QuestKind.APPOINTMENT), None)
    if quest is None:
        raise NotFound("no_appointment_quest", "Ce pack n'a pas de mission de rendez-vous.")
    return quest


def publish_slots(
    db: Session,
    staff: Facilitator,
    session_id: int,
    starts_at: datetime,
    duration_minutes: int,
    mode: str,
    place: str,
    count: int,
    now: datetime,
    counsellor_id: int | None = None,
) -> list[AppointmentSlot]:
    """``count`` slots one after the other from ``starts_at``, for ``counsellor_id`` (by
    default the staff member publishing them)."""
    session = get_session(db, session_id)
    if mode not in MODES:
        raise InvalidInput("mode", "Mode inconnu : sur place, téléphone ou visio.")
    if not 10 <= duration_minutes <= 180:
        raise InvalidInput("duration_minutes", "Un rendez-vous dure entre 10 et 180 minutes.")
    if not 1 <= count <= 30:
        raise InvalidInput("count", "Entre 1 et 30 créneaux à la fois.")
    if starts_at <= now:
        raise InvalidInput("starts_at", "Ce créneau est déjà passé.")
    if is_counsellor(staff) and counsellor_id not in (None, staff.id):
        raise Forbidden("not_your_slots", "Vous ne pouvez publier que vos propres créneaux.")
    counsellor = db.get(Facilitator, counsellor_id) if counsellor_id else staff
    if counsellor is None:
        raise NotFound("no_counsellor", "Ce conseiller n'existe pas.")
    place = " ".join(place.split())[:200]
    if mode == "in_person" and not place:
        raise InvalidInput("place", "Indiquez le lieu du rendez-vous (adresse, bureau).")
    slots = [
        AppointmentSlot(
            session_id=session.id,
            counsellor_id=counsellor.id,
            starts_at=starts_at + timedelta(minutes=duration_minutes * i),
            duration_minutes=duration_minutes,
            mode=mode,
            place=place,
            created_at=now,
        )
        for i in range(count)
    ]
    db.add_all(slots)
    db.flush()
    return slots


def is_counsellor(staff: Facilitator) -> bool:
    """Counsellors reach their own slots only (api/policy.py, ``own_slots``)."""
    return staff.role == COUNSELLOR


def delete_slot(db: Session, staff: Facilitator, session_id: int, slot_id: int) -> None:
    slot = _slot_in(db, session_id, slot_id)
    if is_counsellor(staff) and slot.counsellor_id != staff.id:
        raise NotFound("no_slot", "Ce créneau n'existe pas.")
    if db.scalar(select(Appointment).where(Appointment.slot_id == slot.id)) is not None:
        raise RuleViolation("slot_booked", "Ce créneau est réservé : le jeune doit d'abord annuler.")
    db.delete(slot)
    db.flush()


def _slot_in(db: Session, session_id: int, slot_id: int) -> AppointmentSlot:
    slot = db.get(AppointmentSlot, slot_id)
    if slot is None or slot.session_id != session_id:
        raise NotFound("no_slot", "Ce créneau n'existe pas.")
    return slot


def free_slots(db: Session, player: Player, now: datetime) -> list[tuple[AppointmentSlot, Facilitator]]:
    taken = select(Appointment.slot_id)
    rows = db.execute(
        select(AppointmentSlot, Facilitator)
        .join(Facilitator, AppointmentSlot.counsellor_id == Facilitator.id)
        .where(
            AppointmentSlot.session_id == player.session_id,
            AppointmentSlot.starts_at > now,
            AppointmentSlot.id.not_in(taken),
        )
        .order_by(AppointmentSlot.starts_at)
    ).all()
    return [(slot, counsellor) for slot, counsellor in rows]


def mine(db: Session, player: Player) -> tuple[Appointment, AppointmentSlot, Facilitator] | None:
    row = db.execute(
        select(Appointment, AppointmentSlot, Facilitator)
        .join(AppointmentSlot, Appointment.slot_id == AppointmentSlot.id)
        .join(Facilitator, AppointmentSlot.counsellor_id == Facilitator.id)
        .where(Appointment.player_id == player.id)
    ).first()
    return (row[0], row[1], row[2]) if row else None


def _progress(db: Session, player: Player, now: datetime) -> list[Routed]:
    """The team's appointment mission after a booking or a cancellation."""
    session = player.session
    catalog = catalog_of(session)
    quest = appointment_quest(catalog)
    team = team_of(player)
    members = [m.id for m in team.members]
    booked = db.scalar(select(func.count()).select_from(Appointment).where(Appointment.player_id.in_(members))) or 0
    rows = team_rows(db, team.id)
    snap = progress_only(rows)
    state, event = rules.appointments_progress(quest, snap.state(quest.id), booked, len(members))
    write_state(db, team, rows, quest.id, state, now, player.id)
    reward = quest.reward if state.progress is not snap.state(quest.id).progress else 0
    credit(db, team, session.current_day, reward, "quest", quest.id, now)
    db.flush()
    return [Routed(event, session.id, team.id, player.id, None)]


def book(
    db: Session, player: Player, slot_id: int, note: str, offers: list[str], now: datetime
) -> tuple[Appointment, list[Routed]]:
    session = player.session
    catalog = catalog_of(session)
    quest = appointment_quest(catalog)
    team = team_of(player)
    rules.ensure_can_book(quest, catalog, calendar_of(session), progress_only(team_rows(db, team.id)))
    note = " ".join(note.split())
    if not note:
        raise InvalidInput("note", "Dis en quelques mots ce dont tu veux parler avec ton conseiller.")
    if len(note) > MAX_NOTE:
        raise InvalidInput("note", f"{MAX_NOTE} caractères au plus.")
    unknown = [o for o in offers if catalog.offer(o) is None]
    if unknown or len(offers) > MAX_OFFERS:
        raise InvalidInput("offers", f"Données invalides — « offers » : choisis au plus {MAX_OFFERS} offres du jeu.")
    if mine(db, player) is not None:
        raise RuleViolation("already_booked", "Tu as déjà un rendez-vous : annule-le d'abord pour en prendre un autre.")
    slot = _slot_in(db, session.id, slot_id)
    if slot.starts_at <= now:
        raise RuleViolation("slot_past", "Ce créneau est déjà passé. Choisis-en un autre.")
    appointment = Appointment(
        slot_id=slot.id, player_id=player.id, note=note, offers=json.dumps(list(dict.fromkeys(offers))), created_at=now
    )
    db.add(appointment)
    try:
        db.flush()
    except IntegrityError as taken:  # somebody booked this slot at the same instant
        raise RuleViolation(
            "slot_taken", "Ce créneau vient d'être pris par quelqu'un d'autre. Choisis-en un autre."
        ) from taken
    return appointment, _progress(db, player, now)


def cancel(db: Session, player: Player, now: datetime) -> list[Routed]:
    """The slot is free again; a mission already won stays won."""
    found = mine(db, player)
    if found is None:
        raise NotFound("no_appointment", "Tu n'as pas de rendez-vous.")
    db.delete(found[0])
    db.flush()
    return _progress(db, player, now)


def ics(appointment: Appointment, slot: AppointmentSlot, counsellor: Facilitator, organisation: str) -> bytes:
    """The appointment as an iCalendar file, for the phone's calendar."""
    calendar = ICalendar()
    calendar.add("prodid", "-//Eclats//Rendez-vous Mission Locale//FR")
    calendar.add("version", "2.0")
    event = IEvent()
    event.add("uid", f"rdv-{appointment.id}-{slot.id}@eclats")
    event.add("dtstamp", appointment.created_at)
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.starts_at + timedelta(minutes=slot.duration_minutes))
    event.add("summary", f"Rendez-vous avec {counsellor.display_name} ({organisation})")
    event.add("location", slot.place if slot.mode == "in_person" else MODES[slot.mode])
    event.add("description", f"Ce dont je veux parler : {appointment.note}")
    calendar.add_component(event)
    return bytes(calendar.to_ical())


@dataclass(frozen=True)
class AgendaLine:
    slot: AppointmentSlot
    counsellor: Facilitator
    appointment: Appointment | None
    nickname: str | None
    offers: list[str]  # titles


def agenda(db: Session, session: GameSession, staff: Facilitator, mine: bool = False) -> list[AgendaLine]:
    """The session's slots; a counsellor's own only (or anyone's own with ``mine``)."""
    counsellor_id = staff.id if mine or is_counsellor(staff) else None
    catalog = catalog_of(session)
    query = (
        select(AppointmentSlot, Facilitator, Appointment, Player.nickname)
        .join(Facilitator, AppointmentSlot.counsellor_id == Facilitator.id)
        .outerjoin(Appointment, Appointment.slot_id == AppointmentSlot.id)
        .outerjoin(Player, Appointment.player_id == Player.id)
        .where(AppointmentSlot.session_id == session.id)
        .order_by(AppointmentSlot.starts_at)
    )
    if counsellor_id is not None:
        query = query.where(AppointmentSlot.counsellor_id == counsellor_id)
    lines = []
    for slot, counsellor, appointment, nickname in db.execute(query).all():
        titles = []
        if appointment is not None:
            titles = [o.title for o in (catalog.offer(i) for i in json.loads(appointment.offers)) if o]
        lines.append(AgendaLine(slot, counsellor, appointment, nickname, titles))
    return lines
