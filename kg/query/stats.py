"""Stats: what the store holds, counted."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.query.run import run_query
from kg.store.base import Store

_CLASSES = {
    "articles": "diplo:Article",
    "officials": "diplo:Official",
    "countries": "diplo:Country",
    "organizations": "diplo:Organization",
    "posts": "diplo:Post",
    "agreements": "diplo:Agreement",
}
EVENT_CLASSES = ("Meeting", "Visit", "PhoneCall", "Statement")


@dataclass(frozen=True)
class StoreStats:
    counts: dict[str, int]
    events: dict[str, int]
    statuses: dict[str, int] = field(default_factory=dict)
    quads: int = 0

    def as_dict(self) -> dict[str, object]:
        return {**self.counts, "events": dict(self.events), "event_status": dict(self.statuses),
                "quads": self.quads}


def _count(store: Store, sparql_class: str) -> int:
    result = run_query(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {sparql_class} }}")
    return int(str(result.rows[0][0])) if result.rows else 0


def compute_stats(store: Store) -> StoreStats:
    counts = {name: _count(store, cls) for name, cls in _CLASSES.items()}
    events = {kind: _count(store, f"diplo:{kind}") for kind in EVENT_CLASSES}
    result = run_query(store, """
        SELECT ?status (COUNT(DISTINCT ?e) AS ?n) WHERE {
          VALUES ?type { diplo:Meeting diplo:Visit diplo:PhoneCall diplo:Statement }
          ?e a ?type ; diplo:status ?status } GROUP BY ?status""")
    statuses = {str(row[0]).rsplit("#", 1)[-1].lower(): int(str(row[1])) for row in result.rows}
    return StoreStats(counts=counts, events=events, statuses=statuses, quads=len(store))


def format_stats(stats: StoreStats) -> str:
    lines = [f"{name:<14}{value:>8}" for name, value in stats.counts.items()]
    lines.append(f"{'events':<14}{sum(stats.events.values()):>8}")
    lines += [f"  {kind:<12}{value:>8}" for kind, value in stats.events.items()]
    for status in ("occurred", "planned", "cancelled"):
        lines.append(f"  {status:<12}{stats.statuses.get(status, 0):>8}")
    lines.append(f"{'quads':<14}{stats.quads:>8}")
    return "\n".join(lines) + "\n"
