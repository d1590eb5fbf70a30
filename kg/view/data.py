"""View data: the part of the store a graph page shows, read with SPARQL.

:func:`read_view_graph` reads every official, country, organisation, event
and agreement with the edges between them; :func:`select_view` then applies
the options of a page (item filters, focus and depth, the node limit) and
returns a :class:`ViewGraph` that :mod:`kg.view.render` renders. Nothing here
knows about HTML.
"""

from __future__ import annotations

import heapq
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from kg.errors import InputError
from kg.query.run import run_query
from kg.store.base import Store

VIEWS = ("entities", "relations")
ACTOR_CLASSES = ("Official", "Country", "Organization")
ITEM_CLASSES = ("Meeting", "Visit", "PhoneCall", "Statement", "Agreement")
STATUSES = ("planned", "occurred", "cancelled")
DEFAULT_MAX_NODES = 5000
RENDERERS = ("auto", "canvas", "webgl")
#: From this many nodes on, "auto" draws the page with WebGL (sigma.js) rather than a canvas (vis-network).
WEBGL_FROM = 3000

# edge roles, most specific first; "participant" is dropped when a more specific role joins the same pair
ROLES = {
    "host": "host",
    "visitor": "visitor",
    "destination": "destination",
    "party": "party",
    "signatory": "signatory",
    "participant": "participant",
    "location": "location",
}
HOLDS_POST = "holds post"


@dataclass(frozen=True)
class Source:
    """The article a fact was read from."""

    url: str
    headline: str
    published: str


@dataclass(frozen=True)
class ViewNode:
    """An official, country, organisation, event or agreement."""

    iri: str
    cls: str
    name: str
    iso: str = ""
    date: str = ""
    status: str = ""
    topic: str = ""
    evidence: str = ""
    source: Source | None = None

    @property
    def is_item(self) -> bool:
        return self.cls in ITEM_CLASSES

    def when(self) -> str:
        """The day an item is dated by: its diplo:date, else its article's publication date."""
        return self.date or (self.source.published if self.source else "")


@dataclass(frozen=True)
class Post:
    official: str
    title: str
    owner: str
    evidence: str
    source: Source | None


@dataclass(frozen=True)
class ViewEdge:
    """One edge of the page: roles of an entity-view edge, or the items joining a pair of actors."""

    source: str
    target: str
    roles: tuple[str, ...] = ()
    detail: tuple[str, ...] = ()  # post titles of a "holds post" edge
    items: tuple[str, ...] = ()  # relations view: the events and agreements joining the pair

    @property
    def label(self) -> str:
        return ", ".join(self.roles) if self.roles else str(len(self.items))


@dataclass
class StoreGraph:
    """Everything the views can show, as read from the store."""

    nodes: dict[str, ViewNode] = field(default_factory=dict)
    edges: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (item or official, actor) -> roles
    posts: list[Post] = field(default_factory=list)

    def represents(self) -> dict[str, set[str]]:
        owners: dict[str, set[str]] = defaultdict(set)
        for post in self.posts:
            owners[post.official].add(post.owner)
        return owners


@dataclass(frozen=True)
class ViewOptions:
    """What a page shows. Build it with :meth:`parse` from strings to get checked values."""

    view: str = "entities"
    focus: str | None = None
    depth: int = 2
    country: str | None = None
    since: date | None = None
    until: date | None = None
    types: tuple[str, ...] = ()
    max_nodes: int | None = DEFAULT_MAX_NODES
    title: str = "diplo-kg graph"
    renderer: str = "auto"

    @classmethod
    def parse(
        cls,
        view: str = "entities",
        focus: str | None = None,
        depth: int = 2,
        country: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        types: Iterable[str] = (),
        max_nodes: int | None = DEFAULT_MAX_NODES,
        title: str | None = None,
        renderer: str = "auto",
    ) -> ViewOptions:
        """Check option values as a user typed them; raise InputError naming the valid choices."""
        if view not in VIEWS:
            raise InputError(f"Unknown view '{view}'. Choose one of: {', '.join(VIEWS)}.")
        if renderer not in RENDERERS:
            raise InputError(f"Unknown renderer '{renderer}'. Choose one of: {', '.join(RENDERERS)}.")
        if depth < 0:
            raise InputError(f"--depth must be 0 or more, not {depth}")
        if max_nodes is not None and max_nodes < 1:
            raise InputError(f"--max-nodes must be 1 or more, not {max_nodes}")
        checked_types = []
        by_lower = {name.lower(): name for name in ITEM_CLASSES}
        for name in types:
            if name.lower() not in by_lower:
                raise InputError(f"Unknown type '{name}'. Choose one of: {', '.join(ITEM_CLASSES)}.")
            checked_types.append(by_lower[name.lower()])
        first, last = _day(since, "--since"), _day(until, "--until")
        if first and last and first > last:
            raise InputError(f"--since {first} is after --until {last}")
        if country is not None and not (len(country) == 2 and country.isalpha()):
            raise InputError(f"--country takes an ISO 3166-1 alpha-2 code such as KZ, not '{country}'")
        return cls(view=view, focus=focus or None, depth=depth, country=country.upper() if country else None,
                   since=first, until=last, types=tuple(sorted(set(checked_types))), max_nodes=max_nodes,
                   title=title or ("diplo-kg relations" if view == "relations" else "diplo-kg graph"),
                   renderer=renderer)

    def renderer_for(self, nodes: int) -> str:
        """The renderer a page of `nodes` nodes gets: canvas or webgl."""
        if self.renderer != "auto":
            return self.renderer
        return "webgl" if nodes >= WEBGL_FROM else "canvas"

    @property
    def filters_items(self) -> bool:
        return bool(self.types or self.since or self.until or self.country)


@dataclass
class ViewGraph:
    """The nodes and edges of one page, with a note on what was left out."""

    view: str
    nodes: list[ViewNode]
    edges: list[ViewEdge]
    items: dict[str, ViewNode]  # every event and agreement an edge or node refers to
    posts: dict[str, list[Post]]  # official IRI -> posts
    total_nodes: int  # before the node limit
    notice: str = ""


def _day(value: str | date | None, option: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} takes a date as YYYY-MM-DD, not '{value}'") from None


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _text(term: object) -> str:
    return "" if term is None else str(term)


def _better(old: str, new: str) -> str:
    """Pick one of two labels deterministically: the longer, then the first in order."""
    return min(old, new, key=lambda s: (-len(s), s)) if old else new


# Each article describes the actors it mentions, so an actor's type and label
# repeat once per article: read them in separate DISTINCT queries rather than
# one join, whose rows would grow with the cube of that repetition.
_ACTORS = """
SELECT DISTINCT ?node ?class WHERE {
  VALUES ?class { diplo:Official diplo:Country diplo:Organization }
  ?node a ?class .
}"""
_LABELS = """SELECT DISTINCT ?node ?label WHERE { ?node rdfs:label ?label }"""
_ISO_CODES = """SELECT DISTINCT ?node ?iso WHERE { ?node diplo:isoCode ?iso }"""
_ITEMS = """
SELECT DISTINCT ?node ?class ?label ?status ?date ?topic ?evidence ?article WHERE {
  VALUES ?class { diplo:Meeting diplo:Visit diplo:PhoneCall diplo:Statement diplo:Agreement }
  ?node a ?class .
  OPTIONAL { ?node rdfs:label ?label } OPTIONAL { ?node diplo:status ?status }
  OPTIONAL { ?node diplo:date ?day BIND(STR(?day) AS ?date) }
  OPTIONAL { ?node diplo:topic ?topic } OPTIONAL { ?node diplo:evidence ?evidence }
  OPTIONAL { ?node prov:wasDerivedFrom ?article }
}"""
# each article once (its facts refer to it by IRI): dates as plain strings, which convert faster
_ARTICLES = """
SELECT DISTINCT ?article ?url ?headline ?published WHERE {
  ?article a diplo:Article .
  OPTIONAL { ?article schema:url ?url } OPTIONAL { ?article schema:headline ?headline }
  OPTIONAL { ?article schema:datePublished ?day BIND(STR(?day) AS ?published) }
}"""
_EDGES = """
SELECT DISTINCT ?from ?role ?to WHERE {
  VALUES ?role { diplo:participant diplo:host diplo:visitor diplo:destination diplo:location diplo:party
                 diplo:signatory }
  ?from ?role ?to .
}"""
_POSTS = """
SELECT DISTINCT ?person ?title ?owner ?evidence ?article WHERE {
  GRAPH ?g {
    ?person diplo:holdsPost ?post .
    OPTIONAL { ?holding diplo:holder ?person ; diplo:heldPost ?post ; diplo:evidence ?evidence }
    OPTIONAL { ?article a diplo:Article }
  }
  ?post diplo:title ?title ; diplo:postOf ?owner .
}"""


def read_view_graph(store: Store) -> StoreGraph:
    """Read every node and edge the views can show from the store (the union of article graphs)."""
    graph = StoreGraph()
    nodes = graph.nodes
    labels: dict[str, str] = {}
    for node, label in run_query(store, _LABELS).rows:
        labels[str(node)] = _better(labels.get(str(node), ""), _text(label))
    codes = {str(node): _text(iso) for node, iso in sorted(run_query(store, _ISO_CODES).rows)}
    for node, cls in sorted(run_query(store, _ACTORS).rows):
        key = str(node)
        if key not in nodes:  # a node typed twice keeps the first class in IRI order
            name = labels.get(key) or key.rstrip("/").rsplit("/", 1)[-1]
            nodes[key] = ViewNode(iri=key, cls=_local(cls), name=name, iso=codes.get(key, ""))
    articles: dict[str, tuple[str, str, str]] = {}
    for article, url, headline, published in sorted(run_query(store, _ARTICLES).rows,
                                                    key=lambda row: tuple(_text(v) for v in row)):
        articles.setdefault(str(article), (_text(url), _text(headline), _text(published)))
    nowhere = ("", "", "")
    for node, cls, label, status, day, topic, evidence, article in run_query(store, _ITEMS).rows:
        key = str(node)
        old = nodes.get(key)
        where = articles.get(str(article), nowhere) if article is not None else nowhere
        source = Source(*where) if any(where) else None
        fresh = ViewNode(iri=key, cls=_local(cls), name=_text(label) or _local(cls),
                         status=_local(status).lower() if status else "", date=_text(day), topic=_text(topic),
                         evidence=_text(evidence), source=source)
        if old is None or _sort_key(fresh) < _sort_key(old):
            nodes[key] = fresh if old is None else replace(fresh, name=_better(old.name, fresh.name))
    for source_term, role, target in run_query(store, _EDGES).rows:
        start, end = str(source_term), str(target)
        if start in nodes and end in nodes:
            graph.edges.setdefault((start, end), set()).add(ROLES[_local(role)])
    seen: set[tuple[str, str, str]] = set()
    posts = []
    for person, title, owner, evidence, article in run_query(store, _POSTS).rows:
        where = articles.get(str(article), nowhere) if article is not None else nowhere
        posts.append((str(person), str(title), str(owner), _text(evidence), *where))
    for person_key, title_key, owner_key, evidence_text, link, headline_text, on in sorted(posts):
        post_key = (person_key, title_key, owner_key)
        if post_key in seen or person_key not in nodes or owner_key not in nodes:
            continue
        seen.add(post_key)
        source = Source(link, headline_text, on) if link or headline_text else None
        graph.posts.append(Post(*post_key, evidence=evidence_text, source=source))
    return graph


def _sort_key(node: ViewNode) -> tuple[str, ...]:
    source = node.source or Source("", "", "")
    return (node.date, node.status, node.topic, node.evidence, source.url, source.headline, source.published)


def _roles(roles: set[str]) -> tuple[str, ...]:
    ordered = [r for r in ROLES.values() if r in roles]
    if len(ordered) > 1 and "participant" in ordered:
        ordered.remove("participant")
    return tuple(ordered)


def _actors_of(graph: StoreGraph, item: str, neighbours: dict[str, set[str]],
               owners: dict[str, set[str]]) -> set[str]:
    """The countries and organisations an item joins, directly or through the officials taking part."""
    actors: set[str] = set()
    for other in neighbours.get(item, ()):
        cls = graph.nodes[other].cls
        if cls in ("Country", "Organization"):
            actors.add(other)
        elif cls == "Official":
            actors.update(owners.get(other, ()))
    return actors


def _item_passes(node: ViewNode, options: ViewOptions) -> bool:
    if options.types and node.cls not in options.types:
        return False
    day = node.when()
    if options.since and (not day or day < options.since.isoformat()):
        return False
    return not (options.until and (not day or day > options.until.isoformat()))


def _find_focus(graph: StoreGraph, candidates: Iterable[str], focus: str) -> list[str]:
    """The nodes --focus names: exact names first, else the one actor (then item) whose name contains it."""
    names = {iri: graph.nodes[iri].name for iri in candidates}
    wanted = focus.casefold().strip()
    exact = sorted(iri for iri, name in names.items() if name.casefold() == wanted)
    if exact:
        return exact
    partial = sorted(iri for iri, name in names.items() if wanted in name.casefold())
    actors = [iri for iri in partial if not graph.nodes[iri].is_item]
    partial = actors or partial
    if not partial:
        raise InputError(f"No node named '{focus}' in this view. Give a name as the page shows it"
                         " (an official, country or organisation), or drop the other filters.")
    if len(partial) > 1:
        shown = sorted({names[iri] for iri in partial})
        more = f" and {len(shown) - 8} more" if len(shown) > 8 else ""
        raise InputError(f"'{focus}' matches several nodes: {'; '.join(shown[:8])}{more}. Give the full name.")
    return partial


def _within(adjacency: dict[str, set[str]], starts: list[str], depth: int) -> set[str]:
    seen = set(starts)
    queue = deque((start, 0) for start in starts)
    while queue:
        node, distance = queue.popleft()
        if distance == depth:
            continue
        for other in sorted(adjacency.get(node, ())):
            if other not in seen:
                seen.add(other)
                queue.append((other, distance + 1))
    return seen


def most_connected(adjacency: dict[str, set[str]], limit: int) -> set[str]:
    """At most `limit` nodes forming the most connected part of a graph.

    Grows from the node of highest degree, always taking next the reachable
    node of highest degree, so what is kept stays connected; when a component
    runs out it starts again from the best node left. Ties break by IRI, so
    the choice is deterministic.
    """
    degree = {node: len(others) for node, others in adjacency.items()}
    order = sorted(degree, key=lambda n: (-degree[n], n))
    kept: set[str] = set()
    frontier: list[tuple[int, str]] = []
    queued: set[str] = set()
    next_start = 0
    while len(kept) < limit and len(kept) < len(degree):
        if not frontier:
            while order[next_start] in kept:
                next_start += 1
            start = order[next_start]
            heapq.heappush(frontier, (-degree[start], start))
            queued.add(start)
        _, node = heapq.heappop(frontier)
        kept.add(node)
        for other in adjacency[node]:
            if other not in queued:
                queued.add(other)
                heapq.heappush(frontier, (-degree[other], other))
    return kept


def select_view(graph: StoreGraph, options: ViewOptions) -> ViewGraph:
    """Apply a page's options to what was read from the store."""
    if options.view == "relations":
        return _select_relations(graph, options)
    return _select_entities(graph, options)


def _country_iri(graph: StoreGraph, iso: str) -> str:
    for iri, node in sorted(graph.nodes.items()):
        if node.cls == "Country" and node.iso.upper() == iso:
            return iri
    known = sorted({n.iso for n in graph.nodes.values() if n.cls == "Country" and n.iso})
    listed = ", ".join(known[:30]) + (" ..." if len(known) > 30 else "")
    raise InputError(f"No country with ISO code '{iso}' in the store. Countries present: {listed or 'none'}.")


def _limit(adjacency: dict[str, set[str]], options: ViewOptions) -> tuple[set[str], str]:
    total = len(adjacency)
    if options.max_nodes is None or total <= options.max_nodes:
        return set(adjacency), ""
    kept = most_connected(adjacency, options.max_nodes)
    return kept, (f"Showing the {len(kept):,} most connected of {total:,} nodes (the limit is --max-nodes "
                  f"{options.max_nodes}; narrow the view with --focus, --country, --since/--until or --type).")


def _node_order(node: ViewNode) -> tuple[int, str, str]:
    return ((ACTOR_CLASSES + ITEM_CLASSES).index(node.cls), node.name, node.iri)


def _select_entities(graph: StoreGraph, options: ViewOptions) -> ViewGraph:
    owners = graph.represents()
    pairs: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for (start, end), roles in graph.edges.items():
        pairs[(start, end)] = (set(roles), set())
    for post in graph.posts:
        roles, titles = pairs.setdefault((post.official, post.owner), (set(), set()))
        roles.add(HOLDS_POST)
        titles.add(post.title)
    adjacency: dict[str, set[str]] = {iri: set() for iri in graph.nodes}
    for start, end in pairs:
        adjacency[start].add(end)
        adjacency[end].add(start)

    keep = set(graph.nodes)
    if options.filters_items:
        country = _country_iri(graph, options.country) if options.country else None
        keep = set()
        for iri, node in graph.nodes.items():
            if not node.is_item or not _item_passes(node, options):
                continue
            if country and country not in _actors_of(graph, iri, adjacency, owners) | adjacency[iri]:
                continue
            keep.add(iri)
            keep.update(adjacency[iri])
        for iri in list(keep):
            keep.update(owners.get(iri, ()))
        if country:
            keep.add(country)
    adjacency = {iri: adjacency[iri] & keep for iri in keep}
    if options.focus:
        around = _within(adjacency, _find_focus(graph, adjacency, options.focus), options.depth)
        adjacency = {iri: adjacency[iri] & around for iri in around}
    total = len(adjacency)
    kept, notice = _limit(adjacency, options)
    nodes = sorted((graph.nodes[iri] for iri in kept), key=_node_order)
    edges = [ViewEdge(start, end, roles=_roles(roles) if HOLDS_POST not in roles else (HOLDS_POST,),
                      detail=tuple(sorted(titles)))
             for (start, end), (roles, titles) in sorted(pairs.items()) if start in kept and end in kept]
    posts: dict[str, list[Post]] = defaultdict(list)
    for post in graph.posts:
        if post.official in kept:
            posts[post.official].append(post)
    items = {n.iri: n for n in nodes if n.is_item}
    return ViewGraph("entities", nodes, edges, items, dict(posts), total, notice)


def _select_relations(graph: StoreGraph, options: ViewOptions) -> ViewGraph:
    owners = graph.represents()
    neighbours: dict[str, set[str]] = defaultdict(set)
    for start, end in graph.edges:
        neighbours[start].add(end)
    country = _country_iri(graph, options.country) if options.country else None
    joined: dict[tuple[str, str], set[str]] = defaultdict(set)
    for iri, node in graph.nodes.items():
        if not node.is_item or not _item_passes(node, options):
            continue
        actors = sorted(_actors_of(graph, iri, neighbours, owners))
        for index, first in enumerate(actors):
            for second in actors[index + 1:]:
                if country is None or country in (first, second):
                    joined[(first, second)].add(iri)
    adjacency: dict[str, set[str]] = {}
    if not options.filters_items:
        adjacency = {iri: set() for iri, node in graph.nodes.items() if node.cls in ("Country", "Organization")}
    if country:
        adjacency.setdefault(country, set())
    for first, second in joined:
        adjacency.setdefault(first, set()).add(second)
        adjacency.setdefault(second, set()).add(first)
    if options.focus:
        around = _within(adjacency, _find_focus(graph, adjacency, options.focus), options.depth)
        adjacency = {iri: adjacency[iri] & around for iri in around}
    total = len(adjacency)
    kept, notice = _limit(adjacency, options)
    nodes = sorted((graph.nodes[iri] for iri in kept), key=_node_order)
    edges = [ViewEdge(first, second, items=tuple(sorted(items, key=lambda i: (graph.nodes[i].when(), i))))
             for (first, second), items in sorted(joined.items()) if first in kept and second in kept]
    items = {iri: graph.nodes[iri] for edge in edges for iri in edge.items}
    return ViewGraph("relations", nodes, edges, items, {}, total, notice)
