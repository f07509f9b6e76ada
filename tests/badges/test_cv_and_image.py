"""The badge pictures and the one-page CV compétences, read back."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import datetime

from PIL import Image
from pypdf import PdfReader

from badges import image
from badges.cv import CvBadge, cv_pdf


def test_badge_pictures_are_a_png_and_an_svg_naming_the_skill() -> None:
    png = Image.open(io.BytesIO(image.png("Identifier ses besoins et demander de l'aide", "savoir-faire", "#5f0f40")))
    assert png.format == "PNG" and png.size == (512, 512)
    assert png.getpixel((256, 300))[3] == 255  # drawn, not transparent, in the middle
    root = ET.fromstring(image.svg("Coopération & co", "savoir-être"))
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Coopération & co" in texts and "SAVOIR-ÊTRE" in texts


def badge(name: str, url: str, revoked: bool = False) -> CvBadge:
    return CvBadge(name, "savoir-être", "A ouvert des cadenas avec son équipe.", datetime(2026, 11, 20),
                   datetime(2029, 11, 20), revoked, url, "#2a9d8f")  # fmt: skip


def test_the_cv_lists_live_badges_with_their_verification_links() -> None:
    pdf = cv_pdf(
        "Inès",
        "Mission Locale Lille Avenirs",
        [badge("Coopération", "https://ml.example/badges/a1"), badge("Retiré", "https://ml.example/badges/b2", True)],
        datetime(2026, 11, 22),
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "CV compétences" in text and "Inès" in text and "Mission Locale Lille Avenirs" in text
    assert "Coopération" in text and "valable jusqu'au 20/11/2029" in text and "https://ml.example/badges/a1" in text
    assert "Retiré" not in text  # a revoked badge is not shown to recruiters
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", [])]
    assert links == ["https://ml.example/badges/a1"]


def test_an_empty_cv_says_so() -> None:
    text = PdfReader(io.BytesIO(cv_pdf("Yanis", "Mission Locale", [], datetime(2026, 11, 22)))).pages[0].extract_text()
    assert "Pas encore de badge." in text
