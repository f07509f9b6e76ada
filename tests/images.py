"""Hostile and honest images made on the spot, for the upload tests and ``bench.uploads``."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def png_bomb(side: int = 7745) -> bytes:
    """A real PNG of ``side`` × ``side`` grey pixels (60 M for 7745) in a few dozen KB:
    the shape of the upload that froze the live server (175 KB, 7745 × 7745)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pack = zlib.compressobj(9)
    row = b"\x00" * (side + 1)  # filter byte + one byte per pixel
    idat = b"".join(pack.compress(row) for _ in range(side)) + pack.flush()
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def big_jpeg(width: int = 8000, height: int = 6000) -> bytes:
    """A 48 MP photo-like JPEG (a smooth gradient, a few MB): what a recent phone sends
    at full resolution."""
    ramp = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (ramp, ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT), ramp.rotate(180)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
