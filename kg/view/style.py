"""View style: the colours and glyphs of each class, and JSON that is safe inside a page's <script>."""

from __future__ import annotations

import json

CLASS_STYLE: dict[str, dict[str, str]] = {
    "Official": {"color": "#4e79a7", "shape": "dot", "glyph": "●", "label": "Officials"},
    "Country": {"color": "#59a14f", "shape": "hexagon", "glyph": "⬢", "label": "Countries"},
    "Organization": {"color": "#d4a20c", "shape": "triangle", "glyph": "▲", "label": "Organisations"},
    "Meeting": {"color": "#e15759", "shape": "diamond", "glyph": "◆", "label": "Meetings"},
    "Visit": {"color": "#f28e2b", "shape": "diamond", "glyph": "◆", "label": "Visits"},
    "PhoneCall": {"color": "#b07aa1", "shape": "diamond", "glyph": "◆", "label": "Phone calls"},
    "Statement": {"color": "#9c755f", "shape": "diamond", "glyph": "◆", "label": "Statements"},
    "Agreement": {"color": "#2f8f89", "shape": "square", "glyph": "■", "label": "Agreements"},
}


def script_safe_json(value: object) -> str:
    """JSON that can sit inside a <script> element: no '<', '>' or '&' as such."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
