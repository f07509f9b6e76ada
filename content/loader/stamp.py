"""A pack's version stamp: how every server process learns that a pack was changed.

A pack made on the server (the local packs folder, shared by every process of the
installation) can change while it runs, through ``content.editor``. Each change ends by
replacing the pack's stamp file with a new random token; a process that keeps a pack in
memory compares the stamp it loaded with the one on disk before each use (one small
read, no parsing) and loads the pack again when they differ. README, "Several processes".
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

#: In the pack folder; a dot file, so the loader and the pack author never see it.
STAMP_FILE = ".eclats-version"
_MAX = 64


def stamp_file(root: Path) -> str:
    """Where the stamp of the pack at ``root`` is (a string: it is read on every lookup)."""
    return os.path.join(root, STAMP_FILE)


def read_stamp(file: str) -> bytes:
    """The stamp in ``file``, ``b""`` for a pack never changed on this server."""
    try:
        fd = os.open(file, os.O_RDONLY)
    except FileNotFoundError:
        return b""
    try:
        return os.read(fd, _MAX)
    finally:
        os.close(fd)


def write_stamp(root: Path) -> None:
    """Give the pack at ``root`` a new stamp, atomically; called after each change has
    been written, so a process that reads the new stamp also reads the new files."""
    fd, staged = tempfile.mkstemp(prefix=f"{STAMP_FILE}.", dir=root)  # unique: processes may race
    try:
        os.write(fd, secrets.token_hex(16).encode("ascii"))
    finally:
        os.close(fd)
    os.replace(staged, root / STAMP_FILE)
