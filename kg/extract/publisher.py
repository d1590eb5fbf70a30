"""The publisher's side: the government that publishes at an address or names itself in the header."""

from __future__ import annotations

import re

from kg.extract.gazetteer import Gazetteer


def publisher_country(metadata: tuple[tuple[str, str], ...], gazetteer: Gazetteer) -> str | None:
    """The government named as publisher in the header ('license: ... U.S. Department of State')."""
    forms = gazetteer.country_surface_forms()
    for key, value in metadata:
        if key not in ("license", "publisher", "author", "via", "credit", "site", "source_name"):
            continue
        for organisation in re.findall(r"((?:[A-Z][\w.]*\s+){0,3}(?:Department|Ministry|Government|"
                                       r"Embassy|Office|President|Presidency)\b(?:\s+of(?:\s+the)?(?:\s+[A-Z][\w.]*)+)?)",
                                       value):
            words = organisation.replace(",", " ").split()
            for size in (3, 2, 1):
                for start in range(len(words) - size + 1):
                    hit = forms.get(" ".join(words[start:start + size]))
                    if hit is not None and hit[1] != "capital":
                        return hit[0]
    return None


def home_country(url: str | None, gazetteer: Gazetteer) -> str | None:
    """The country whose government publishes at this address (.gov -> US, kremlin.ru -> RU)."""
    if not url:
        return None
    match = re.match(r"^[a-z]+://([^/:]+)", url.strip().lower())
    if not match:
        return None
    host = match.group(1)
    if host.endswith((".gov", ".mil")) or host in ("state.gov", "whitehouse.gov"):
        return "US"
    labels = host.split(".")
    if len(labels) >= 2 and len(labels[-1]) == 2:
        code = labels[-1].upper()
        code = {"UK": "GB"}.get(code, code)
        government = any(label in ("gov", "gouv", "gob", "go", "mfa", "president", "kremlin", "government")
                         for label in labels[:-1]) or host.startswith(("kremlin.", "en.kremlin.", "mid.", "mfa."))
        if government and gazetteer.country(code):
            return code
    return None
