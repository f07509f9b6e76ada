"""Offline JSON-LD for Open Badges 3.0: a pyld document loader that serves only the context
documents shipped in ``badges/contexts/`` and RDF Dataset Canonicalization (RDFC-1.0, which
is URDNA2015) in "safe mode".

Nothing here ever touches the network: the loader answers from local files or raises
:class:`UnknownContextError`, and importing this module also makes it pyld's *default*
loader, so that no pyld call in the process can fall back to pyld's HTTP loader.

Safe mode (as the Data Integrity specification asks of RDF-based cryptosuites): plain
JSON-LD expansion silently drops a property whose term no context defines, and RDF
conversion silently drops a statement whose subject or object is a relative IRI. Signed
data that canonicalization drops would not be protected by the signature, so
:func:`canonize` refuses such documents instead (:class:`UnsafeDocumentError`).
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from pyld import jsonld as pyld_jsonld
from pyld.context_resolver import ContextResolver

CONTEXTS_DIR = Path(__file__).with_name("contexts")

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"
OB_V2 = "https://w3id.org/openbadges/v2"

# IRIs that contexts give to terms they do not really define: the VC 2.0 "undefined terms"
# context maps everything there, and VC 2.0 drafts used an "issuer-dependent" @vocab.
UNDEFINED_TERM_PREFIXES = (
    "https://www.w3.org/ns/credentials/undefined-term#",
    "https://www.w3.org/ns/credentials/issuer-dependent#",
)

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S*$")


class CanonicalizationError(ValueError):
    """The document cannot be canonicalized (invalid JSON-LD, unknown context, unsafe data)."""


class UnknownContextError(CanonicalizationError):
    """A JSON-LD document (a ``@context`` URL) that is not available offline was requested."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"JSON-LD document {url!r} is not available offline: only the contexts in "
            "badges/contexts/ (see manifest.json) are served, and nothing is ever fetched "
            "from the network"
        )
        self.url = url


class UnsafeDocumentError(CanonicalizationError):
    """Canonicalization would silently drop part of the document (safe mode)."""


@lru_cache(maxsize=1)
def _manifest() -> dict[str, Path]:
    raw = json.loads((CONTEXTS_DIR / "manifest.json").read_text(encoding="utf-8"))
    return {url: CONTEXTS_DIR / relative for url, relative in raw.items()}


def context_urls() -> frozenset[str]:
    """The URLs the default loader serves."""
    return frozenset(_manifest())


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _local_text(url: str) -> str | None:
    path = _manifest().get(url)
    return _read(path) if path is not None else None


def load_context(url: str) -> dict[str, Any]:
    """A fresh copy of the local context document served for ``url``."""
    text = _local_text(url)
    if text is None:
        raise UnknownContextError(url)
    document: dict[str, Any] = json.loads(text)
    return document


class _BoundedCache:
    """The small mapping pyld's ContextResolver wants as its shared cache, bounded (LRU)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._data: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            if key not in self._data:
                return default
            self._data.move_to_end(key)
            return self._data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self._size:
                self._data.popitem(last=False)


class OfflineDocumentLoader:
    """A pyld document loader that answers only from local documents.

    ``extra`` adds documents (URL -> JSON) for this loader only, e.g. a test vector's
    example context; the shipped contexts are always available.
    """

    def __init__(self, extra: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self._extra = {url: json.dumps(document) for url, document in (extra or {}).items()}
        self._contexts = _BoundedCache(256)

    def urls(self) -> frozenset[str]:
        return context_urls() | frozenset(self._extra)

    def __call__(self, url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        text = self._extra.get(url)
        if text is None:
            text = _local_text(url)
        if text is None:
            raise UnknownContextError(url)
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": json.loads(text),
            # lets pyld keep the processed context in this loader's cache
            "tag": "static",
        }

    def options(self) -> dict[str, Any]:
        """pyld processing options that use this loader, and only it."""
        return {
            "documentLoader": self,
            "contextResolver": ContextResolver(self._contexts, self),
            # No base IRI: a relative IRI stays relative (and safe mode refuses it) instead of
            # being resolved against pyld's own placeholder base, which no other processor uses.
            "base": None,
        }


DEFAULT_LOADER = OfflineDocumentLoader()

# No pyld call in this process may fall back to pyld's network loader.
pyld_jsonld.set_document_loader(DEFAULT_LOADER)


def _find_cause(error: BaseException, kind: type[CanonicalizationError]) -> CanonicalizationError | None:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _reraise(error: Exception) -> CanonicalizationError:
    found = _find_cause(error, CanonicalizationError)
    if found is not None:
        return found
    return CanonicalizationError(f"JSON-LD processing failed: {error}")


def _dropped(term: str | None) -> None:
    raise UnsafeDocumentError(
        f"the term {term!r} is not defined by the document's @context, so canonicalization would drop it"
    )


def _is_iri(value: Any) -> bool:
    return isinstance(value, str) and (value.startswith("_:") or bool(_ABSOLUTE_IRI.match(value)))


def _check_expanded(value: Any) -> None:
    """Refuse what RDF conversion would drop silently: relative IRIs."""
    if isinstance(value, list):
        for item in value:
            _check_expanded(item)
        return
    if not isinstance(value, dict):
        return
    if "@value" in value:
        datatype = value.get("@type")
        if datatype is not None and datatype != "@json" and not _is_iri(datatype):
            raise UnsafeDocumentError(f"relative datatype IRI {datatype!r}")
        return
    for key, item in value.items():
        if key == "@id":
            if not _is_iri(item):
                raise UnsafeDocumentError(f"relative or invalid IRI {item!r} as an id")
        elif key == "@type":
            for kind in item if isinstance(item, list) else [item]:
                if not _is_iri(kind):
                    raise UnsafeDocumentError(f"relative or invalid IRI {kind!r} as a type")
        elif key in ("@list", "@set", "@graph", "@included", "@reverse") or not key.startswith("@"):
            if not key.startswith("@") and not _is_iri(key):
                raise UnsafeDocumentError(f"relative property IRI {key!r}")
            _check_expanded(item if key != "@reverse" else list(item.values()))


def undefined_terms(expanded: Any) -> list[str]:
    """Property and type IRIs of an expanded document that only an "undefined terms" /
    "issuer-dependent" vocabulary gives a meaning to."""
    found: list[str] = []

    def visit(value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                visit(item)
        elif isinstance(value, dict) and "@value" not in value:
            for key, item in value.items():
                if key.startswith(UNDEFINED_TERM_PREFIXES):
                    found.append(key)
                if key == "@type":
                    kinds = item if isinstance(item, list) else [item]
                    found.extend(k for k in kinds if isinstance(k, str) and k.startswith(UNDEFINED_TERM_PREFIXES))
                elif key != "@id":
                    visit(item)

    visit(expanded)
    return sorted(set(found))


def expand(document: Mapping[str, Any], *, loader: OfflineDocumentLoader | None = None) -> list[Any]:
    """JSON-LD expansion in safe mode (see the module docstring), offline."""
    if not isinstance(document, Mapping):
        raise CanonicalizationError("a JSON-LD document must be a JSON object")
    loader = loader or DEFAULT_LOADER
    processor = pyld_jsonld.JsonLdProcessor(on_property_dropped=_dropped)
    try:
        expanded: list[Any] = processor.expand(dict(document), loader.options())
    except CanonicalizationError:
        raise
    except Exception as error:  # pyld raises JsonLdError and, now and then, plain errors
        raise _reraise(error) from error
    _check_expanded(expanded)
    return expanded


def canonize(
    document: Mapping[str, Any],
    *,
    loader: OfflineDocumentLoader | None = None,
    allow_undefined_terms: bool = True,
) -> str:
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, offline and in safe
    mode. With ``allow_undefined_terms=False``, terms that only an "undefined terms" vocabulary
    gives a meaning to are refused too."""
    loader = loader or DEFAULT_LOADER
    expanded = expand(document, loader=loader)
    if not allow_undefined_terms:
        undefined = undefined_terms(expanded)
        if undefined:
            raise UnsafeDocumentError(f"terms without a definition in the contexts: {', '.join(undefined)}")
    options = loader.options()
    options.update({"algorithm": "URDNA2015", "format": "application/n-quads"})
    try:
        canonical: str = pyld_jsonld.normalize(expanded, options)
    except Exception as error:
        raise _reraise(error) from error
    return canonical
