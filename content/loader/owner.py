"""Whose a pack made here is: on an installation serving several Missions Locales
(issue 16), a copy belongs to the organisation whose staff made it. Its facilitators
list it, edit it and run sessions on it; the others do not see it.

The owner is written in the pack's folder (a dot file, like the stamp, that the loader
and the pack author never see), in the scratch copy before the copy is put in place, so
a copy never exists without its owner. A pack made before organisations has none: it
is the default organisation's (the caller decides which that is). Pack names stay
unique on the installation: a badge's achievement image is found by the pack's name
alone (``/badges/achievements/<pack>/<skill>.png``, an address signed into credentials).
"""

from __future__ import annotations

from pathlib import Path

#: In the pack folder: the owning organisation's id, in decimal.
OWNER_FILE = ".eclats-owner"


def read_owner(root: Path) -> int | None:
    """The organisation the pack at ``root`` belongs to; None when it names none."""
    try:
        text = (root / OWNER_FILE).read_text(encoding="ascii").strip()
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def write_owner(root: Path, owner: int | None) -> None:
    """Make the pack at ``root`` (a scratch copy, not yet in place) ``owner``'s; None
    removes the mark (a copy of another copy must not keep its source's owner)."""
    file = root / OWNER_FILE
    if owner is None:
        file.unlink(missing_ok=True)
    else:
        file.write_text(f"{owner}\n", encoding="ascii")
