"""The one-page « CV compétences »: the young person's badges, each with what it
recognises, when, and a QR code and link a recruiter can use to check it.

Made with reportlab, in memory; the fonts are DejaVu (Debian's fonts-dejavu-core) when
present, for the French accents, else Helvetica.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
MAX_BADGES = 8  # one page; the most recent first


@dataclass(frozen=True)
class CvBadge:
    name: str
    category: str
    criteria: str
    issued_at: datetime
    expires_at: datetime | None
    revoked: bool
    verify_url: str
    color: str | None


def pdf_fonts() -> tuple[str, str]:
    """DejaVu (regular, bold) for the French accents when Debian's fonts are there, else Helvetica."""
    regular, bold = _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVu", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(bold)))
        return "DejaVu", "DejaVu-Bold"
    return "Helvetica", "Helvetica-Bold"


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and pdfmetrics.stringWidth(lines[-1] + " " + word, font, size) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _date(at: datetime) -> str:
    return at.strftime("%d/%m/%Y")


def cv_pdf(nickname: str, organisation: str, badges: list[CvBadge], made_at: datetime) -> bytes:
    regular, bold = pdf_fonts()
    out = io.BytesIO()
    pdf = Canvas(out, pagesize=A4, pageCompression=1)
    pdf.setTitle(f"CV compétences — {nickname}")
    pdf.setAuthor(organisation)
    width, height = A4
    left, right = 18 * mm, width - 18 * mm
    y = height - 22 * mm
    pdf.setFont(bold, 22)
    pdf.drawString(left, y, "CV compétences")
    y -= 9 * mm
    pdf.setFont(regular, 13)
    pdf.drawString(left, y, nickname)
    y -= 6 * mm
    pdf.setFont(regular, 9.5)
    pdf.setFillColor(HexColor("#4a5163"))
    pdf.drawString(left, y, f"Compétences reconnues par la {organisation} (Open Badges), au {_date(made_at)}.")
    y -= 5 * mm
    pdf.drawString(left, y, "Chaque badge se vérifie en ligne : scannez son QR code ou ouvrez son lien.")
    pdf.setFillColor(HexColor("#14171f"))
    y -= 8 * mm
    shown = [b for b in badges if not b.revoked][:MAX_BADGES]
    if not shown:
        pdf.setFont(regular, 12)
        pdf.drawString(left, y, "Pas encore de badge.")
    qr_size = 26 * mm
    for badge in shown:
        text_width = right - left - qr_size - 8 * mm
        criteria = _wrap(badge.criteria, regular, 9, text_width)[:3]
        block = max(qr_size, (12 + 5 * len(criteria) + 10) * mm / 2.2)
        if y - block < 15 * mm:
            break
        pdf.setFillColor(HexColor(badge.color or "#1d4ed8"))
        pdf.rect(left, y - block + 2 * mm, 2.2 * mm, block - 2 * mm, stroke=0, fill=1)
        pdf.setFillColor(HexColor("#14171f"))
        x = left + 5 * mm
        pdf.setFont(bold, 12.5)
        pdf.drawString(x, y - 4 * mm, badge.name)
        pdf.setFont(regular, 8.5)
        when = f"{badge.category} · délivré le {_date(badge.issued_at)}"
        if badge.expires_at:
            when += f" · valable jusqu'au {_date(badge.expires_at)}"
        pdf.drawString(x, y - 8.5 * mm, when)
        pdf.setFont(regular, 9)
        line_y = y - 13 * mm
        for line in criteria:
            pdf.drawString(x, line_y, line)
            line_y -= 4.2 * mm
        pdf.setFont(regular, 7.5)
        pdf.setFillColor(HexColor("#1d4ed8"))
        pdf.drawString(x, line_y - 0.5 * mm, badge.verify_url)
        pdf.linkURL(badge.verify_url, (x, line_y - 2 * mm, right - qr_size, line_y + 3 * mm), relative=0)
        pdf.setFillColor(HexColor("#14171f"))
        qr = QrCodeWidget(badge.verify_url)
        x0, y0, x1, y1 = qr.getBounds()
        drawing = Drawing(qr_size, qr_size, transform=[qr_size / (x1 - x0), 0, 0, qr_size / (y1 - y0), 0, 0])
        drawing.add(qr)
        renderPDF.draw(drawing, pdf, right - qr_size, y - qr_size)
        y -= block + 5 * mm
    pdf.setFont(regular, 7.5)
    pdf.setFillColor(HexColor("#4a5163"))
    pdf.drawString(
        left, 10 * mm, "Éclats — jeu de la Mission Locale. Vérification sans compte : page « Vérifier un badge »."
    )
    pdf.showPage()
    pdf.save()
    return out.getvalue()
