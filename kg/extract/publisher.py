"""The publisher's side: who speaks in an article, read from its address and its header.

A government's own site (state.gov, kremlin.ru, mofa.go.jp, beehive.govt.nz) speaks for
that country; an international organisation's site (un.org, nato.int, europa.eu) for that
organisation. The header can say more than the address: a release of one government
re-posted on another's site or on a private one names its issuer in the licence line
("Open Government Licence - Canada", "Ministry of Foreign Affairs of Japan"); a state
broadcaster's work ("U.S. Government work") is that state's side in the same, limited
sense: its own officials are the ones it names without a country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.gazetteer import Gazetteer

#: header fields that name the issuer of a text
ISSUER_FIELDS = ("license", "publisher", "author", "via", "credit", "site", "source_name")
#: host labels that mark a government's site under a country's domain
GOVERNMENT_LABELS = frozenset({"gov", "govt", "gouv", "gob", "go", "gc", "mfa", "mofa", "mid", "president", "kremlin",
                               "government", "bund", "admin", "regjeringen", "gv", "presidency", "pm"})
#: the sites of international organisations (registrable domain -> organisation key)
ORGANIZATION_HOSTS = {
    "un.org": "UN", "nato.int": "NATO", "europa.eu": "EU", "osce.org": "OSCE", "asean.org": "ASEAN",
    "au.int": "AU", "coe.int": "Council of Europe", "iaea.org": "IAEA", "who.int": "WHO", "wto.org": "WTO",
    "oecd.org": "OECD", "imf.org": "IMF", "worldbank.org": "World Bank", "sectsco.org": "SCO",
    "odkb-csto.org": "CSTO", "gcc-sg.org": "GCC", "oic-oci.org": "OIC", "thecommonwealth.org": "Commonwealth",
}
#: the body within a publishing organisation that a title belongs to: a Commissioner is the Commission's
TITLE_BODIES = {("EU", "Commissioner"): "European Commission", ("EU", "European Commissioner"): "European Commission"}
_HOST = re.compile(r"\b((?:[a-z0-9-]+\.)+[a-z]{2,})\b")
_URL_HOST = re.compile(r"^[a-z]+://([^/:]+)")


@dataclass(frozen=True)
class Publisher:
    """The side an article speaks for: a country's government, an organisation, or nobody."""

    country: str | None = None
    organization: str | None = None

    @property
    def government(self) -> bool:
        return self.country is not None


def publisher_of(url: str | None, metadata: tuple[tuple[str, str], ...], gazetteer: Gazetteer) -> Publisher:
    """Who publishes the article: the issuer the header names, else the owner of the address."""
    organization = _organization_of_host(_url_host(url))
    named = _named_issuer(metadata, gazetteer)
    if named is not None:
        return named
    if organization is not None:
        return Publisher(organization=organization)
    return Publisher(country=home_country(url, gazetteer))


def organization_of_title(organization: str, title: str) -> str:
    """The body of a publishing organisation a title of its staff belongs to ("Commissioner for Trade" on
    an EU site: the European Commission); else the organisation itself."""
    head = title.split(" for ")[0].split(" of ")[0]
    return TITLE_BODIES.get((organization, head), organization)


def home_country(url: str | None, gazetteer: Gazetteer) -> str | None:
    """The country whose government publishes at this address (.gov -> US, kremlin.ru -> RU)."""
    return _country_of_host(_url_host(url), gazetteer)


def publisher_country(metadata: tuple[tuple[str, str], ...], gazetteer: Gazetteer) -> str | None:
    """The government the header names as the text's issuer ('license: ... U.S. Department of State')."""
    named = _named_issuer(metadata, gazetteer)
    return named.country if named is not None else None


def _url_host(url: str | None) -> str | None:
    if not url:
        return None
    match = _URL_HOST.match(url.strip().lower())
    return match.group(1) if match else None


def _country_of_host(host: str | None, gazetteer: Gazetteer) -> str | None:
    if not host:
        return None
    if host.endswith((".gov", ".mil")) or host in ("gov", "mil"):
        return "US"
    labels = host.split(".")
    if len(labels) >= 2 and len(labels[-1]) == 2:
        code = {"UK": "GB"}.get(labels[-1].upper(), labels[-1].upper())
        government = any(label in GOVERNMENT_LABELS for label in labels[:-1]) or host.startswith("kremlin.")
        if government and gazetteer.country(code):
            return code
    return None


def _organization_of_host(host: str | None) -> str | None:
    if not host:
        return None
    for domain, key in ORGANIZATION_HOSTS.items():
        if host == domain or host.endswith("." + domain):
            return key
    return None


def _named_issuer(metadata: tuple[tuple[str, str], ...], gazetteer: Gazetteer) -> Publisher | None:
    """The first government or organisation an issuer field names: a site address in it ('(mea.gov.in)'),
    or a government body with its country ('Government of Japan', 'Australian Department of Foreign
    Affairs', 'Open Government Licence - Canada'). A name without a body ('Voice of America') is no issuer."""
    countries = gazetteer.country_surface_forms()
    for key, value in metadata:
        if key not in ISSUER_FIELDS:
            continue
        text = value
        found: list[tuple[int, Publisher]] = []
        for match in _HOST.finditer(text.lower()):
            host = match.group(1)
            organization = _organization_of_host(host)
            if organization is not None:
                found.append((match.start(), Publisher(organization=organization)))
            elif (country := _country_of_host(host, gazetteer)) is not None:
                found.append((match.start(), Publisher(country=country)))
        for match in _ISSUER_PHRASE.finditer(text):
            body = _GOVERNMENT_BODY.search(match.group()) is not None
            words = re.sub(r"[,()\-–]", " ", match.group()).split()
            # "Government of Japan"; a seat of government standing for it alone: "The White House"
            country = next((hit[0] for size in (3, 2, 1) for start in range(len(words) - size + 1)
                            if (hit := countries.get(" ".join(words[start:start + size]))) is not None
                            and (body and hit[1] != "capital" or not body and hit[1] == "capital" and size > 1)),
                           None)
            if country is not None:
                found.append((match.start(), Publisher(country=country)))
        if found:
            return min(found, key=lambda item: item[0])[1]
    return None


#: a run of capitalised words, joined by of / the / and / for / dashes: a body's name
_ISSUER_PHRASE = re.compile(r"[A-Z][\w.’']*(?:(?:\s+(?:of|the|and|for|[-–]))*\s+[A-Z][\w.’']*)*")
_GOVERNMENT_BODY = re.compile(r"\b(?:Department|Ministry|Government|Embassy|Office|President|Presidency|Minister|"
                              r"Affairs|Licence|License|Chancellery|Cabinet)\b")
