"""Draws the phone app's icons (the manifest's and the iOS home-screen one) with Pillow.

Run it again after changing the drawing: ``python static/player/icons/make_icons.py``;
the PNG files it writes next to it are committed (the server only serves them).
The drawing is the app's shard (the favicon's diamond) on the app's dark background.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
BG = (11, 16, 38, 255)  # --bg of static/player/player.css
SHARD = (77, 226, 255, 255)  # --shard
LIGHT = (195, 173, 255, 255)  # --violet, the lit facet
SCALE = 4  # drawn larger, then reduced: smooth edges


def _shard(draw: ImageDraw.ImageDraw, size: int, fill: float) -> None:
    """The diamond of the favicon (24-unit grid: 12,1 20,9 12,23 4,9), ``fill`` of the height."""
    unit = size * fill / 22
    left = (size - 16 * unit) / 2
    top = (size - 22 * unit) / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return (left + (x - 4) * unit, top + (y - 1) * unit)

    draw.polygon([at(12, 1), at(20, 9), at(12, 23), at(4, 9)], fill=SHARD)
    draw.polygon([at(12, 1), at(12, 9), at(4, 9)], fill=LIGHT)


def icon(size: int, maskable: bool) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:  # full bleed; the shard stays inside the central safe circle (80 %)
        draw.rectangle((0, 0, big, big), fill=BG)
        _shard(draw, big, 0.56)
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.22, fill=BG)
        _shard(draw, big, 0.74)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    icon(192, False).save(HERE / "icon-192.png", optimize=True)
    icon(512, False).save(HERE / "icon-512.png", optimize=True)
    icon(512, True).save(HERE / "icon-maskable-512.png", optimize=True)
    # iOS draws its own rounded corners and shows black through transparency: full bleed
    icon(180, True).convert("RGB").save(HERE / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
