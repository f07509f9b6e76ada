"""« Mon diagnostic » as a PDF the young person keeps, and by e-mail when they ask.

The same results as on the phone: one bar per family of needs (day 1 beside day 10 once
both are taken), then the offers put forward "pour toi en priorité" with whom to ask.
Made with reportlab (platypus) in memory, like « Mon carnet de parcours » (booklet.py).

The e-mail goes to an address typed for this sending alone: it is not stored anywhere,
not even in the logs; the SMTP settings and the sender are those of the recaps (mail.py).
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from badges.cv import pdf_fonts
from game.rules.errors import NotFound, RuleViolation
from game.rules.localtime import local
from game.rules.text import clean_email
from game.store.models import Player

from . import diagnosis_views, mail
from .common import catalog_of
from .pdf import a4_pdf

FILENAME = "mon-diagnostic.pdf"
_BAR_WIDTH = 70 * mm
_BAR_HEIGHT = 3.2 * mm
_TRACK = colors.HexColor("#e3e6ee")
_FILL = colors.HexColor("#3b5bdb")
_FILL_BEFORE = colors.HexColor("#9aa7c7")


def _bar(value: int, fill: colors.Color) -> Drawing:
    drawing = Drawing(_BAR_WIDTH, _BAR_HEIGHT)
    drawing.add(Rect(0, 0, _BAR_WIDTH, _BAR_HEIGHT, fillColor=_TRACK, strokeColor=None))
    if value > 0:
        drawing.add(Rect(0, 0, _BAR_WIDTH * min(value, 100) / 100, _BAR_HEIGHT, fillColor=fill, strokeColor=None))
    return drawing


def diagnosis_pdf(db: Session, player: Player, now: datetime, zone: ZoneInfo) -> bytes:
    """``now`` is naive UTC, like the stored times; the date is written at ``zone``'s hour."""
    catalog = catalog_of(player.session)
    results = diagnosis_views.my_results(db, player)
    if not results.available:
        raise NotFound("no_diagnosis", "Il n'y a pas de diagnostic dans cette partie.")
    regular, bold = pdf_fonts()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName=regular, fontSize=10.5, leading=14)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=12, textColor=colors.HexColor("#4a5163"))
    h1 = ParagraphStyle("h1", parent=styles["Title"], fontName=bold, fontSize=22, leading=26, alignment=0)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontName=bold, fontSize=14, leading=18, spaceBefore=10)
    h3 = ParagraphStyle("h3", parent=body, fontName=bold, fontSize=11, leading=14, spaceBefore=4)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    def bars(name: str, rows: list[tuple[str, int, colors.Color]], note: str = "") -> Flowable:
        table = Table(
            [[p(label, small), _bar(value, fill), p(f"{value} %", small)] for label, value, fill in rows],
            colWidths=[22 * mm, _BAR_WIDTH + 4 * mm, 18 * mm],
            hAlign="LEFT",
        )
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        parts: list[Flowable] = [p(name, h3), table]
        if note:
            parts.append(p(note, small))
        return KeepTogether(parts)

    story: list[Flowable] = [
        p("Mon diagnostic", h1),
        p(f"{player.nickname} · {catalog.organisation} · {player.session.name}"),
        p(f"Fait le {local(now, zone):%d/%m/%Y}. Plus la barre est longue, plus ce sujet compte pour toi.", small),
        Spacer(1, 3 * mm),
    ]
    taken = [r for r in results.rounds if r.taken]
    if not taken:
        story.append(p("Tu n'as pas encore fait le diagnostic."))
    elif results.comparison:
        story.append(p("Jour 1 et jour 10", h2))
        for c in results.comparison:
            story.append(
                bars(c.name, [("Jour 1", c.before, _FILL_BEFORE), ("Jour 10", c.after, _FILL)], _change(c.change))
            )
    else:
        latest = next(r for r in taken if r.round == results.based_on_round)
        story.append(p(f"Jour {latest.round}", h2))
        for s in latest.scores:
            story.append(bars(s.name, [(f"Jour {latest.round}", s.priority, _FILL)]))

    story.append(p("Pour toi en priorité", h2))
    if not results.priority_offers:
        story.append(p("Aucun besoin ne ressort fort pour l'instant. Toutes les offres t'attendent dans l'appli."))
    for found in results.priority_offers:
        story.append(Paragraph(f"<b>{escape(found.offer.title)}</b> — {escape(found.family_name)}", body))
        story.append(p(found.offer.brings))
        story.append(p(f"Qui contacter : {found.offer.contact}", small))
        story.append(Spacer(1, 2 * mm))
    story.append(Spacer(1, 3 * mm))
    story.append(p("Parles-en avec ta conseillère ou ton conseiller : c'est un bon point de départ."))

    return a4_pdf(story, f"Mon diagnostic — {player.nickname}", catalog.organisation)


def _change(change: int) -> str:
    if change < 0:
        return f"Moins {-change} points : ce besoin a baissé, ça avance !"
    if change > 0:
        return f"Plus {change} points : parles-en à ta conseillère ou ton conseiller."
    return "Pareil qu'au jour 1."


def send_diagnosis(
    db: Session, player: Player, email: str, smtp: mail.Smtp | None, now: datetime, zone: ZoneInfo
) -> None:
    """E-mail « Mon diagnostic » (the PDF attached) to ``email``, typed for this alone
    and kept nowhere. Refused in words when the server cannot send e-mails."""
    settings = mail.require(smtp)
    to = clean_email(email)
    pdf = diagnosis_pdf(db, player, now, zone)
    organisation = catalog_of(player.session).organisation
    message = EmailMessage()
    message["Subject"] = "Mon diagnostic"
    message["From"] = formataddr((organisation, settings.sender))
    message["To"] = to
    message["Message-ID"] = make_msgid(domain=settings.sender.split("@")[-1] or "eclats")
    message.set_content(
        "\n".join(
            [
                f"Bonjour {player.nickname},",
                "",
                "Voici ton diagnostic, comme tu l'as demandé : il est dans le fichier PDF joint.",
                "Montre-le à ta conseillère ou ton conseiller : c'est un bon point de départ.",
                "",
                f"À bientôt ! — {organisation}",
                "",
                "Ton adresse a servi pour ce seul envoi : elle n'est pas gardée.",
            ]
        )
    )
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=FILENAME)
    try:
        result = mail.deliver(settings, [(player.nickname, message)])
    except OSError:  # the SMTP server is down or refuses the connection
        result = mail.Sent(0, [player.nickname])
    if result.failed:
        raise RuleViolation("mail_failed", "L'e-mail n'est pas parti. Réessaie plus tard, ou télécharge le PDF.")
