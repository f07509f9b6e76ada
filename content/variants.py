"""``{{v.key}}``: a quest's variant placeholders (FORMAT.md, « Variants »), shared by
the pack check (``content.loader.variants``) and the game (``game.rules.quest_variants``)
so that both read them the same way."""

from __future__ import annotations

import re
from collections.abc import Mapping

#: ``{{v.key}}`` (spaces inside the braces allowed, like the block's placeholders)
PLACEHOLDER = re.compile(r"\{\{\s*v\.([a-z0-9][a-z0-9_-]*)\s*\}\}")


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with its ``{{v.key}}`` replaced; an unknown key stays as written (the
    content check refuses it before a pack is ever played)."""
    if "{{" not in text:
        return text
    return PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), text)


def keys_in(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))
