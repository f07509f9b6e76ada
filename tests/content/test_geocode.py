"""The authoring aid: an address asked once, then answered from the cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from content.geocode import geocode


def test_an_address_is_asked_once_then_answered_from_the_cache(tmp_path: Path) -> None:
    asked: list[str] = []

    def lookup(address: str) -> tuple[str, float, float] | None:
        asked.append(address)
        return ("Place du Général-de-Gaulle, Lille", 50.6369, 3.0633) if "Gaulle" in address else None

    cache = tmp_path / "cache.json"
    first = geocode("Place du Général-de-Gaulle, Lille", cache, lookup)
    again = geocode("  place du général-de-gaulle,   LILLE ", cache, lookup)
    assert first is not None and not first.cached and (first.latitude, first.longitude) == (50.6369, 3.0633)
    assert again is not None and again.cached
    assert geocode("Nulle part", cache, lookup) is None
    assert geocode("nulle part", cache, lookup) is None  # a miss is remembered too
    assert asked == ["Place du Général-de-Gaulle, Lille", "Nulle part"]
    assert json.loads(cache.read_text(encoding="utf-8"))["nulle part"] is None
    with pytest.raises(ValueError):
        geocode("   ", cache, lookup)
