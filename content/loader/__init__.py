"""Read a content pack folder, report every problem in it, build the ``Catalog``.

Pack authors fix packs by hand, often without a developer nearby, so a check lists
*every* problem at once as ``file: path: reason`` instead of stopping at the first.
To get there the checks are layered:

1. each file is read and parsed on its own (missing file, not UTF-8, YAML syntax);
2. its shape is checked by ``content.schema`` (one problem per bad field);
3. the cross-reference checks then run on the raw YAML of every file that parsed,
   even when some of its entries have shape errors, so that an unknown offer and a
   misspelt field show up in the same run.

A cross-reference check against a kind (e.g. "is this offer id known?") is skipped
when one of that kind's files could not be read at all: otherwise every reference to
it would be reported too, burying the one real problem under dozens of echoes.

This module is the loader's public face (checking and loading packs, finding them by
name, keeping them in memory); the steps live beside it: ``reading`` (1 and 2),
``crosscheck`` (3), ``build`` (the catalogue), ``stamp`` (a pack's version, shared by
every server process).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from content.catalog import Catalog
from content.schema import ID_PATTERN

from .build import build_catalog
from .lint import readability, stale_offers
from .owner import read_owner
from .problems import (
    CHARACTERS_FILE,
    DIAGNOSIS_FILE,
    OFFERS_FILE,
    PACK_FILE,
    PLACES_FILE,
    QUESTS_DIR,
    SKILLS_FILE,
    WHOLE_FILE,
    PackError,
    Problem,
)
from .reading import inspect_pack
from .stamp import read_stamp, stamp_file

__all__ = [
    "CHARACTERS_FILE",
    "DIAGNOSIS_FILE",
    "OFFERS_FILE",
    "PACKS_DIR",
    "PACK_FILE",
    "PLACES_FILE",
    "QUESTS_DIR",
    "SKILLS_FILE",
    "WHOLE_FILE",
    "PackError",
    "Problem",
    "available_packs",
    "check_pack",
    "is_local",
    "load_named_pack",
    "load_pack",
    "local_packs_dir",
    "pack_owner",
    "pack_path",
    "packs_dir",
    "packs_in",
    "review_pack",
    "use_local_packs",
]

PACKS_DIR = Path(__file__).parent.parent / "packs"


def packs_dir() -> Path:
    """Where packs are looked for: the shipped ones, or ``ECLATS_PACKS_DIR`` when a
    Mission Locale keeps its own packs outside the installation."""
    override = os.environ.get("ECLATS_PACKS_DIR")
    return Path(override) if override else PACKS_DIR


def check_pack(path: Path) -> list[Problem]:
    """Every problem of the pack at ``path``, empty when it is valid."""
    return inspect_pack(Path(path)).problems


def review_pack(path: Path, today: dt.date) -> tuple[list[Problem], list[Problem]]:
    """The problems of the pack at ``path`` (what stops it), and its warnings: what its
    author should improve (long sentences, acronyms missing from the glossary, the point
    médian, offers checked more than 12 months before ``today``)."""
    found = inspect_pack(Path(path))
    readability(found)
    stale_offers(found, today)
    return found.problems, found.warnings


def load_pack(path: Path) -> Catalog:
    """Build the catalogue of the pack at ``path``, or raise ``PackError``."""
    root = Path(path)
    found = inspect_pack(root)
    if found.problems:
        raise PackError(root, found.problems)
    return build_catalog(root, found)


_local: list[Path] = []


def use_local_packs(folder: Path | None) -> None:
    """Where this installation keeps the packs its facilitators made (copies edited in
    the console, for their own town). They come before the shipped ones."""
    _local[:] = [Path(folder)] if folder else []
    load_named_pack.cache_clear()


def local_packs_dir() -> Path | None:
    return _local[0] if _local else None


def _check_name(name: str) -> None:
    if not isinstance(name, str) or ID_PATTERN.match(name) is None:
        raise ValueError(f"invalid pack name: {name!r}")


def is_local(name: str) -> bool:
    _check_name(name)
    local = local_packs_dir()
    return local is not None and (local / name / PACK_FILE).is_file()


def pack_path(name: str) -> Path:
    """Folder of the pack ``name``; names come from users, so nothing but an id passes."""
    _check_name(name)
    local = local_packs_dir()
    if local is not None and (local / name / PACK_FILE).is_file():
        return local / name
    return packs_dir() / name


def pack_owner(name: str) -> int | None:
    """The organisation a pack made here belongs to (``content.loader.owner``); None for
    a shipped pack and for one made before organisations."""
    _check_name(name)
    local = local_packs_dir()
    if local is None or not (local / name / PACK_FILE).is_file():
        return None
    return read_owner(local / name)


def packs_in(root: Path | None) -> set[str]:
    if root is None or not root.is_dir():
        return set()
    return {
        folder.name for folder in root.iterdir() if ID_PATTERN.match(folder.name) and (folder / PACK_FILE).is_file()
    }


def available_packs() -> list[str]:
    """Names of the packs this server can play: shipped, and made here."""
    return sorted(packs_in(packs_dir()) | packs_in(local_packs_dir()))


@dataclass(frozen=True)
class _Loaded:
    catalog: Catalog
    #: for a pack made here, its stamp file and the stamp it held when the pack was read;
    #: None for a shipped pack (never changed while the server runs)
    stamp_file: str | None
    stamp: bytes


class NamedPacks:
    """Packs by name, each loaded once and kept in memory (the last ``size`` used).

    A shipped pack does not change while the server runs. A pack made here can, through
    ``content.editor`` in any server process: before each use its stamp is read again
    (one small file read, no parsing) and a pack whose stamp changed is loaded again, so
    a process never serves a pack older than the last change made by any of them.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._packs: OrderedDict[str, _Loaded] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, name: str) -> Catalog:
        """The catalogue of the pack ``name``.

        Raises ``ValueError`` for a malformed name and ``PackError`` for a missing or
        invalid pack (failures are not kept, so a fixed pack loads on the next call).
        """
        kept = self._packs.get(name)
        if kept is not None and (kept.stamp_file is None or read_stamp(kept.stamp_file) == kept.stamp):
            with self._lock:
                if name in self._packs:
                    self._packs.move_to_end(name)
            return kept.catalog
        root = pack_path(name)
        # the stamp is read before the files: a change landing in between makes the next
        # call load the pack again, never keep files older than the stamp says
        stamped = stamp_file(root) if root.parent == local_packs_dir() else None
        stamp = read_stamp(stamped) if stamped is not None else b""
        loaded = _Loaded(load_pack(root), stamped, stamp)
        with self._lock:
            self._packs[name] = loaded
            self._packs.move_to_end(name)
            while len(self._packs) > self._size:
                self._packs.popitem(last=False)
        return loaded.catalog

    def cache_clear(self) -> None:
        """Forget every pack kept (the local packs folder changed, or a test's packs)."""
        with self._lock:
            self._packs.clear()


#: ``load_named_pack(name)``: the catalogue of a pack by name, kept in memory.
load_named_pack = NamedPacks(size=8)
