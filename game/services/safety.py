"""The safety net (README, "The safety net"): an urgent answer shows the young person the
numbers that help now, and tells the session's staff at once, in private.

An answer is urgent when the pack marks a self-diagnosis choice ``urgent`` (with the ids
of the helplines it shows, ``content/helplines.yaml``), or when a facilitator flags a
free-text answer they review. Either way one private alert is written: who, what they
answered (in words), which numbers were shown, when; then open → seen → handled (« pris
en charge ») with who and when. Nothing of it goes to the team or the leaderboard; it is
in the young person's export and goes with their erasure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from content.catalog import Catalog, Helpline
from game.rules.errors import InvalidInput, NotFound
from game.rules.names import clean_text
from game.store.models import AppointmentSlot, Facilitator, Player
from game.store.safety import SafetyAlert

from .appointments import is_counsellor
from .common import catalog_of
from .diagnosis_views import ResultsView
from .reviews import get_submission

STATES = ("open", "seen", "handled")
MAX_NOTE = 500
#: What a flagged free-text answer shows when the facilitator picks no number: the
#: listening lines first (kind, not alarming), then the emergencies.
FLAG_HELPLINES = ("fil-sante-jeunes", "3114", "115", "119", "3919")


@dataclass(frozen=True)
class AlertView:
    """An alert as the console shows it."""

    alert: SafetyAlert
    helplines: list[Helpline]


@dataclass(frozen=True)
class PrivateHelp:
    """What the phone shows its young person after a facilitator flagged their answer."""

    alert_ids: list[int]
    helplines: list[Helpline]


@dataclass(frozen=True)
class TakenView(ResultsView):
    """The results of a diagnosis round just taken, with the numbers to show at once."""

    urgent_help: list[Helpline]


def with_help(view: ResultsView, helplines: list[Helpline]) -> TakenView:
    return TakenView(**{f.name: getattr(view, f.name) for f in fields(view)}, urgent_help=helplines)


def on_diagnosis(db: Session, player: Player, round_: int, chosen: Mapping[str, int], now: datetime) -> list[Helpline]:
    """Record a private alert when any chosen answer (question id → choice index) is
    urgent, and return the helplines to show at once; ``[]`` otherwise. Taking the same
    round again with the same urgent answers while the alert is still open writes no
    second alert (the numbers are shown again)."""
    catalog = catalog_of(player.session)
    diagnosis = catalog.diagnosis
    if diagnosis is None:
        return []
    said: list[str] = []
    ids: list[str] = []
    for question_id, index in chosen.items():
        question = diagnosis.question(question_id)
        if question is None or not 0 <= index < len(question.choices):
            continue
        choice = question.choices[index]
        if choice.is_urgent:
            said.append(f"{question.text} → « {choice.text} »")
            ids.extend(h for h in choice.urgent if h not in ids)
    if not said:
        return []
    answer = "\n".join(said)
    already = db.scalar(
        select(SafetyAlert).where(
            SafetyAlert.player_id == player.id,
            SafetyAlert.source == "diagnosis",
            SafetyAlert.round == round_,
            SafetyAlert.answer == answer,
            SafetyAlert.state != "handled",
        )
    )
    if already is None:
        db.add(
            SafetyAlert(
                session_id=player.session_id,
                player_id=player.id,
                source="diagnosis",
                round=round_,
                answer=answer,
                note="",
                helplines=json.dumps(ids),
                created_at=now,
                state="open",
            )
        )
        db.flush()
    return _helplines(catalog, ids)


def flag_submission(
    db: Session, staff: Facilitator, submission_id: int, note: str, helplines: list[str] | None, now: datetime
) -> SafetyAlert:
    """A facilitator flags a free-text answer as urgent: the same alert, and the young
    person who wrote it gets the numbers in a private message on their phone."""
    submission = get_submission(db, submission_id)
    if submission.player_id is None:
        raise NotFound("no_player", "La personne qui a écrit cette réponse a effacé ses données.")
    catalog = catalog_of(submission.team.session)
    ids = list(dict.fromkeys(helplines if helplines else FLAG_HELPLINES))
    unknown = [h for h in ids if catalog.helpline(h) is None]
    if unknown:
        raise InvalidInput("helplines", f"Numéro d'aide inconnu : {', '.join(unknown)}.")
    quest = catalog.quest(submission.quest_id)
    answer = f"{quest.title if quest else submission.quest_id} → « {submission.text} »"
    alert = SafetyAlert(
        session_id=submission.team.session_id,
        player_id=submission.player_id,
        source="review",
        submission_id=submission.id,
        answer=answer,
        note=clean_text(note).strip()[:MAX_NOTE],
        helplines=json.dumps(ids),
        created_at=now,
        flagged_by=staff.id,
        state="open",
    )
    db.add(alert)
    db.flush()
    return alert


def is_reader(db: Session, staff: Facilitator, session_id: int) -> bool:
    """The session's staff read its alerts: every facilitator (they stand in for each
    other), and the counsellors who published slots for this group."""
    return not is_counsellor(staff) or (
        db.scalar(
            select(AppointmentSlot.id)
            .where(AppointmentSlot.session_id == session_id, AppointmentSlot.counsellor_id == staff.id)
            .limit(1)
        )
        is not None
    )


def check_reader(db: Session, staff: Facilitator, session_id: int) -> None:
    """Another counsellor finds no alert there to act on."""
    if not is_reader(db, staff, session_id):
        raise NotFound("no_alerts", "Les alertes de ce groupe sont pour ses animateurs et ses conseillers.")


def alerts_for(db: Session, staff: Facilitator, session_id: int) -> list[AlertView]:
    """What this member of staff sees of the session's alerts: all of them for its
    staff, none for a counsellor who has no slot in the group (an empty list, so that
    the agenda page of a counsellor new to the group loads without an error)."""
    return list_alerts(db, session_id) if is_reader(db, staff, session_id) else []


def list_alerts(db: Session, session_id: int) -> list[AlertView]:
    """The session's alerts, the open ones first, then the newest first."""
    rows = db.scalars(select(SafetyAlert).where(SafetyAlert.session_id == session_id))
    alerts = sorted(rows, key=lambda a: (a.state == "handled", -a.created_at.timestamp(), -a.id))
    return [view(a) for a in alerts]


def view(alert: SafetyAlert) -> AlertView:
    return AlertView(alert, _helplines(catalog_of(alert.player.session), json.loads(alert.helplines)))


def mark(db: Session, staff: Facilitator, session_id: int, alert_id: int, state: str, now: datetime) -> SafetyAlert:
    """« Vue » or « pris en charge », with who and when. Handled is final; seeing an
    alert already handled changes nothing."""
    alert = db.get(SafetyAlert, alert_id)
    if alert is None or alert.session_id != session_id:
        raise NotFound("no_alert", "Cette alerte n'existe pas.")
    if state not in STATES[1:]:
        raise InvalidInput("state", "« state » : « seen » ou « handled ».")
    if alert.seen_at is None:
        alert.seen_at, alert.seen_by = now, staff.id
    if state == "handled" and alert.handled_at is None:
        alert.handled_at, alert.handled_by = now, staff.id
    alert.state = "handled" if alert.handled_at else "seen"
    db.flush()
    return alert


def private_help(db: Session, player: Player) -> PrivateHelp:
    """The numbers a facilitator sent this young person and that they have not closed."""
    rows = list(
        db.scalars(
            select(SafetyAlert)
            .where(SafetyAlert.player_id == player.id, SafetyAlert.source == "review", SafetyAlert.read_at.is_(None))
            .order_by(SafetyAlert.id)
        )
    )
    ids: list[str] = []
    for row in rows:
        ids.extend(h for h in json.loads(row.helplines) if h not in ids)
    return PrivateHelp([r.id for r in rows], _helplines(catalog_of(player.session), ids))


def read_help(db: Session, player: Player, now: datetime) -> None:
    """The young person closed the message (the staff's alert stays as it was)."""
    for row in db.scalars(select(SafetyAlert).where(SafetyAlert.player_id == player.id, SafetyAlert.read_at.is_(None))):
        row.read_at = now
    db.flush()


def export_alerts(db: Session, player: Player) -> list[dict[str, Any]]:
    """For the young person's export (under "alertes")."""
    return [
        {
            "origine": "diagnostic" if a.source == "diagnosis" else "réponse signalée par un animateur",
            "reponse": a.answer,
            "note_de_l_animateur": a.note,
            "numeros_montres": json.loads(a.helplines),
            "le": a.created_at.isoformat(),
            "etat": {"open": "ouverte", "seen": "vue", "handled": "prise en charge"}[a.state],
            "prise_en_charge_le": a.handled_at.isoformat() if a.handled_at else None,
        }
        for a in db.scalars(select(SafetyAlert).where(SafetyAlert.player_id == player.id).order_by(SafetyAlert.id))
    ]


def erase_alerts(db: Session, player: Player) -> None:
    db.execute(delete(SafetyAlert).where(SafetyAlert.player_id == player.id))


def _helplines(catalog: Catalog, ids: list[str]) -> list[Helpline]:
    return [h for i in ids if (h := catalog.helpline(i)) is not None]
