"""Pages: the HTML page of one resource, for people browsing `kg serve`.

Every IRI the store mints (``https://w3id.org/diplo/id/...``) has a page at the server's own
``/id/...`` address, any other IRI at ``/describe?iri=...``. The page shows the labels, the
facts with links to the neighbours' pages, what points at the resource, and the sentences the
facts were read from with links to their articles. Everything from the store is text: it is
escaped, and links are only ever made from IRIs (never ``javascript:``).
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from kg.graph.iris import DEFAULT_BASE
from kg.graph.vocab import PREFIXES
from kg.query.resource import Fact, Resource

_STYLE = """body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 60em; padding: 0 1em; }
table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: 3px 6px;
vertical-align: top; text-align: left; } th { width: 14em; font-weight: normal; color: #555; }
.iri { color: #777; font-size: 85%; word-break: break-all; } blockquote { margin: .3em 0 .8em 1em; }
nav a { margin-right: 1em; }"""


def page_path(iri: str) -> str:
    """The server-relative address of an IRI's page."""
    if iri.startswith(DEFAULT_BASE):
        return "/id/" + quote(iri[len(DEFAULT_BASE):], safe="/-_.~")
    return "/describe?iri=" + quote(iri, safe="")


def short(iri: str) -> str:
    for name, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{name}:{iri[len(namespace):]}"
    return iri


def _link(iri: str, label: str = "") -> str:
    if not iri.lower().startswith(("http://", "https://", "urn:")):
        return escape(iri)
    text = escape(label) + f' <span class="iri">{escape(short(iri))}</span>' if label else escape(short(iri))
    external = (f' <a href="{escape(iri, quote=True)}" rel="external" title="the IRI itself">↗</a>'
                if not iri.startswith(DEFAULT_BASE) else "")
    return f'<a href="{escape(page_path(iri), quote=True)}">{text}</a>{external}'


def _value(fact: Fact) -> str:
    if fact.is_iri:
        return _link(fact.value, fact.label)
    datatype = f' <span class="iri">{escape(short(fact.datatype))}</span>' if fact.datatype else ""
    return escape(fact.value) + datatype


def render_resource_page(resource: Resource) -> str:
    """The HTML page of a resource (escaped throughout)."""
    title = resource.label or short(resource.iri)
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{escape(title)} - diplo-kg</title>", f"<style>{_STYLE}</style>",
           "</head><body>", '<nav><a href="/">query page</a><a href="/graph">graph</a></nav>',
           f"<h1>{escape(title)}</h1>", f'<p class="iri">{escape(resource.iri)}</p>']
    if not resource.found:
        out.append("<p>The store says nothing about this IRI.</p></body></html>")
        return "\n".join(out)
    if resource.types:
        out.append("<p>" + ", ".join(_link(t) for t in resource.types) + "</p>")
    out.append("<h2>Facts</h2><table>")
    out += [f"<tr><th>{escape(short(f.predicate))}</th><td>{_value(f)}</td></tr>"
            for f in resource.facts if not f.predicate.endswith("#type")]
    out.append("</table>")
    if resource.evidence:
        out.append("<h2>Read from</h2>")
        for item in resource.evidence:
            source = escape(item.headline or item.graph)
            if item.url.lower().startswith(("http://", "https://")):
                source = f'<a href="{escape(item.url, quote=True)}" rel="external">{source}</a>'
            out.append(f"<p>{source} {escape(item.published)}</p><blockquote>{escape(item.sentence)}</blockquote>")
    if resource.links:
        out.append("<h2>Pointing here</h2><table>")
        out += [f"<tr><th>{escape(short(f.predicate))} of</th><td>{_link(f.value, f.label)}</td></tr>"
                for f in resource.links]
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


__all__ = ["page_path", "render_resource_page", "short"]
