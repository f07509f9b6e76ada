"""The badge's picture, drawn from its definition (name, category, colour): a shield
with the Éclats shard, the skill's name and "savoir-être" / "savoir-faire". PNG for
backpacks and LinkedIn, SVG for the web; both are then baked with the credential.

No image files in the pack are needed, so a Mission Locale that writes a new skill gets
its badge picture at once.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

SIZE = 512
DEFAULT_COLOR = "#1d4ed8"
_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
)


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in _FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _wrap(name: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: float) -> list[str]:
    lines: list[str] = []
    for word in name.split():
        if lines and font.getlength(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _fit(name: str) -> tuple[int, list[str]]:
    """The largest font size at which the whole name fits in the shield, between the
    shard and the category line."""
    for size in (40, 36, 32, 28, 24, 20, 18):
        font = _font(size)
        lines = _wrap(name, font, 300)
        if len(lines) * size * 1.25 <= 150 and all(font.getlength(line) <= 330 for line in lines):
            return size, lines
    return 18, _wrap(name, _font(18), 300)[:5]


def _shield(size: int) -> list[tuple[float, float]]:
    s = size
    return [(s * 0.5, s * 0.04), (s * 0.9, s * 0.18), (s * 0.86, s * 0.62), (s * 0.5, s * 0.96),
            (s * 0.14, s * 0.62), (s * 0.1, s * 0.18)]  # fmt: skip


def _ink(colour: str) -> str:
    """Dark text on a light badge, white on a dark one (WCAG contrast, roughly)."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return "#14171f" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55 else "#ffffff"


def png(name: str, category: str, color: str | None = None) -> bytes:
    colour = color or DEFAULT_COLOR
    ink = _ink(colour)
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon(_shield(SIZE), fill="#ffffff")
    inner = [(x * 0.94 + 15, y * 0.94 + 15) for x, y in _shield(SIZE)]
    draw.polygon(inner, fill=colour)
    draw.polygon([(256, 70), (300, 130), (256, 200), (212, 130)], fill=ink)
    size, lines = _fit(name)
    y = 225
    for line in lines:
        draw.text((SIZE / 2, y), line, font=_font(size), fill=ink, anchor="mt")
        y += int(size * 1.25)
    draw.text((SIZE / 2, 378), category.upper(), font=_font(20), fill=ink, anchor="mt")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def svg(name: str, category: str, color: str | None = None) -> str:
    colour = color or DEFAULT_COLOR
    ink = _ink(colour)
    points = " ".join(f"{x:.0f},{y:.0f}" for x, y in _shield(SIZE))
    size, lines = _fit(name)
    step = int(size * 1.25)
    texts = "".join(
        f'<text x="256" y="{225 + size + i * step}" font-size="{size}">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" width="{SIZE}" height="{SIZE}" '
        f'role="img" aria-label="{escape(name)}">'
        f'<polygon points="{points}" fill="{escape(colour)}" stroke="#ffffff" stroke-width="14"/>'
        f'<polygon points="256,70 300,130 256,200 212,130" fill="{ink}"/>'
        f'<g fill="{ink}" font-family="DejaVu Sans, Arial, sans-serif" font-weight="bold" text-anchor="middle">'
        f'{texts}<text x="256" y="396" font-size="20">{escape(category.upper())}</text></g></svg>'
    )
