"""The A4 page every PDF a young person keeps is laid out on (the booklet, the
self-diagnosis): the same margins, their nickname in the title, the Mission Locale as
author. Built in memory with reportlab's platypus."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate


def a4_pdf(story: Sequence[Flowable], title: str, author: str) -> bytes:
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
        title=title, author=author,
    )  # fmt: skip
    document.build(list(story))
    return out.getvalue()
