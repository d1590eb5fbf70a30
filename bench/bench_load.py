"""`kg load` on a real Virtuoso: SPARQL updates over HTTP against its bulk loader, on the same files.

    .venv/bin/python bench/bench_load.py                  # about 100,000 quads
    .venv/bin/python bench/bench_load.py --quads 300000

The files are synthetic article graphs in the store's layout (bench_query.synthetic_graphs),
written as kg extract writes them (gzipped N-Quads, several part files) into a directory the
server may read. Each row is ``load_files`` whole: the check of every file, the load, and the
merged-event summaries recomputed; Virtuoso is emptied between the two. The embedded store's
bulk load of the same files is a third row, for scale.
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rdflib import URIRef  # noqa: E402

from bench.bench_query import synthetic_graphs  # noqa: E402
from kg.graph.layout import split_article  # noqa: E402
from kg.store.embedded import OxigraphStore, serialize_quads  # noqa: E402
from kg.store.load import load_files  # noqa: E402
from kg.store.remote import RemoteStore  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quads", type=int, default=100_000, help="about how many quads (default 100,000)")
    parser.add_argument("--files", type=int, default=8, help="part files (default 8)")
    options = parser.parse_args()

    from tests.virtuoso import start_virtuoso

    graphs = [named for graph, triples in synthetic_graphs(options.quads)
              for named in split_article(graph, triples).graphs()]
    server = start_virtuoso(max_rows=10_000, buffers=100_000)
    rows: list[tuple[str, str, str]] = []
    try:
        files = []
        per_file = -(-len(graphs) // options.files)
        for index in range(options.files):
            out = io.BytesIO()
            part = graphs[index * per_file:(index + 1) * per_file]
            serialize_quads(((s, p, o, URIRef(g)) for g, triples in part for s, p, o in triples), out, "nquads", {})
            path = server.load_dir / f"part-{index:05d}.nq.gz"
            path.write_bytes(gzip.compress(out.getvalue()))
            files.append(path)
        store = RemoteStore(server.sparql_url)

        def timed(method: str) -> tuple[float, int]:
            server.clear()
            start = time.perf_counter()
            summary = load_files(store, files, isql=server.isql_address, method=method)
            seconds = time.perf_counter() - start
            assert len(store) > 0
            return seconds, summary.quads

        http, quads = timed("http")
        loader, _ = timed("loader")
        rows.append(("Virtuoso, SPARQL updates over HTTP (journalled)", f"{quads / http:,.0f} quads/s", "baseline"))
        rows.append(("Virtuoso, bulk loader through isql", f"{quads / loader:,.0f} quads/s",
                     f"{http / loader:.1f}x HTTP"))
        with tempfile.TemporaryDirectory() as directory:
            embedded = OxigraphStore(Path(directory) / "store")
            start = time.perf_counter()
            load_files(embedded, files)
            seconds = time.perf_counter() - start
        rows.append(("embedded store (disk), bulk load", f"{quads / seconds:,.0f} quads/s",
                     f"{http / seconds:.1f}x HTTP"))
        print(f"{quads} quads in {len(files)} files, {len(graphs)} graphs", file=sys.stderr)
    finally:
        server.stop()
    from table import print_table

    print_table(rows)


if __name__ == "__main__":
    main()
