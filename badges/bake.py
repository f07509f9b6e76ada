"""Open Badges baking: a badge's data carried inside its own PNG or SVG image.

Two specifications, two sets of names, both implemented here and kept apart:

Open Badges 2.0 — 1EdTech "Badge Baking" (ob_v2p0/baking, v1.0):
  * PNG: an ``iTXt`` chunk with keyword ``openbadges``; compression MUST NOT be used
    (compression flag 0, method 0), empty language tag and translated keyword; the text is the
    signed assertion (compact JWS) or the raw assertion JSON. (A hosted assertion's URL is also
    accepted, as the older bakers wrote it.) Legacy PNGs carried the URL in a ``tEXt`` chunk with
    keyword ``openbadges``: it is still read, never written.
  * SVG: ``xmlns:openbadges="http://openbadges.org"`` on the root ``<svg>`` and, directly after
    it, ``<openbadges:assertion verify="...">``: ``verify`` is the signed assertion (then the tag
    has no body) or the hosted assertion's URL; a baked assertion JSON goes in the body as CDATA.

Open Badges 3.0 — 1EdTech OB 3.0, §"Open Badges Document Formats" / "Baked Badge":
  * PNG: an ``iTXt`` chunk with keyword ``openbadgecredential`` (no "s"), compression MUST NOT
    be used; the text is the compact JWS (VC-JWT proof) or the credential JSON (embedded proof).
  * SVG: ``xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`` on the root ``<svg>`` and,
    directly after it, ``<openbadges:credential>``: with a ``verify`` attribute holding the compact
    JWS (VC-JWT), or without ``verify`` and with the credential JSON in the body as CDATA.

Both specifications say the chunk/tag MUST NOT appear more than once and let the implementor
either refuse or overwrite when baking an image that already carries badge data: here baking
refuses (``BakeError``) unless ``replace=True``, which removes every Open Badges chunk/tag (2.0,
3.0 and legacy) before adding the new one, so an image never carries two different badges.

The PNG chunk is inserted right after ``IHDR`` (as the reference bakery does): the PNG
specification puts no ordering constraint on ``iTXt``, and extractors, which read "until the first
``iTXt`` with the keyword", find it at once. Every chunk's CRC is checked on input and computed on
output. SVG is parsed with ``defusedxml`` (no entity declarations, no external entities or DTDs
fetched): a hostile SVG gives a ``BakeError``, never a file read or a memory blow-up.

Pure Python, no web framework: messages are French because they are shown to people.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal
from xml.dom.minidom import Document, Element, Text
from xml.parsers.expat import ExpatError

import defusedxml
import defusedxml.minidom

OBVersion = Literal["2.0", "3.0"]
OB2: Final = "2.0"
OB3: Final = "3.0"

PNG_KEYWORD_OB2: Final = "openbadges"
PNG_KEYWORD_OB3: Final = "openbadgecredential"
SVG_NAMESPACE_OB2: Final = "http://openbadges.org"
SVG_NAMESPACE_OB3: Final = "https://purl.imsglobal.org/ob/v3p0"
SVG_ELEMENT_OB2: Final = "assertion"
SVG_ELEMENT_OB3: Final = "credential"
SVG_PREFIX: Final = "openbadges"

MAX_IMAGE_BYTES: Final = 5 * 1024 * 1024
MAX_PAYLOAD_BYTES: Final = 1024 * 1024
MAX_SVG_DEPTH: Final = 200

PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE: Final = "http://www.w3.org/2000/svg"
XMLNS_NAMESPACE: Final = "http://www.w3.org/2000/xmlns/"

MSG_TOO_BIG: Final = "Image trop volumineuse (5 Mo au maximum)."
MSG_PNG_INVALID: Final = "Ce fichier n'est pas une image PNG valide."
MSG_SVG_INVALID: Final = "Ce fichier n'est pas une image SVG valide."
MSG_SVG_FORBIDDEN: Final = "Ce fichier SVG contient des déclarations interdites (entités ou DTD externes)."
MSG_SVG_ENCODING: Final = "Ce fichier SVG doit être encodé en UTF-8."
MSG_UNKNOWN_FORMAT: Final = "Format d'image non pris en charge : PNG ou SVG attendu."
MSG_ALREADY_BAKED: Final = "Cette image contient déjà un badge."
MSG_BAD_PAYLOAD: Final = "Contenu du badge non reconnu : JSON, JWS compact ou adresse web attendu."
MSG_PAYLOAD_TOO_BIG: Final = "Contenu du badge trop volumineux (1 Mo au maximum)."
MSG_BAKED_UNREADABLE: Final = "Le badge intégré à cette image est illisible."
MSG_PREFIX_TAKEN: Final = "Ce fichier SVG utilise déjà le préfixe « openbadges » pour autre chose."

_PNG_KEYWORDS: Final = {PNG_KEYWORD_OB2.encode("latin-1"), PNG_KEYWORD_OB3.encode("latin-1")}
_SVG_ELEMENTS: Final[dict[OBVersion, tuple[str, str]]] = {
    OB3: (SVG_NAMESPACE_OB3, SVG_ELEMENT_OB3),
    OB2: (SVG_NAMESPACE_OB2, SVG_ELEMENT_OB2),
}
_PNG_KEYWORD_OF: Final[dict[OBVersion, str]] = {OB2: PNG_KEYWORD_OB2, OB3: PNG_KEYWORD_OB3}
_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+")
_URL = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
_MAX_CHUNK_LENGTH: Final = 2**31 - 1

PayloadKind = Literal["json", "jws", "url"]


class BakeError(ValueError):
    """An image that cannot be baked or read; ``message`` is French, for people."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail  # English, for logs: what exactly was wrong


@dataclass(frozen=True)
class BakedBadge:
    """What an image carries: the version of the spec it was baked under and the raw text.

    ``payload`` is the credential/assertion JSON, a compact JWS, or (OB 2.0 hosted/legacy) a URL.
    ``verify`` is the SVG ``verify`` attribute when there is one (an OB 2.0 hosted assertion's URL
    or a JWS), None for PNG.
    """

    version: OBVersion
    payload: str
    verify: str | None = None


# ---------------------------------------------------------------- payload


def serialize_payload(payload: str | Mapping[str, Any]) -> str:
    """A mapping becomes compact UTF-8 JSON; a string is kept as it is (stripped)."""
    if isinstance(payload, Mapping):
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return payload.strip()


def payload_kind(text: str) -> PayloadKind:
    """What a baked text is: a JSON object, a compact JWS, or an http(s) URL."""
    if text.startswith("{"):
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, dict):
            return "json"
    elif _JWS.fullmatch(text):
        return "jws"
    elif _URL.fullmatch(text):
        return "url"
    raise BakeError(MSG_BAD_PAYLOAD, "payload is neither a JSON object, a compact JWS nor an http(s) URL")


def _checked_payload(payload: str | Mapping[str, Any], version: OBVersion) -> tuple[str, PayloadKind]:
    if version not in (OB2, OB3):
        raise ValueError(f"unknown Open Badges version {version!r}")
    text = serialize_payload(payload)
    if len(text.encode("utf-8")) > MAX_PAYLOAD_BYTES:
        raise BakeError(MSG_PAYLOAD_TOO_BIG)
    kind = payload_kind(text)
    if version == OB3 and kind == "url":
        # OB 3.0 bakes the credential itself (JSON or VC-JWT), never a link to it
        raise BakeError(MSG_BAD_PAYLOAD, "OB 3.0 bakes a credential JSON or a compact JWS, not a URL")
    return text, kind


def _check_size(data: bytes) -> None:
    if len(data) > MAX_IMAGE_BYTES:
        raise BakeError(MSG_TOO_BIG, f"{len(data)} bytes")


# ---------------------------------------------------------------- PNG


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The chunks of a real PNG, every CRC checked; what follows IEND is dropped."""
    _check_size(data)
    if not data.startswith(PNG_SIGNATURE):
        raise BakeError(MSG_PNG_INVALID, "bad signature")
    chunks: list[tuple[bytes, bytes]] = []
    pos = len(PNG_SIGNATURE)
    while True:
        if pos + 8 > len(data):
            raise BakeError(MSG_PNG_INVALID, "truncated before IEND")
        (length,) = struct.unpack_from(">I", data, pos)
        ctype = data[pos + 4 : pos + 8]
        if length > _MAX_CHUNK_LENGTH or not (ctype.isascii() and ctype.isalpha()):
            raise BakeError(MSG_PNG_INVALID, f"bad chunk header at {pos}")
        end = pos + 8 + length
        if end + 4 > len(data):
            raise BakeError(MSG_PNG_INVALID, f"truncated {ctype!r} chunk")
        body = data[pos + 8 : end]
        (crc,) = struct.unpack_from(">I", data, end)
        if zlib.crc32(ctype + body) != crc:
            raise BakeError(MSG_PNG_INVALID, f"bad CRC in {ctype!r} chunk")
        if not chunks and (ctype != b"IHDR" or length != 13):
            raise BakeError(MSG_PNG_INVALID, "first chunk is not IHDR")
        chunks.append((ctype, body))
        pos = end + 4
        if ctype == b"IEND":
            break
    if not any(ctype == b"IDAT" for ctype, _ in chunks):
        raise BakeError(MSG_PNG_INVALID, "no IDAT chunk")
    return chunks


def _png_chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body))


def _itxt_body(keyword: str, text: str) -> bytes:
    # keyword, NUL, compression flag 0, compression method 0, language tag "" + NUL,
    # translated keyword "" + NUL, then the UTF-8 text (PNG spec §11.3.4.5)
    return keyword.encode("latin-1") + b"\x00" + b"\x00\x00" + b"\x00" + b"\x00" + text.encode("utf-8")


def _chunk_keyword(ctype: bytes, body: bytes) -> bytes | None:
    if ctype not in (b"iTXt", b"tEXt", b"zTXt"):
        return None
    keyword, sep, _ = body.partition(b"\x00")
    return keyword if sep else None


def _itxt_text(body: bytes) -> str:
    _, _, rest = body.partition(b"\x00")
    if len(rest) < 2:
        raise BakeError(MSG_BAKED_UNREADABLE, "iTXt chunk too short")
    flag, method, rest = rest[0], rest[1], rest[2:]
    _language, sep1, rest = rest.partition(b"\x00")
    _translated, sep2, raw = rest.partition(b"\x00")
    if not (sep1 and sep2):
        raise BakeError(MSG_BAKED_UNREADABLE, "iTXt chunk header incomplete")
    if flag == 1 and method == 0:
        # compression MUST NOT be used when baking, but read it if another baker did (bounded)
        inflater = zlib.decompressobj()
        try:
            raw = inflater.decompress(raw, MAX_PAYLOAD_BYTES + 1)
        except zlib.error as exc:
            raise BakeError(MSG_BAKED_UNREADABLE, "bad zlib stream in iTXt") from exc
        if len(raw) > MAX_PAYLOAD_BYTES:
            raise BakeError(MSG_BAKED_UNREADABLE, "compressed iTXt too large")
    elif flag != 0:
        raise BakeError(MSG_BAKED_UNREADABLE, "unknown iTXt compression")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BakeError(MSG_BAKED_UNREADABLE, "iTXt text is not UTF-8") from exc


def extract_png(data: bytes, *, version: OBVersion | None = None) -> BakedBadge | None:
    """The badge baked in a PNG, or None. OB 3.0 is looked for first, then OB 2.0 (iTXt, then legacy tEXt).

    With ``version`` only that version's chunk is looked for. Raises ``BakeError`` if ``data`` is not a PNG.
    """
    chunks = _png_chunks(data)
    found: dict[str, bytes] = {}
    for ctype, body in chunks:
        keyword = _chunk_keyword(ctype, body)
        if keyword is None or keyword not in _PNG_KEYWORDS:
            continue
        found.setdefault(ctype.decode("ascii") + ":" + keyword.decode("latin-1"), body)
    if version in (None, OB3) and (hit := found.get("iTXt:" + PNG_KEYWORD_OB3)) is not None:
        return BakedBadge(OB3, _itxt_text(hit).strip())
    if version in (None, OB2):
        if (hit := found.get("iTXt:" + PNG_KEYWORD_OB2)) is not None:
            return BakedBadge(OB2, _itxt_text(hit).strip())
        if (hit := found.get("tEXt:" + PNG_KEYWORD_OB2)) is not None:
            # legacy (pre-2.0) baking: the hosted assertion URL in a Latin-1 tEXt chunk
            return BakedBadge(OB2, hit.partition(b"\x00")[2].decode("latin-1").strip())
    return None


def unbake_png(data: bytes, *, version: OBVersion | None = None) -> str | None:
    """The text baked in a PNG (JSON, JWS or URL), or None when the PNG carries no badge."""
    baked = extract_png(data, version=version)
    return baked.payload if baked else None


def bake_png(data: bytes, payload: str | Mapping[str, Any], *, version: OBVersion, replace: bool = False) -> bytes:
    """A copy of the PNG carrying ``payload`` in an uncompressed ``iTXt`` chunk.

    The keyword is ``openbadges`` for ``version="2.0"`` and ``openbadgecredential`` for
    ``version="3.0"``. An image that already carries badge data is refused unless ``replace``.
    """
    text, _kind = _checked_payload(payload, version)
    chunks = _png_chunks(data)
    baked = [(ctype, body) for ctype, body in chunks if _chunk_keyword(ctype, body) in _PNG_KEYWORDS]
    if baked and not replace:
        raise BakeError(MSG_ALREADY_BAKED)
    kept = [(ctype, body) for ctype, body in chunks if (ctype, body) not in baked]
    badge_chunk = (b"iTXt", _itxt_body(_PNG_KEYWORD_OF[version], text))
    ordered = [kept[0], badge_chunk, *kept[1:]]  # right after IHDR
    return PNG_SIGNATURE + b"".join(_png_chunk(ctype, body) for ctype, body in ordered)


# ---------------------------------------------------------------- SVG


def _parse_svg(data: bytes) -> Document:
    _check_size(data)
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or re.match(
        rb"<\?xml[^>]*encoding\s*=\s*[\"'](?!utf-8|us-ascii)", head, re.IGNORECASE
    ):
        raise BakeError(MSG_SVG_ENCODING)
    try:
        doc: Document = defusedxml.minidom.parseString(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.DefusedXmlException as exc:
        raise BakeError(MSG_SVG_FORBIDDEN, type(exc).__name__) from exc
    except (ExpatError, ValueError, LookupError) as exc:
        raise BakeError(MSG_SVG_INVALID, str(exc)) from exc
    root = doc.documentElement
    if root is None or root.localName != "svg" or root.namespaceURI not in (SVG_NAMESPACE, None):
        raise BakeError(MSG_SVG_INVALID, "root element is not <svg>")
    _check_depth(root)
    return doc


def _check_depth(root: Element) -> None:
    # minidom walks and writes recursively: refuse absurd nesting before it can hit the recursion limit
    stack: list[tuple[Any, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_SVG_DEPTH:
            raise BakeError(MSG_SVG_INVALID, f"nested deeper than {MAX_SVG_DEPTH} levels")
        stack.extend((child, depth + 1) for child in node.childNodes)


def _baked_elements(doc: Document) -> list[tuple[OBVersion, Element]]:
    found: list[tuple[OBVersion, Element]] = []
    for version, (namespace, local) in _SVG_ELEMENTS.items():
        found.extend((version, element) for element in doc.getElementsByTagNameNS(namespace, local))
    return found


def _element_text(element: Element) -> str:
    # Text covers CDATASection, its subclass
    return "".join(child.data for child in element.childNodes if isinstance(child, Text)).strip()


def extract_svg(data: bytes, *, version: OBVersion | None = None) -> BakedBadge | None:
    """The badge baked in an SVG, or None. ``<openbadges:credential>`` (3.0) is looked for first.

    The payload is the tag's body (JSON) when it has one, else its ``verify`` attribute (JWS or URL).
    """
    doc = _parse_svg(data)
    for found_version, element in _baked_elements(doc):
        if version is not None and found_version != version:
            continue
        body = _element_text(element)
        verify = element.getAttribute("verify").strip() or None
        if body or verify:
            return BakedBadge(found_version, body or verify or "", verify)
        raise BakeError(MSG_BAKED_UNREADABLE, "empty openbadges element")
    return None


def unbake_svg(data: bytes, *, version: OBVersion | None = None) -> str | None:
    """The text baked in an SVG (JSON, JWS or URL), or None when the SVG carries no badge."""
    baked = extract_svg(data, version=version)
    return baked.payload if baked else None


def _cdata_safe_json(text: str) -> str:
    # "]]>" cannot occur in CDATA; in JSON it can only sit inside a string, where ">" may be escaped
    return text.replace("]]>", "]]\\u003e")


def bake_svg(data: bytes, payload: str | Mapping[str, Any], *, version: OBVersion, replace: bool = False) -> bytes:
    """A copy of the SVG (UTF-8) carrying ``payload``, as the 2.0 or 3.0 baking spec says.

    2.0: ``<openbadges:assertion verify=...>`` in namespace ``http://openbadges.org``; ``verify`` is
    the JWS (no body), the URL (no body), or for an assertion JSON its ``id`` when that is an
    http(s) URL (a hosted assertion), with the JSON in CDATA.
    3.0: ``<openbadges:credential>`` in namespace ``https://purl.imsglobal.org/ob/v3p0``; a JWS goes
    in ``verify`` (no body), a credential JSON in CDATA (no ``verify``).
    """
    text, kind = _checked_payload(payload, version)
    doc = _parse_svg(data)
    root = doc.documentElement
    assert root is not None  # checked by _parse_svg
    existing = _baked_elements(doc)
    if existing and not replace:
        raise BakeError(MSG_ALREADY_BAKED)
    for _version, element in existing:
        parent = element.parentNode
        if parent is not None:
            parent.removeChild(element)
    namespace, local = _SVG_ELEMENTS[version]
    declared = root.getAttributeNS(XMLNS_NAMESPACE, SVG_PREFIX)
    if declared and declared != namespace and declared not in (SVG_NAMESPACE_OB2, SVG_NAMESPACE_OB3):
        raise BakeError(MSG_PREFIX_TAKEN)
    root.setAttributeNS(XMLNS_NAMESPACE, f"xmlns:{SVG_PREFIX}", namespace)

    element = doc.createElementNS(namespace, f"{SVG_PREFIX}:{local}")
    if kind in ("jws", "url"):
        element.setAttribute("verify", text)
    else:
        if version == OB2:
            assertion_id = json.loads(text).get("id")
            if isinstance(assertion_id, str) and _URL.fullmatch(assertion_id):
                element.setAttribute("verify", assertion_id)
        element.appendChild(doc.createCDATASection(_cdata_safe_json(text)))
    root.insertBefore(element, root.firstChild)
    return doc.toxml(encoding="utf-8")


# ---------------------------------------------------------------- either


def image_format(data: bytes) -> Literal["png", "svg"]:
    """``png`` or ``svg`` from the first bytes; ``BakeError`` for anything else."""
    if data.startswith(PNG_SIGNATURE):
        return "png"
    if data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and b"<svg" in data[: 64 * 1024]:
        return "svg"
    raise BakeError(MSG_UNKNOWN_FORMAT)


def bake(data: bytes, payload: str | Mapping[str, Any], *, version: OBVersion, replace: bool = False) -> bytes:
    """Bake a PNG or an SVG, chosen from the image's first bytes."""
    if image_format(data) == "png":
        return bake_png(data, payload, version=version, replace=replace)
    return bake_svg(data, payload, version=version, replace=replace)


def unbake(data: bytes) -> BakedBadge | None:
    """The badge baked in a PNG or an SVG, or None."""
    if image_format(data) == "png":
        return extract_png(data)
    return extract_svg(data)
