"""Shape of each file of a content pack, as marshmallow schemas.

The schemas only check what one file can tell on its own (required fields, types,
ranges, identifiers, kind-specific fields). Everything that needs several files at
once (unknown ids, duplicates, cycles, reachability) lives in ``content.loader``.

Error messages are in plain French: they are read by pack authors at the Missions
Locales, not by developers. The loader turns marshmallow's nested error dicts into
``file: path: reason`` lines, so a message never repeats the field name.

Schemas return plain dicts; the loader builds the frozen ``content.catalog`` objects
once the whole pack is known to be valid. The field types are in ``fields``, the quest
schema in ``quests``, the schemas of the other files in ``files``.
"""

from __future__ import annotations

from .fields import ID_PATTERN, PackFileSchema, is_identifier, no_duplicates
from .files import (
    OFFER_CATEGORIES,
    ROUTE_ORDERS,
    SKILL_CATEGORIES,
    CharacterSchema,
    DaySchema,
    DiagnosisSchema,
    OfferSchema,
    PackSchema,
    PlaceSchema,
    RouteSchema,
    SkillSchema,
)
from .local import GlossaryEntrySchema, HelplineSchema, MissionLocaleSchema
from .quests import KIND_FIELDS, KIND_OPTIONAL_FIELDS, KIND_REQUIRED_FIELDS, SEPARATORS, QuestSchema

__all__ = [
    "ID_PATTERN",
    "KIND_FIELDS",
    "KIND_OPTIONAL_FIELDS",
    "KIND_REQUIRED_FIELDS",
    "OFFER_CATEGORIES",
    "ROUTE_ORDERS",
    "SEPARATORS",
    "SKILL_CATEGORIES",
    "CharacterSchema",
    "DaySchema",
    "DiagnosisSchema",
    "GlossaryEntrySchema",
    "HelplineSchema",
    "MissionLocaleSchema",
    "OfferSchema",
    "PackFileSchema",
    "PackSchema",
    "PlaceSchema",
    "QuestSchema",
    "RouteSchema",
    "SkillSchema",
    "is_identifier",
    "no_duplicates",
]
