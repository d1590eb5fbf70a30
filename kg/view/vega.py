"""Vega-Lite for the views: the timeline chart's spec (altair) and the Vega bundle (vl-convert).

Both the timeline page and the graph page's side panel draw the same chart from
:func:`timeline_spec`; :func:`vega_bundle` is the script that draws it offline.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import Any

from kg.files import write_atomically
from kg.view.data import ITEM_CLASSES, STATUSES
from kg.view.style import CLASS_STYLE

VEGA_LITE_VERSION = "6.4"


def timeline_spec(rows: list[dict[str, Any]] | None, *, small: bool = False) -> dict[str, Any]:
    """The Vega-Lite chart: bars of events per month, coloured by type, one row per status.

    With `rows` None the spec has no data (the page's script adds it)."""
    import altair as alt

    months = len({row["month"] for row in rows or []})
    width = 220 if small else max(360, min(1100, 18 * months))
    kinds = [k for k in ITEM_CLASSES]
    data = alt.Data(values=rows) if rows is not None else alt.Data(values=[])
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("month:T", timeUnit="yearmonth", title=None if small else "Month",
                axis=alt.Axis(format="%b %Y", labelAngle=-40 if not small else 0, labelOverlap=True)),
        y=alt.Y("sum(count):Q", title="Events", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("type:N", title="Type", scale=alt.Scale(domain=kinds,
                                                                range=[CLASS_STYLE[k]["color"] for k in kinds]),
                        legend=alt.Legend(orient="bottom") if small else alt.Legend()),
        row=alt.Row("status:N", title=None, sort=list(STATUSES), header=alt.Header(labelAngle=0,
                                                                                    labelAlign="left")),
        tooltip=[alt.Tooltip("month:T", timeUnit="yearmonth", title="Month"), alt.Tooltip("type:N", title="Type"),
                 alt.Tooltip("status:N", title="Status"), alt.Tooltip("sum(count):Q", title="Events")],
    ).properties(width=width, height=60 if small else 110)
    spec: dict[str, Any] = chart.to_dict()
    spec.pop("$schema", None)
    if rows is None:
        spec.pop("data", None)
    return spec


def _cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "diplo-kg"


@cache
def vega_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script (window.vega, vegaLite, vegaEmbed), from vl-convert.

    Bundling takes seconds, so the result is kept in the user's cache folder, named by the
    versions it holds; a cache that cannot be written is no error."""
    from importlib.metadata import version

    import vl_convert

    versions = f"{version('vl-convert-python')}-vl{VEGA_LITE_VERSION}"
    target = _cache_folder() / f"vega-bundle-{versions}.js"
    digest = target.with_suffix(".sha256")
    try:
        text = target.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode("utf-8")).hexdigest() == digest.read_text(encoding="utf-8").strip():
            return text
    except OSError:
        pass
    text = vl_convert.javascript_bundle("window.vegaEmbed = vegaEmbed;", vl_version=VEGA_LITE_VERSION)
    try:
        write_atomically(target, lambda output: output.write(text.encode("utf-8")))
        write_atomically(digest, lambda output: output.write(hashlib.sha256(text.encode("utf-8")).hexdigest()
                                                               .encode("ascii")))
    except OSError:
        pass
    return text
