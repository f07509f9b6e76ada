"""Run the 1EdTech Open Badges 2.0 reference validator (PyPI ``openbadges`` 1.1.2) on a
hosted assertion URL and print its JSON report.

Run it with the validator's own virtual environment (never the project's), e.g.::

    ~/.cache/eclats-ob2-validator/venv/bin/python tests/ob2_validator/run_validator.py \\
        http://127.0.0.1:5000/ob2/assertions/<id> [--email ines@example.org]

The validator dereferences the JSON-LD context ``https://w3id.org/openbadges/v2`` over HTTP
for every document it compacts, and w3id.org cannot be reached from here (nor should a test
depend on it). Every ``requests`` session (plain, or ``requests_cache.CachedSession``, which
subclasses it) gets a transport adapter mounted for ``http(s)://w3id.org/`` that answers the
v2 context from the copy the validator ships (``openbadges.verifier.openbadges_context.
OPENBADGES_CONTEXT_V2_DICT``) and 404 for any other w3id.org address, so nothing leaves the
machine for w3id.org. pyld's own default loader (urllib) is also replaced by the validator's
requests-based loader, so no path can bypass the adapter.

``--email`` passes a trusted recipient profile ``{"email": ...}``: the validator then also
checks that the assertion's hashed recipient is that address.

Exit status: 0 when the report says valid, 1 when not, 2 when the validator could not run.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.response import HTTPResponse

W3ID_PREFIXES = ("https://w3id.org/", "http://w3id.org/")
CONTEXT_V2_URLS = ("https://w3id.org/openbadges/v2", "http://w3id.org/openbadges/v2")
SERVED: list[str] = []  # what the adapter answered, reported at the end


def _context_v2() -> bytes:
    from openbadges.verifier.openbadges_context import OPENBADGES_CONTEXT_V2_DICT

    return json.dumps(OPENBADGES_CONTEXT_V2_DICT).encode("utf-8")


class LocalW3idAdapter(HTTPAdapter):
    """Answers w3id.org from local copies, without any network access."""

    def send(self, request: Any, *args: Any, **kwargs: Any) -> requests.Response:
        url = str(request.url).split("#")[0].rstrip("/")
        if url in CONTEXT_V2_URLS:
            status, body, content_type = 200, _context_v2(), "application/ld+json"
        else:
            status, body, content_type = 404, b'{"error": "not served offline"}', "application/json"
        SERVED.append(f"{status} {request.url}")
        raw = HTTPResponse(
            body=io.BytesIO(body),
            headers={"Content-Type": content_type, "Content-Length": str(len(body))},
            status=status,
            reason="OK" if status == 200 else "Not Found",
            preload_content=False,
            decode_content=False,
        )
        return self.build_response(request, raw)


def install_offline_contexts() -> None:
    """Mount the adapter on every requests session created from now on (the validator makes
    its sessions when it is imported and for each task)."""
    original_init = requests.Session.__init__

    def init(self: requests.Session, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        adapter = LocalW3idAdapter()
        for prefix in W3ID_PREFIXES:
            self.mount(prefix, adapter)

    requests.Session.__init__ = init  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the hosted assertion URL (e.g. http://127.0.0.1:5000/ob2/assertions/<id>)")
    parser.add_argument("--email", help="check the hashed recipient against this e-mail address")
    args = parser.parse_args(argv)

    install_offline_contexts()  # before the validator is imported: it makes a session at import
    try:
        from openbadges import verify
        from openbadges.verifier.utils import CachableDocumentLoader
        from pyld import jsonld
    except Exception as error:  # any import failure is reported as JSON
        print(json.dumps({"error": f"validator import failed: {error!r}"}))
        return 2
    jsonld.set_document_loader(CachableDocumentLoader(use_cache=False))

    profile = {"email": args.email} if args.email else None
    report = verify(args.url, recipient_profile=profile)
    report["offline_w3id"] = SERVED
    print(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    return 0 if report.get("report", {}).get("valid") else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
