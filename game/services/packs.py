"""Which packs an organisation sees (issue 16): the shipped ones (content/packs, or
``ECLATS_PACKS_DIR``), readable by all, and the copies its own staff made for their
town. Another organisation's copy is invisible: it is not listed, cannot be read,
edited, copied or used for a session, and is answered as a pack that does not exist
(the same 404 or 422 as a name nobody used), so nothing tells it is there.

A copy made before organisations names no owner: it is the default organisation's.
"""

from __future__ import annotations

from content import editor
from content.loader import available_packs, is_local, pack_owner
from game.rules.errors import NotFound
from game.store.organisations import DEFAULT_ID


def owner_of(name: str) -> int | None:
    """The organisation a pack made here belongs to; None for a shipped pack."""
    if not is_local(name):
        return None
    owner = pack_owner(name)
    return DEFAULT_ID if owner is None else owner


def sees(organisation_id: int, name: str) -> bool:
    """Whether ``name`` is a pack of this server that the organisation may read and use."""
    if name not in available_packs():
        return False
    owner = owner_of(name)
    return owner is None or owner == organisation_id


def visible_packs(organisation_id: int) -> list[str]:
    """The packs an organisation lists: shipped, and its own copies."""
    return [name for name in available_packs() if sees(organisation_id, name)]


def readable(organisation_id: int, name: str) -> str:
    """``name`` if the organisation sees it, else a 404 as for a pack that does not exist."""
    if not isinstance(name, str) or not sees(organisation_id, name):
        raise NotFound("no_pack", f"Le pack « {name} » n'existe pas.")
    return name


def copy(organisation_id: int, source: str, name: str, town: str | None) -> None:
    """Copy ``source`` (shipped, or the organisation's own copy) as the organisation's
    copy ``name``. The default organisation's copies name their owner too."""
    editor.copy_pack(readable(organisation_id, source), name, town, owner=organisation_id)
