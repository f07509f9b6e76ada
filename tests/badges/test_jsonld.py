from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld as pyld_jsonld

from badges import jsonld
from badges.jsonld import (
    CONTEXTS_DIR,
    DEFAULT_LOADER,
    CanonicalizationError,
    OfflineDocumentLoader,
    UnknownContextError,
    UnsafeDocumentError,
    canonize,
)

REQUIRED = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
    "https://w3id.org/security/data-integrity/v2",
    "https://w3id.org/security/multikey/v1",
    "https://www.w3.org/ns/did/v1",
    "https://w3id.org/openbadges/v2",
]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_every_required_context_is_served_locally() -> None:
    for url in REQUIRED:
        document = DEFAULT_LOADER(url, {})
        assert document["documentUrl"] == url
        assert "@context" in document["document"]
    assert set(REQUIRED) <= jsonld.context_urls()


def test_manifest_files_exist_with_their_licenses() -> None:
    manifest = json.loads((CONTEXTS_DIR / "manifest.json").read_text(encoding="utf-8"))
    for relative in manifest.values():
        path = CONTEXTS_DIR / relative
        json.loads(path.read_text(encoding="utf-8"))
        assert any(p.name.startswith("LICENSE") for p in path.parent.iterdir()), path.parent
    assert (CONTEXTS_DIR / "README.md").exists()


def test_context_content_is_the_expected_one() -> None:
    vc = jsonld.load_context("https://www.w3.org/ns/credentials/v2")["@context"]
    assert vc["VerifiableCredential"]["@id"] == "https://www.w3.org/2018/credentials#VerifiableCredential"
    assert "BitstringStatusListEntry" in vc and "DataIntegrityProof" in vc
    ob = jsonld.load_context("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")["@context"]
    assert ob["OpenBadgeCredential"]["@id"] == "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"


def test_unknown_urls_are_refused_without_network(no_network: None) -> None:
    with pytest.raises(UnknownContextError, match="not available offline"):
        DEFAULT_LOADER("https://example.org/context.jsonld", {})
    document = {"@context": ["https://example.org/unknown/v1"], "name": "x"}
    with pytest.raises(UnknownContextError) as caught:
        canonize(document)
    assert caught.value.url == "https://example.org/unknown/v1"


def test_pyld_default_loader_is_the_offline_one(no_network: None) -> None:
    assert pyld_jsonld.get_document_loader() is DEFAULT_LOADER
    with pytest.raises(pyld_jsonld.JsonLdError):
        pyld_jsonld.expand({"@context": "https://example.org/other", "a": 1})


def test_canonicalization_is_deterministic(credential: dict[str, Any]) -> None:
    first = canonize(credential)
    assert canonize(credential) == first
    shuffled = json.loads(json.dumps(credential, sort_keys=True))
    shuffled["credentialSubject"] = dict(reversed(list(shuffled["credentialSubject"].items())))
    assert canonize(shuffled) == first
    assert canonize(credential, loader=OfflineDocumentLoader()) == first, "a fresh loader gives the same result"
    assert first.endswith("\n") and first.splitlines() == sorted(first.splitlines())
    assert "_:c14n0" in first


def test_canonize_is_pyld_normalize_with_urdna2015(credential: dict[str, Any]) -> None:
    expected = pyld_jsonld.normalize(
        credential, {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": DEFAULT_LOADER}
    )
    assert canonize(credential) == expected


def test_safe_mode_refuses_what_canonicalization_would_drop(credential: dict[str, Any]) -> None:
    with pytest.raises(UnsafeDocumentError, match="couleur"):
        canonize({**credential, "couleur": "or"})
    with pytest.raises(UnsafeDocumentError, match="relative"):
        canonize({**credential, "id": "credentials/1"})
    with pytest.raises(UnsafeDocumentError, match="relative"):
        canonize({**credential, "type": ["VerifiableCredential", "UndefinedCredential"]})
    with pytest.raises(CanonicalizationError):
        canonize({"@context": 5})


def test_undefined_terms_vocabulary_is_detected(credential: dict[str, Any]) -> None:
    with_vocab = {
        **credential,
        "@context": [*credential["@context"], "https://www.w3.org/ns/credentials/undefined-terms/v2"],
    }
    with_vocab["couleur"] = "or"
    assert "undefined-term#couleur" in canonize(with_vocab)
    with pytest.raises(UnsafeDocumentError, match="couleur"):
        canonize(with_vocab, allow_undefined_terms=False)


def test_contexts_folder_is_read_only_data() -> None:
    # The loader reads only files listed in the manifest.
    listed = {
        Path(CONTEXTS_DIR / p).resolve() for p in json.loads((CONTEXTS_DIR / "manifest.json").read_text()).values()
    }
    served = {p.resolve() for p in CONTEXTS_DIR.rglob("*.json*") if p.name != "manifest.json"}
    assert served == listed
