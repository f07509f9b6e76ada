"""Checking a quest's variants (FORMAT.md, « Variants »): every ``{{v.key}}`` a quest
uses is defined in each of its variants (and none is defined for nothing), and each
variant, filled in, gives a valid quest (non-empty answers, code, pieces…). A quest
using ``{{v.key}}`` without variants is refused: the phone would show the braces."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from content.schema import QuestSchema
from content.variants import fill, keys_in

from .lint import texts
from .problems import Inspection

VARIANTS = "variants"


def _texts(data: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every text of a raw quest entry with its path, its variants left out."""
    return texts(data, path, skip=(VARIANTS,))


def _filled(data: Any, values: Mapping[str, str]) -> Any:
    if isinstance(data, str):
        return fill(data, values)
    if isinstance(data, list):
        return [_filled(item, values) for item in data]
    if isinstance(data, Mapping):
        return {k: (v if k == VARIANTS else _filled(v, values)) for k, v in data.items()}
    return data


def _flat(messages: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(messages, str):
        yield path, messages
    elif isinstance(messages, list):
        for message in messages:
            yield from _flat(message, path)
    elif isinstance(messages, Mapping):
        for key, value in messages.items():
            sub = path if key == "_schema" else f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"
            yield from _flat(value, sub)


def check_variants(found: Inspection) -> None:
    schema = QuestSchema()
    for quest_file in found.quest_files:
        for index, entry in enumerate(quest_file.raw):
            if not isinstance(entry, Mapping):
                continue
            where = f"[{index}]"
            used: dict[str, str] = {}
            for path, text in _texts(entry, where):
                for key in sorted(keys_in(text)):
                    used.setdefault(key, path)
            variants = entry.get(VARIANTS)
            if not isinstance(variants, list) or not variants:
                for key, path in used.items():
                    found.add(quest_file.name, path, f"« {{{{v.{key}}}}} » : cette quête n'a pas de « variants »")
                continue
            base = set(_flat(schema.validate(entry), where))
            for number, values in enumerate(variants):
                if not isinstance(values, Mapping):
                    continue  # the schema names it
                at = f"{where}.variants[{number}]"
                for key in sorted(set(used) - set(values)):
                    found.add(quest_file.name, at, f"clé « {key} » manquante : la quête utilise {{{{v.{key}}}}}")
                for key in sorted(set(values) - set(used)):
                    found.add(quest_file.name, at, f"clé « {key} » jamais utilisée par la quête")
                text_values = {str(k): str(v) for k, v in values.items()}
                for path, message in sorted(set(_flat(schema.validate(_filled(entry, text_values)), where)) - base):
                    found.add(quest_file.name, at, f"avec cette variante, {path} : {message}")
