"""Instance IRIs: deterministic, derived from stable keys, never counters."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

DEFAULT_BASE = "https://w3id.org/diplo/id/"
KINDS = frozenset({"country", "organization", "person", "post", "article", "graph", "event", "agreement", "summary",
                   "extractor", "place", "header"})


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-': 'Jean-Yves Le Drian' -> 'jean-yves-le-drian'."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9+]+", "-", folded).strip("-")
    return slug


def mint_iri(kind: str, key: str, base: str = DEFAULT_BASE) -> str:
    """The IRI of an instance of `kind` whose stable key is `key`.

    Keys are slugged where that keeps them readable; anything the slug would
    lose (non-Latin names) is kept percent-encoded, so distinct keys never
    share an IRI and the result is always a valid IRI.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown IRI kind {kind!r}. Choose one of: {', '.join(sorted(KINDS))}.")
    parts = [p for p in key.split("/")]
    encoded = []
    for part in parts:
        slug = slugify(part)
        encoded.append(slug if slug and len(slug) >= len(part) * 0.5 else quote(part.strip() or "_", safe=""))
    return f"{base}{kind}/{'/'.join(encoded)}"
