"""Photo answers: checked, re-encoded without metadata, resized, stored on disk.

Re-encoding from pixels drops EXIF, including GPS: a young person's photo must not
tell where they live.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from game.rules.errors import InvalidInput

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}


def store_photo(data: bytes, folder: Path) -> str:
    """Validate and store a photo; returns the stored file's name (not a path)."""
    if not data:
        raise InvalidInput("photo_empty", "La photo est vide.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInput("photo_too_big", "La photo est trop lourde (10 Mo au maximum).")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            probe.verify()
        if fmt not in ACCEPTED_FORMATS:
            raise InvalidInput("photo_format", "Ce format d'image n'est pas accepté (JPEG, PNG ou WebP).")
        with Image.open(io.BytesIO(data)) as opened:
            if opened.width * opened.height > 60_000_000:
                raise InvalidInput("photo_too_big", "Cette image est trop grande.")
            upright = ImageOps.exif_transpose(opened)  # keep the orientation the phone meant
            pixels = upright.convert("RGB")
            pixels.thumbnail((MAX_SIDE, MAX_SIDE))
            clean = Image.new("RGB", pixels.size)
            clean.paste(pixels)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise InvalidInput("photo_unreadable", "Ce fichier n'est pas une image lisible.") from exc
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.jpg"
    clean.save(folder / name, "JPEG", quality=82)
    return name
