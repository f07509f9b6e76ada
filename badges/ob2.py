"""Open Badges 2.0 hosted badges: the ``Assertion``, ``BadgeClass`` and issuer ``Profile``
documents of 1EdTech (IMS Global) Open Badges v2.0 (Final Release, 12 April 2018), for the
backpacks that only read 2.0 (e.g. Open Badge Passport). The signed OB 3.0 credential stays
the badge of record; these documents are rebuilt from the same data on every request.

What the specification asks, and how it is met here:

* Every document has ``"@context": "https://w3id.org/openbadges/v2"``, a ``type`` and an
  ``id`` that is its own http(s) URL (hosted verification: the verifier dereferences the
  Assertion's ``id`` and trusts only what it gets there).
* ``Assertion``: ``recipient`` (an ``IdentityObject``), ``badge`` (the BadgeClass URL),
  ``verification: {"type": "hosted"}`` (``hosted`` is the context's alias of
  ``HostedBadge``), ``issuedOn`` and ``expires`` as ISO 8601 timestamps with a time zone
  (UTC, ``Z``), ``evidence`` and ``image`` (the baked PNG) optional.
* A revoked hosted Assertion: "only ``id`` and ``revoked`` are required, and many issuers
  strip a hosted Assertion down to only those properties when revoked". It is stripped here
  (nothing about the person is left) and carries ``revocationReason``. The HTTP layer also
  answers it with ``410 Gone``, the status the specification's "Revoking Hosted Assertions"
  section asks for; a verifier treats either signal as revoked.
* ``BadgeClass``: ``id``, ``type``, ``name``, ``description``, ``image``, ``criteria``
  (embedded, with a ``narrative``), ``issuer`` (the Profile's URL) and ``tags``.
* Issuer ``Profile`` (``type: "Issuer"``): the specification requires ``id``, ``type``,
  ``name``, ``url`` *and* ``email`` for a badge issuer ("A note on required properties");
  ``email`` is optional in :func:`issuer` only because the packs have no contact address:
  the HTTP layer takes it from the installation settings, where a facilitator gives it
  once (``game.rules.issuer``), and goes without it only until then. The reference
  validator 1.1.2 does not notice a missing ``email`` (its ``EMAIL`` value type is left out
  of the primitive types it queues checks for), so passing that validator does not prove
  the issuer complete.

The recipient (:func:`email_recipient`, :func:`subject_recipient`): OB 2.0 identifies the
recipient by the value of one of their Profile's identifier properties, named by
``IdentityObject.type``, "an IRI mapped in the present context" — the specification lists
``email``, ``url`` and ``telephone``. With an e-mail, it is ``{"type": "email", "hashed":
true, "salt": ..., "identity": "sha256$<hex>"}``, the same salted hash as in the OB 3.0
credential (SHA-256 of the trimmed, lowercased address followed by the salt), so the address
never appears. Without an e-mail, the OB 3.0 credential names the holder by its subject id
(a ``urn:uuid:``). ``type: "id"`` is *not* valid 2.0: ``id`` maps to the JSON-LD keyword
``@id`` in the v2 context, not to a property IRI, and the 1EdTech reference validator
(``openbadges`` 1.1.2), although it lists ``id``, rejects it: its type check expands ``id``
to ``@id``, which is not an IRI. The subject id
is therefore published as ``{"type": "url", "hashed": false, "identity": "urn:uuid:..."}``:
``url`` (schema:url) is an IRI-valued Profile identifier property, and a ``urn:uuid`` is an
IRI (the specification only says it *should* be an HTTP URL). It names the same pseudonymous
holder as the 3.0 credential and reveals nothing; but 2.0 backpacks match recipients by
e-mail only, so such a badge can be shown and verified but not claimed into a backpack
account. A young person who wants that gives an e-mail before the badge is issued.

Pure Python, no web framework, no database: the HTTP layer passes plain values.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal

CONTEXT: Final = "https://w3id.org/openbadges/v2"
ERASED_REASON: Final = "Données effacées à la demande de la personne."
RETENTION_REASON: Final = "Données effacées à la fin de leur durée de conservation."  # eclats purge

_HTTP_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
_URN_UUID = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
_SHA256_HASH = re.compile(r"^sha256\$[0-9a-f]{64}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")

RecipientType = Literal["email", "url"]


def _http_url(value: str, what: str) -> str:
    if not isinstance(value, str) or not _HTTP_URL.match(value):
        raise ValueError(f"{what} must be an http(s) URL, not {value!r}")
    return value


def _text(value: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty text")
    return value


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def format_datetime(value: datetime) -> str:
    """An OB 2.0 ``DateTime``: ISO 8601 with a time zone, here always UTC with ``Z``, to the
    whole second (as in the specification's examples; older displayers choke on microseconds).
    A naive value is taken as UTC (the database keeps UTC without a zone)."""
    return _utc(value).replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def email_identity_hash(email: str, salt: str) -> str:
    """``sha256$`` + hex SHA-256 of the trimmed, lowercased address followed by the salt:
    how the e-mail hash kept with a young person's consent was computed."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Recipient:
    """An OB 2.0 ``IdentityObject``."""

    type: RecipientType
    identity: str
    hashed: bool
    salt: str | None = None

    def document(self) -> dict[str, Any]:
        identity: dict[str, Any] = {"type": self.type, "hashed": self.hashed}
        if self.salt is not None:
            identity["salt"] = self.salt
        identity["identity"] = self.identity
        return identity


def email_recipient(identity_hash: str, salt: str) -> Recipient:
    """The recipient by e-mail, from the salted hash kept with the consent (never the address)."""
    if not isinstance(identity_hash, str) or not _SHA256_HASH.match(identity_hash):
        raise ValueError(f"the identity hash must be 'sha256$' and 64 hex digits, not {identity_hash!r}")
    if not isinstance(salt, str) or not salt:
        raise ValueError("a hashed identity needs its salt")
    return Recipient(type="email", identity=identity_hash, hashed=True, salt=salt)


def subject_recipient(subject_id: str) -> Recipient:
    """The recipient without an e-mail: the OB 3.0 credential's subject id (``urn:uuid:``)
    under the ``url`` identifier property (``id`` is not valid 2.0: see the module's notes)."""
    if not isinstance(subject_id, str) or not (_URN_UUID.match(subject_id) or _HTTP_URL.match(subject_id)):
        raise ValueError(f"the subject id must be a urn:uuid or an http(s) URL, not {subject_id!r}")
    return Recipient(type="url", identity=subject_id, hashed=False)


def assertion(
    *,
    assertion_id: str,
    badge_class_id: str,
    recipient: Recipient,
    issued_on: datetime,
    expires: datetime | None = None,
    image: str | None = None,
    evidence_narrative: str | None = None,
    evidence_name: str | None = None,
    evidence_id: str | None = None,
) -> dict[str, Any]:
    """A hosted ``Assertion``: ``assertion_id`` is the URL it is served at."""
    if expires is not None and _utc(expires) <= _utc(issued_on):
        raise ValueError("an assertion cannot expire before it is issued")
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": _http_url(assertion_id, "the assertion id"),
        "recipient": recipient.document(),
        "badge": _http_url(badge_class_id, "the badge class id"),
        "verification": {"type": "hosted"},
        "issuedOn": format_datetime(issued_on),
    }
    if expires is not None:
        document["expires"] = format_datetime(expires)
    if image is not None:
        document["image"] = _http_url(image, "the assertion image")
    if evidence_narrative:
        evidence: dict[str, Any] = {"type": "Evidence"}
        if evidence_id is not None:
            evidence["id"] = _http_url(evidence_id, "the evidence id")
        if evidence_name:
            evidence["name"] = evidence_name
        evidence["narrative"] = evidence_narrative
        document["evidence"] = evidence
    return document


def revoked_assertion(*, assertion_id: str, reason: str) -> dict[str, Any]:
    """A revoked hosted ``Assertion``, stripped to what the specification requires (``id``,
    ``revoked``) plus its ``@context``, ``type`` and the published ``revocationReason``."""
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": _http_url(assertion_id, "the assertion id"),
        "revoked": True,
        "revocationReason": _text(reason, "the revocation reason"),
    }


def badge_class(
    *,
    badge_class_id: str,
    name: str,
    description: str,
    image: str,
    criteria_narrative: str,
    issuer_id: str,
    tags: Sequence[str] = (),
) -> dict[str, Any]:
    """A hosted ``BadgeClass`` with embedded criteria."""
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": _http_url(badge_class_id, "the badge class id"),
        "name": _text(name, "the badge name"),
        "description": _text(description, "the badge description"),
        "image": _http_url(image, "the badge image"),
        "criteria": {"narrative": _text(criteria_narrative, "the criteria narrative")},
        "issuer": _http_url(issuer_id, "the issuer id"),
    }
    kept = [tag for tag in dict.fromkeys(tags) if tag and tag.strip()]
    if kept:
        document["tags"] = kept
    return document


def issuer(
    *, issuer_id: str, name: str, url: str, email: str | None = None, image: str | None = None
) -> dict[str, Any]:
    """A hosted issuer ``Profile`` (``type: "Issuer"``). ``email`` is required by the
    specification for an issuer; it is left out only while none has been given.
    ``image``: the URL of the organisation's logo, when it has one."""
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": _http_url(issuer_id, "the issuer id"),
        "name": _text(name, "the issuer name"),
        "url": _http_url(url, "the issuer url"),
    }
    if email is not None:
        if not _EMAIL.match(email):
            raise ValueError(f"the issuer email must be an e-mail address, not {email!r}")
        document["email"] = email
    if image is not None:
        document["image"] = _http_url(image, "the issuer image")
    return document
