"""The Mission Locale block of a pack (console) and the pack's glossary (phone).

A facilitator fills the block of a pack made here (a shipped pack is copied first, as
for places): the whole pack is checked with it before it is written (content.editor).
The phone reads the glossary once, for tap-to-explain."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from content import editor
from content.catalog import GlossaryEntry
from content.loader import is_local, load_named_pack
from game.services import packs
from game.services.common import catalog_of

from ..auth import current_player, current_staff
from ..schemas import local as ls

local_blp = Blueprint("local", __name__, url_prefix="/api", description="Bloc Mission Locale et glossaire")

#: The glossary changes only when the pack does: a phone may keep it for an hour.
GLOSSARY_MAX_AGE = 3600


def _view(pack: str) -> dict[str, Any]:
    packs.readable(current_staff().organisation_id, pack)  # another organisation's copy: 404
    block = editor.local_block(pack)
    return {
        "pack": pack,
        "editable": is_local(pack),
        "block": block,
        "offers": [{"id": o.id, "title": o.title} for o in load_named_pack(pack).offers],
    }


@local_blp.route("/packs/<pack>/local")
@local_blp.response(200, ls.LocalBlockOut)
def local_block(pack: str) -> dict[str, Any]:
    """The pack's Mission Locale block as written (placeholders kept), and its offers."""
    return _view(pack)


@local_blp.route("/packs/<pack>/local", methods=["PUT"])
@local_blp.arguments(ls.LocalBlockIn)
@local_blp.response(200, ls.LocalBlockOut)
def write_local_block(body: dict[str, Any], pack: str) -> dict[str, Any]:
    """Fill the Mission Locale block of a pack made here. The whole pack is checked with
    the new block (every text with its placeholders replaced): a problem refuses the
    change with every problem named, and nothing is written."""
    editor.write_local_block(packs.readable(current_staff().organisation_id, pack), body)
    return _view(pack)


@local_blp.route("/me/glossary")
@local_blp.response(200, ls.GlossaryEntryOut(many=True))
def glossary() -> tuple[list[GlossaryEntry], int, dict[str, str]]:
    """The words and acronyms of the player's pack, explained in plain words."""
    entries = list(catalog_of(current_player().session).glossary)
    return entries, 200, {"Cache-Control": f"private, max-age={GLOSSARY_MAX_AGE}"}
