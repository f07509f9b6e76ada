"""Unsigned Open Badges 3.0 ``OpenBadgeCredential`` documents (1EdTech Open Badges 3.0,
on the W3C Verifiable Credentials Data Model 2.0), ready for :func:`badges.sign.sign`.

Every term used here is defined by the VC 2.0 or the OB 3.0.3 context (safe-mode
canonicalization in :mod:`badges.jsonld` would refuse the credential otherwise), including
the ``BitstringStatusListEntry`` terms, which the VC 2.0 context defines.

The Bitstring Status List helpers live in :mod:`badges.status_list` and are re-exported here.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from badges.jsonld import OB_V3, VC_V2
from badges.sign import format_datetime
from badges.status_list import (
    MIN_BITS,
    StatusList,
    StatusListError,
    decode_list,
    encode_list,
    is_status_set,
    status_list_credential,
    status_list_entry,
)

__all__ = [
    "CONTEXT",
    "MIN_BITS",
    "Achievement",
    "Issuer",
    "LevelScale",
    "RubricLevel",
    "StatusList",
    "StatusListError",
    "decode_list",
    "encode_list",
    "identity_hash",
    "is_status_set",
    "level_of",
    "open_badge_credential",
    "status_list_credential",
    "status_list_entry",
]

CONTEXT = [VC_V2, OB_V3]
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")


def _require_https(value: str, what: str) -> str:
    """An http(s) URL. Real installations publish over https; plain http is accepted for
    a laptop on a local network (the demo) and for tests."""
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/?#]+\S*$", value):
        raise ValueError(f"{what} must be an http(s) URL, not {value!r}")
    return value


def _require_iri(value: str, what: str) -> str:
    if not isinstance(value, str) or not _ABSOLUTE_IRI.match(value):
        raise ValueError(f"{what} must be an absolute IRI, not {value!r}")
    return value


@dataclass(frozen=True)
class Issuer:
    """The issuer ``Profile``. ``id`` is a did:key or an https URL; ``email``, ``address``
    (the OB 3.0 ``Address`` fields, e.g. ``streetAddress``) and ``image`` (the logo's URL)
    are left out when not given."""

    id: str
    name: str
    url: str
    email: str = ""
    address: Mapping[str, str] = field(default_factory=dict)
    image: str = ""

    def profile(self) -> dict[str, Any]:
        if not (self.id.startswith("did:key:") or self.id.startswith(("https://", "http://"))):
            raise ValueError(f"the issuer id must be a did:key or an https URL, not {self.id!r}")
        _require_iri(self.id, "the issuer id")
        profile: dict[str, Any] = {
            "id": self.id,
            "type": ["Profile"],
            "name": self.name,
            "url": _require_https(self.url, "issuer url"),
        }
        if self.email:
            profile["email"] = self.email
        if self.address:
            profile["address"] = {"type": ["Address"], **self.address}
        if self.image:
            profile["image"] = {"id": _require_https(self.image, "issuer image"), "type": "Image"}
        return profile


@dataclass(frozen=True)
class RubricLevel:
    """One level of a scale (OB 3.0 ``RubricCriterionLevel``): ``level`` is its rank in
    words or digits ("2"), ``id`` an absolute IRI a ``Result`` can point to."""

    id: str
    name: str
    level: str

    def document(self) -> dict[str, Any]:
        return {
            "id": _require_iri(self.id, "the level id"),
            "type": ["RubricCriterionLevel"],
            "name": self.name,
            "level": self.level,
        }


@dataclass(frozen=True)
class LevelScale:
    """The levels an achievement can be shown at: an OB 3.0 ``ResultDescription`` of
    ``resultType`` "RubricCriterionLevel", with its ``rubricCriterionLevel`` entries (low to
    high) and the ``requiredLevel`` the badge asks for (the id of one of them)."""

    id: str
    name: str
    levels: Sequence[RubricLevel]
    required: str

    def document(self) -> dict[str, Any]:
        if self.required not in {level.id for level in self.levels}:
            raise ValueError(f"the required level {self.required!r} is not one of the scale's levels")
        return {
            "id": _require_iri(self.id, "the result description id"),
            "type": ["ResultDescription"],
            "name": self.name,
            "resultType": "RubricCriterionLevel",
            "rubricCriterionLevel": [level.document() for level in self.levels],
            "requiredLevel": self.required,
        }


@dataclass(frozen=True)
class Achievement:
    """What the badge is for. ``image_url`` may be an https URL or a ``data:`` URI;
    ``achievement_type`` is a value of the OB 3.0 AchievementType vocabulary (e.g. "Badge",
    "Competency") or an ``ext:`` extension."""

    id: str
    name: str
    description: str
    criteria_narrative: str
    image_url: str
    achievement_type: str | None = None
    tags: Sequence[str] = field(default_factory=tuple)
    levels: LevelScale | None = None  # the scale of levels the badge is shown at, if any

    def document(self) -> dict[str, Any]:
        achievement: dict[str, Any] = {
            "id": _require_iri(self.id, "the achievement id"),
            "type": ["Achievement"],
            "name": self.name,
            "description": self.description,
            "criteria": {"narrative": self.criteria_narrative},
            "image": {"id": _require_iri(self.image_url, "the achievement image"), "type": "Image"},
        }
        if self.achievement_type is not None:
            achievement["achievementType"] = self.achievement_type
        if self.tags:
            achievement["tag"] = list(self.tags)
        if self.levels is not None:
            achievement["resultDescription"] = [self.levels.document()]
        return achievement


def level_of(credential: Mapping[str, Any]) -> RubricLevel | None:
    """The level a credential says its holder achieved (its subject's ``result`` pointing at
    a ``rubricCriterionLevel`` of the achievement's ``resultDescription``), or None."""
    subject = credential.get("credentialSubject")
    subject = subject if isinstance(subject, Mapping) else {}
    achievement = subject.get("achievement")
    descriptions = achievement.get("resultDescription") if isinstance(achievement, Mapping) else None
    for result in subject.get("result") or []:
        if not isinstance(result, Mapping):
            continue
        for description in descriptions or []:
            if not isinstance(description, Mapping) or description.get("id") != result.get("resultDescription"):
                continue
            for level in description.get("rubricCriterionLevel") or []:
                if isinstance(level, Mapping) and level.get("id") == result.get("achievedLevel"):
                    return RubricLevel(str(level["id"]), str(level.get("name", "")), str(level.get("level", "")))
    return None


def identity_hash(identity: str, salt: str) -> str:
    """OB 3.0 ``IdentityHash``: ``sha256$`` + hex SHA-256 of the UTF-8 identity followed by
    the salt. The identity is hashed as given: callers should normalize e-mail addresses
    (e.g. trim, lowercase) the same way whenever they issue or check."""
    return "sha256$" + hashlib.sha256((identity + salt).encode("utf-8")).hexdigest()


def open_badge_credential(
    *,
    credential_id: str,
    issuer: Issuer,
    achievement: Achievement,
    valid_from: datetime,
    valid_until: datetime | None = None,
    name: str | None = None,
    email: str | None = None,
    salt: str | None = None,
    subject_id: str | None = None,
    credential_status: Mapping[str, Any] | None = None,
    achieved_level: str | None = None,
) -> dict[str, Any]:
    """An unsigned ``OpenBadgeCredential``.

    The recipient is the hashed e-mail address (an ``IdentityObject`` with a salt, random
    unless given) when ``email`` is given; otherwise the subject gets an id (``subject_id``,
    by default a fresh ``urn:uuid:``). ``name`` defaults to the achievement's name.
    ``credential_status`` is typically :func:`status_list_entry`'s result.
    ``achieved_level``: the id of the level of ``achievement.levels`` the holder showed; it
    becomes the subject's ``result`` (``resultDescription`` and ``achievedLevel``).
    """
    subject: dict[str, Any] = {"type": ["AchievementSubject"]}
    if email is not None:
        if subject_id is not None:
            raise ValueError("give the recipient as an e-mail address or a subject id, not both")
        salt = salt if salt is not None else secrets.token_hex(16)
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(email, salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }
        ]
    else:
        subject["id"] = _require_iri(subject_id or f"urn:uuid:{uuid.uuid4()}", "the subject id")
    subject["achievement"] = achievement.document()
    if achieved_level is not None:
        scale = achievement.levels
        if scale is None or achieved_level not in {level.id for level in scale.levels}:
            raise ValueError(f"{achieved_level!r} is not a level of the achievement's scale")
        subject["result"] = [{"type": ["Result"], "resultDescription": scale.id, "achievedLevel": achieved_level}]

    credential: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": _require_https(credential_id, "the credential id"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer.profile(),
        "validFrom": format_datetime(valid_from),
    }
    if valid_until is not None:
        if valid_until <= valid_from:
            raise ValueError("validUntil must come after validFrom")
        credential["validUntil"] = format_datetime(valid_until)
    credential["name"] = name if name is not None else achievement.name
    credential["credentialSubject"] = subject
    if credential_status is not None:
        credential["credentialStatus"] = dict(credential_status)
    return credential
