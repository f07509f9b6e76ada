"""The counsellor appointment, the highlight of Tempo: counsellors publish slots, each
young person picks one and says in their own words what they want to talk about; the
team sees how many have booked, the counsellor sees their agenda."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar as ICalendar
from icalendar import Event as IEvent
from icalendar import Timezone as ITimezone
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from content.catalog import Catalog, Quest
from game.rules import kinds, localtime
from game.rules import quests as rules
from game.rules.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from game.store.models import Appointment, AppointmentSlot, Facilitator, GameSession, Player

from .common import Routed, calendar_of, catalog_of, credit, get_session, progress_only, team_rows, write_state
from .play import team_of

COUNSELLOR = "counsellor"  # Facilitator.role of the counsellors' accounts
MODES = {"in_person": "sur place", "phone": "par téléphone", "video": "en visio"}
MAX_NOTE = 500
MAX_OFFERS = 5
AHEAD = timedelta(days=366)  # slots are for a session of ten days: a year ahead is plenty


def appointment_quest(catalog: Catalog) -> Quest:
    quest = next((q for q in catalog.quests if kinds.of(q.kind).appointment), None)
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
    zone: ZoneInfo,
    counsellor_id: int | None = None,
) -> list[AppointmentSlot]:
    """``count`` slots one after the other from ``starts_at`` (an instant, naive UTC, like
    ``now``), for ``counsellor_id`` (by default the staff member publishing them). Each
    must start at a wall time of ``zone`` that names one instant: none is written
    otherwise."""
    session = get_session(db, session_id)
    if mode not in MODES:
        raise InvalidInput("mode", "Mode inconnu : sur place, téléphone ou visio.")
    if not 10 <= duration_minutes <= 180:
        raise InvalidInput("duration_minutes", "Un rendez-vous dure entre 10 et 180 minutes.")
    if not 1 <= count <= 30:
        raise InvalidInput("count", "Entre 1 et 30 créneaux à la fois.")
    if starts_at <= now:
        raise InvalidInput("starts_at", "Ce créneau est déjà passé.")
    if starts_at > now + AHEAD:
        raise InvalidInput("starts_at", "Ce créneau est à plus d'un an : publiez-le plus tard.")
    # one after the other in real time: across a change of the clocks, 30 minutes stay 30
    starts = [starts_at + timedelta(minutes=duration_minutes * i) for i in range(count)]
    first = localtime.series_problem(starts[:1], zone)
    problem = first or localtime.series_problem(starts, zone)
    if problem is not None:
        field = "starts_at" if first else "count"
        raise InvalidInput(field, f"Données invalides — « {field} » : {problem}")
    if is_counsellor(staff) and counsellor_id not in (None, staff.id):
        raise Forbidden("not_your_slots", "Vous ne pouvez publier que vos propres créneaux.")
    counsellor = db.get(Facilitator, counsellor_id) if counsellor_id else staff
    # a counsellor of another Mission Locale is unknown here
    if counsellor is None or counsellor.organisation_id != session.organisation_id:
        raise NotFound("no_counsellor", "Ce conseiller n'existe pas.")
    place = " ".join(place.split())[:200]
    if mode == "in_person" and not place:
        raise InvalidInput("place", "Indiquez le lieu du rendez-vous (adresse, bureau).")
    slots = [
        AppointmentSlot(
            session_id=session.id,
            counsellor_id=counsellor.id,
            starts_at=start,
            duration_minutes=duration_minutes,
            mode=mode,
            place=place,
            created_at=now,
        )
        for start in starts
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


def team_bookings(db: Session, player: Player) -> tuple[int, int]:
    """How many of the player's team have booked their appointment, and the team's size."""
    members = [m.id for m in team_of(player).members]
    booked = db.scalar(select(func.count()).select_from(Appointment).where(Appointment.player_id.in_(members)))
    return booked or 0, len(members)


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


def ics_uid(appointment: Appointment, domain: str, secret: bytes) -> str:
    """Unique across installations (RFC 5545 § 3.8.4.7): the public host's domain, and a
    tag keyed with this installation's secret, so two installations without a public
    address of their own never give the same UID to their appointment number 1; stable,
    so the same appointment downloaded twice updates the event instead of doubling it."""
    tag = hmac.new(secret, f"appointment:{appointment.id}".encode(), hashlib.sha256).hexdigest()[:16]
    return f"rdv-{appointment.id}-{tag}@{domain}"


def ics(
    appointment: Appointment,
    slot: AppointmentSlot,
    counsellor: Facilitator,
    organisation: str,
    zone: ZoneInfo,
    uid: str,
) -> bytes:
    """The appointment as an iCalendar file, for the phone's calendar: its times in the
    installation's zone (``DTSTART;TZID=Europe/Paris:…``) with the VTIMEZONE that defines
    it, so a calendar set to any zone puts it at the right instant."""
    start = localtime.local(slot.starts_at, zone)
    calendar = ICalendar()
    calendar.add("prodid", "-//Eclats//Rendez-vous Mission Locale//FR")
    calendar.add("version", "2.0")
    # the zone's rules around the appointment (a few transitions, not 70 years of them)
    calendar.add_component(
        ITimezone.from_tzinfo(
            zone, first_date=date(max(start.year - 1, 1), 1, 1), last_date=date(min(start.year + 2, 9999), 1, 1)
        )
    )
    event = IEvent()
    event.add("uid", uid)
    event.add("dtstamp", appointment.created_at.replace(tzinfo=UTC))
    event.add("dtstart", start)
    event.add("dtend", localtime.local(slot.starts_at + timedelta(minutes=slot.duration_minutes), zone))
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
