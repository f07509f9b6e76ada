"""Photo answers: checked, decoded within a memory bound off the event loop, resized,
re-encoded without metadata and stored on disk.

A small file can hold a huge image: a 175 KB PNG of 7745 × 7745 pixels took 1.1 s and
700 MB to decode on the event loop, and four at once froze every phone's live link for
4 s. So the image's size is read from its header first and refused when decoding it
would not fit ``MAX_DECODED_PIXELS``; a JPEG (what phones send) is decoded already
reduced by its own DCT scaling (``draft``: ½, ¼ or ⅛), so a 48 MP photo costs what a
3 MP one does; and decoding runs in a small pool of real threads (``offload.images``,
``DECODE_THREADS`` wide), so at most that many images are in memory at once and the
event loop keeps serving everybody else.

Re-encoding from pixels drops EXIF, including GPS: a young person's photo must not
tell where they live.
"""

from __future__ import annotations

import io
import math
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from game.rules.errors import InvalidInput

from . import offload

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# room for the multipart envelope and the optional caption around the file itself
MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024
MAX_SIDE = 1600
JPEG_QUALITY = 82
# What one decode may hold: 16 M pixels, 64 MB as RGBA, plus the reduced copies.
# A 12 MP photo (4032 × 3024) passes even as PNG; a JPEG is measured after reduction.
MAX_DECODED_PIXELS = 16_000_000
# A baseline JPEG is decoded a band at a time, so its own size may be larger: a 48 MP
# photo (8000 × 6000) passes. A progressive JPEG keeps the whole image's coefficients
# while it decodes (2 bytes a sample), so it gets no more than MAX_DECODED_PIXELS.
MAX_JPEG_PIXELS = 50_000_000
# how many photos are decoded at once, each in a real thread (``api/cli.py``). One: on
# the 2 cores of a small server, a second decoding thread took CPU from the event loop
# (the other players' p99 went from 41 to 68 ms, bench/RESULTS.md), and photos can wait
# a few hundred ms where live events cannot.
DECODE_THREADS = 1
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")  # a JPEG may turn out to be an MPO (several pictures)

TOO_HEAVY = "La photo est trop lourde (10 Mo au maximum)."
TOO_LARGE = "Cette image est trop grande : envoie une photo prise avec ton téléphone."
UNREADABLE = "Ce fichier n'est pas une image lisible (JPEG, PNG, WebP ou GIF)."


class TooLarge(InvalidInput):
    status = 413


@dataclass(frozen=True)
class Refusal:
    """Why an image was refused; returned (not raised) by the worker thread, whose
    exceptions gevent would print as tracebacks."""

    code: str
    message: str


def check_request_size(content_length: int | None) -> None:
    """Refuse an upload by its announced size, before its body is read at all."""
    if content_length is not None and content_length > MAX_REQUEST_BYTES:
        raise TooLarge("photo_too_big", TOO_HEAVY)


def _reduced_size(width: int, height: int) -> tuple[int, int]:
    """The size the stored photo will have (its longest side at most ``MAX_SIDE``)."""
    scale = min(1.0, MAX_SIDE / max(width, height))
    return max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))


def _flatten(image: Image.Image) -> Image.Image:
    """RGB, transparent parts on white (a transparent PNG would otherwise turn black)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def decode(data: bytes) -> bytes | Refusal:
    """The photo as a clean JPEG of at most ``MAX_SIDE`` pixels a side, or why not.

    Runs in a worker thread: touches nothing but its arguments."""
    try:
        with Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS) as image:
            jpeg = image.format in ("JPEG", "MPO")
            progressive = jpeg and bool(image.info.get("progressive") or image.info.get("progression"))
            bound = MAX_JPEG_PIXELS if jpeg and not progressive else MAX_DECODED_PIXELS
            if image.width * image.height > bound:  # read from the header: nothing decoded yet
                return Refusal("photo_too_large", TOO_LARGE)
            if jpeg:
                # decode at ½, ¼ or ⅛ scale straight from the DCT, never larger than needed
                image.draft("RGB", _reduced_size(*image.size))
            if image.width * image.height > MAX_DECODED_PIXELS:
                return Refusal("photo_too_large", TOO_LARGE)
            image.thumbnail((MAX_SIDE, MAX_SIDE))  # decodes (a small image: on the next line)
            upright = ImageOps.exif_transpose(image)  # keep the orientation the phone meant
            pixels = _flatten(upright)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return Refusal("photo_too_large", TOO_LARGE)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
        return Refusal("photo_unreadable", UNREADABLE)
    clean = Image.new("RGB", pixels.size)  # fresh pixels: no EXIF, no GPS, no comment
    clean.paste(pixels)
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def store_photo(data: bytes, folder: Path) -> str:
    """Validate and store a photo; returns the stored file's name (not a path)."""
    if not data:
        raise InvalidInput("photo_empty", "La photo est vide.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise TooLarge("photo_too_big", TOO_HEAVY)
    result = offload.images(decode, data)
    if isinstance(result, Refusal):
        raise InvalidInput(result.code, result.message)
    # young people's photos: owner only, whatever the umask (README, "Files")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.jpg"
    with os.fdopen(os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
        file.write(result)
    return name
