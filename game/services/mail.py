"""The day's recap by e-mail, for the young people who asked for it.

Only with their say-so: the address is given in the app for this purpose alone, kept
until they withdraw it or erase their data, and never shown to anyone. SMTP settings
come from the configuration (``SMTP_*``); without an SMTP host nothing is sent and the
recap stays in the app, where every player has it anyway.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from sqlalchemy import select
from sqlalchemy.orm import Session

from game.rules.errors import RuleViolation
from game.rules.recap import Recap
from game.rules.text import clean_email
from game.store.models import EmailSubscription, GameSession, Player

from .common import catalog_of, get_session
from .play import recap


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 25
    sender: str = "eclats@localhost"
    username: str = ""
    password: str = ""
    starttls: bool = False
    timeout: float = 15


def subscribe(db: Session, player: Player, email: str, now: datetime) -> EmailSubscription:
    address = clean_email(email)
    row = db.get(EmailSubscription, player.id)
    if row is None:
        row = EmailSubscription(player_id=player.id, email=address, created_at=now)
        db.add(row)
    else:
        row.email, row.created_at = address, now
    db.flush()
    return row


def unsubscribe(db: Session, player: Player) -> None:
    row = db.get(EmailSubscription, player.id)
    if row is not None:
        db.delete(row)
        db.flush()


def subscription(db: Session, player: Player) -> EmailSubscription | None:
    return db.get(EmailSubscription, player.id)


def recap_message(r: Recap, nickname: str, game: GameSession, sender: str, to: str) -> EmailMessage:
    catalog = catalog_of(game)
    message = EmailMessage()
    message["Subject"] = f"Ton bilan du jour {r.day} — {r.title}"
    message["From"] = formataddr((catalog.organisation, sender))
    message["To"] = to
    message["Message-ID"] = make_msgid(domain=sender.split("@")[-1] or "eclats")
    lines = [
        f"Bonjour {nickname},",
        "",
        f"Voici le bilan du jour {r.day} ({r.title}) de ton équipe.",
        f"Éclats gagnés aujourd'hui : {r.eclats_earned} (total : {r.eclats_total}).",
        "",
        "Missions réussies :" if r.solved else "Pas de mission réussie aujourd'hui : demain est un autre jour !",
        *[f"  - {q.title}" for q in r.solved],
    ]
    if r.offers:
        lines += ["", "Offres découvertes aujourd'hui :"]
        for offer in r.offers:
            lines += [f"  - {offer.title} : {offer.brings}", f"    Qui contacter : {offer.contact}"]
    lines += [
        "",
        f"Offres découvertes depuis le début : {r.offers_unlocked_total} sur {r.offers_total}.",
        "",
        f"À demain ! — {catalog.organisation}",
        "",
        "Tu reçois ce message parce que tu l'as demandé dans l'appli Éclats. "
        "Pour ne plus le recevoir, décoche « Recevoir mon bilan par e-mail » dans « Mes compétences ».",
    ]
    message.set_content("\n".join(lines))
    return message


@dataclass(frozen=True)
class Sent:
    sent: int
    failed: list[str]  # nicknames whose message could not be sent


def require(smtp: Smtp | None) -> Smtp:
    """The SMTP settings, or a refusal in words when this server cannot send e-mails."""
    if smtp is None or not smtp.host:
        raise RuleViolation("no_smtp", "L'envoi d'e-mails n'est pas configuré sur ce serveur (SMTP_HOST).")
    return smtp


def deliver(smtp: Smtp, messages: Sequence[tuple[str, EmailMessage]]) -> Sent:
    """Send each (name, message) over one connection; the names whose message failed."""
    sent, failed = 0, []
    if not messages:
        return Sent(0, [])
    with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as client:
        if smtp.starttls:
            client.starttls(context=ssl.create_default_context())
        if smtp.username:
            client.login(smtp.username, smtp.password)
        for name, message in messages:
            try:
                client.send_message(message)
                sent += 1
            except smtplib.SMTPException:
                failed.append(name)
    return Sent(sent, failed)


def send_day_recaps(db: Session, session_id: int, day: int | None, smtp: Smtp | None) -> Sent:
    """Send the day's recap to every player of the session who asked for it."""
    settings = require(smtp)
    game = get_session(db, session_id)
    wanted = day or game.current_day
    rows = db.execute(
        select(Player, EmailSubscription)
        .join(EmailSubscription, EmailSubscription.player_id == Player.id)
        .where(Player.session_id == game.id, Player.revoked_at.is_(None), Player.team_id.is_not(None))
    ).all()
    messages = [
        (p.nickname, recap_message(recap(db, p, wanted), p.nickname, game, settings.sender, s.email)) for p, s in rows
    ]
    return deliver(settings, messages)
