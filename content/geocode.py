"""Geocoding an address, as an aid for pack authors only (``eclats content geocode``).

Never called while serving: the server decides check-ins from the coordinates written
in the pack. Answers are cached in a JSON file so that an author who runs the command
again (or a colleague with the same cache) does not ask the geocoding service twice,
as OpenStreetMap's Nominatim usage policy asks.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Found:
    address: str  # the full address the service understood
    latitude: float
    longitude: float
    cached: bool


Lookup = Callable[[str], tuple[str, float, float] | None]


def nominatim(user_agent: str = "eclats-pack-authoring") -> Lookup:
    """OpenStreetMap's Nominatim through geopy, one request at most per second."""
    from geopy.extra.rate_limiter import RateLimiter
    from geopy.geocoders import Nominatim

    service = RateLimiter(Nominatim(user_agent=user_agent, timeout=10).geocode, min_delay_seconds=1)

    def lookup(address: str) -> tuple[str, float, float] | None:
        location = service(address, language="fr")
        return (location.address, location.latitude, location.longitude) if location else None

    return lookup


def geocode(address: str, cache: Path, lookup: Lookup) -> Found | None:
    key = " ".join(address.split()).casefold()
    if not key:
        raise ValueError("empty address")
    known = _read(cache)
    if key in known:
        hit = known[key]
        if hit is None:
            return None
        return Found(str(hit["address"]), float(hit["latitude"]), float(hit["longitude"]), cached=True)
    answer = lookup(address)
    known[key] = None if answer is None else {"address": answer[0], "latitude": answer[1], "longitude": answer[2]}
    _write(cache, known)
    return None if answer is None else Found(answer[0], answer[1], answer[2], cached=False)


def _read(cache: Path) -> dict[str, dict[str, Any] | None]:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return data if isinstance(data, dict) else {}


def _write(cache: Path, data: dict[str, dict[str, Any] | None]) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    staged = cache.with_suffix(cache.suffix + ".new")
    staged.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(staged, cache)
