"""French typography, the same rule as ``frenchSpacing`` in static/shared/dom.js.

Lexique des règles typographiques en usage à l'Imprimerie nationale: a no-break space
(U+00A0) before « : » and inside guillemets « … », a narrow no-break space (U+202F) before
« ; ! ? ». Only ordinary spaces are replaced: a text already written with no-break spaces
stays as it is, and nothing is added where there is no space (10:30, https://, ?x=1).
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"

_BEFORE_NARROW = re.compile(r" +(?=[;!?])")
_BEFORE_WIDE = re.compile(r" +(?=[:»])")
_AFTER_OPENING = re.compile(r"« +")


def french_spacing(text: str) -> str:
    """``text`` with the spaces around French high punctuation made non-breaking."""
    if " " not in text:
        return text
    text = _BEFORE_NARROW.sub(NARROW_NBSP, text)
    text = _BEFORE_WIDE.sub(NBSP, text)
    return _AFTER_OPENING.sub("«" + NBSP, text)
