"""The recruiters' verifier: a badge from anywhere (OB 3.0 credential or OB 2.0 hosted
Assertion) checked against what its issuer publishes. This server's own documents are read
from the database and the hosting service, without a network round trip; anyone else's
are fetched with the SSRF guards of :mod:`badges.fetch`."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy.orm import Session

from badges import fetch
from badges.status_list import StatusList
from badges.verify import Gone, Report, is_ob2, verify_assertion, verify_credential
from game.rules.errors import RuleViolation
from game.store.organisations import Organisation

from . import awards, hosting, issuers


def _is_organisation(db: Session, organisation_id: int) -> bool:
    return db.get(Organisation, organisation_id) is not None


NOT_HERE = "Ce badge n'existe pas (ou plus) sur ce serveur."

# the JSON documents this server publishes, by path (``/badges/<id>`` answers JSON to a
# program asking for it); each is read from the hosting service
_Route = Callable[[Session, hosting.Host, datetime, re.Match[str]], dict[str, Any]]


def _assertion(db: Session, host: hosting.Host, now: datetime, m: re.Match[str]) -> dict[str, Any]:
    hosted = hosting.assertion(db, host, awards.find(db, m[1]))
    if hosted.gone:
        raise Gone(hosted.document)
    return hosted.document


_ROUTES: list[tuple[re.Pattern[str], _Route]] = [
    (
        re.compile(r"/badges/status/([0-9]{1,9})"),
        lambda db, host, now, m: hosting.status_list(db, host, now, int(m[1])),
    ),
    (
        re.compile(r"/badges/([^/]+)(?:/credential\.json)?"),
        lambda db, host, now, m: hosting.public_credential(awards.find(db, m[1])),
    ),
    (re.compile(r"/ob2/assertions/([^/]+)(?<!\.png)"), _assertion),
    (
        re.compile(r"/ob2/badges/([^/]+)/([^/]+)(?<!\.png)"),
        lambda db, host, now, m: hosting.badge_class(db, host, m[1], m[2]),
    ),
    (re.compile(r"/ob2/issuer"), lambda db, host, now, m: hosting.issuer(db, host)),
    (re.compile(r"/ob2/issuers/([^/]+)"), lambda db, host, now, m: hosting.issuer(db, host, m[1])),
    (
        re.compile(r"/ob2/issuers/([^/]+)/badges/([^/]+)/([^/]+)(?<!\.png)"),
        lambda db, host, now, m: hosting.badge_class(db, host, m[2], m[3], m[1]),
    ),
]
_STATUS_LIST = re.compile(r"/badges/status/([0-9]{1,9})")


@dataclass(frozen=True)
class Verifier:
    """Verifies badges at ``now`` (aware UTC). ``allow_loopback`` lets foreign badges be
    fetched from this machine (tests only, ``VERIFY_ALLOW_LOOPBACK``)."""

    db: Session
    host: hosting.Host
    now: datetime
    allow_loopback: bool = False
    #: the other addresses of this same server: the organisations' own public addresses
    #: (« Réglages », issue 16), which their badges carry
    other_bases: frozenset[str] = frozenset()

    def _own_base(self, url: str) -> str | None:
        """The address of this server that ``url`` starts with (the longest), if any."""
        bases = sorted({self.host.base, *self.other_bases} - {""}, key=len, reverse=True)
        return next((base for base in bases if url.startswith(base + "/")), None)

    def own_document(self, url: str) -> dict[str, Any]:
        """One of this server's documents by its public address; :class:`Gone` when it
        answers 410 (revoked, erased), :class:`fetch.FetchError` when there is none."""
        base = self._own_base(url)
        path = unquote(urlsplit(url[len(base) :] if base else url).path)
        host = replace(self.host, base=base) if base else self.host  # built at the address it was asked at
        for pattern, route in _ROUTES:
            found = pattern.fullmatch(path)
            if found is None:
                continue
            try:
                return route(self.db, host, self.now, found)
            except hosting.Erased as error:
                raise Gone() from error
            except RuleViolation as error:
                raise fetch.FetchError(NOT_HERE, "http_error", str(error.status)) from error
        raise fetch.FetchError(NOT_HERE, "http_error", "404")

    def get_json(self, url: str) -> dict[str, Any]:
        """A JSON document by its address: this server's own read here, anyone else's
        fetched (a 410 there means withdrawn: :class:`Gone`)."""
        if self._own_base(url) is not None:
            return self.own_document(url)
        try:
            return fetch.fetch_json(url, allow_loopback=self.allow_loopback)
        except fetch.FetchError as error:
            if error.reason == "http_error" and error.detail.startswith("410"):
                raise Gone() from error
            raise

    def _status_of(self, url: str) -> StatusList:
        # one of this server's organisations' lists: read from the database
        base = self._own_base(url)
        own = _STATUS_LIST.fullmatch(url[len(base) :]) if base is not None else None
        if own is not None and _is_organisation(self.db, int(own[1])):
            return awards.revoked_list(self.db, int(own[1]))
        subject = self.get_json(url).get("credentialSubject") or {}
        return StatusList.decode(str(subject.get("encodedList")))

    def _own_issuers(self) -> dict[str, str]:
        """did → the name of the organisation of this server that holds the key."""
        return issuers.own_issuers(self.db, self.host.ring, self.host.organisation())

    def verify(self, credential: dict[str, Any], email: str | None) -> Report:
        if is_ob2(credential):
            return verify_assertion(credential, now=self.now, get=self.get_json, email=email)
        return verify_credential(
            credential, now=self.now, status_of=self._status_of, own_issuers=self._own_issuers(), email=email
        )
