"""Variants per session (issue 14): a quest may declare ``variants``, a list of values
for the ``{{v.key}}`` placeholders of its texts (question, documents, answers, pieces,
code, hints, success…). Each session draws ONE variant per quest, reproducibly from
its own secret (``GameSession.variant_seed``): a reload, another phone or another
server process gets the same one, and the next group most likely another, so that a
group's answers are worthless to the next.

Pure: the seed is given; the draw is HMAC-SHA256(seed, "variant/" + quest id) modulo
the number of variants, never ``random``."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
from collections.abc import Mapping
from typing import Any, TypeVar

from content.catalog import Catalog, Quest
from content.variants import fill

T = TypeVar("T")


def draw(seed: str, quest_id: str, count: int) -> int:
    """The index of the variant a session plays for ``quest_id``, among ``count``."""
    if count <= 1:
        return 0
    digest = hmac.new(seed.encode(), f"variant/{quest_id}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest, "big") % count


def _filled(value: T, values: Mapping[str, str]) -> T:
    if isinstance(value, str):
        return fill(value, values)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_filled(item, values) for item in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {
            f.name: _filled(getattr(value, f.name), values) for f in dataclasses.fields(value) if f.name != "variants"
        }
        return dataclasses.replace(value, **changes)
    return value


def apply(quest: Quest, index: int) -> Quest:
    """The quest as played with its variant ``index``: every text filled in. A quest
    without variants is returned unchanged (the same object)."""
    if not quest.variants:
        return quest
    return _filled(quest, quest.variants[index % len(quest.variants)])


def for_seed(quest: Quest, seed: str | None) -> Quest:
    """The quest as the session with ``seed`` plays it; no seed (an old session): the first variant."""
    if not quest.variants:
        return quest
    return apply(quest, draw(seed, quest.id, len(quest.variants)) if seed else 0)


def catalog_for(catalog: Catalog, seed: str | None) -> Catalog:
    """The catalogue with each quest's variant for ``seed`` applied (new frozen objects;
    the pack's own catalogue is untouched). Without any variant: ``catalog`` itself."""
    if not any(q.variants for q in catalog.quests):
        return catalog
    quests = tuple(for_seed(q, seed) for q in catalog.quests)
    return dataclasses.replace(catalog, quests=quests, _quest_index={}, _place_index={})
