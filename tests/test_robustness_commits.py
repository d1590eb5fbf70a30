"""A kill at every commit point (issue 13, #7): `kg ingest` and `kg remove` are SIGKILLed right
after each write they make to the store, one run per write. Every killed store is whole: its
articles are those of a run that was never interrupted, and its merged-event summaries (kept in
the events' description graphs, committed with the reports they summarise) already say what its
reports say, so `kg validate`, which checks the summaries too, passes before any rerun. After the
same command runs again, the store equals the uninterrupted run's, summaries included.

The kills come from a helper process that loads the model once and forks a child per kill point;
the child writes to a real store on disk through a wrapper that counts the store's writes
(apply, add_graph, add_graphs, remove_graph, flush) and SIGKILLs the child right after the n-th.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import Literal

from kg.cli import main
from kg.graph.layout import SUMMARY, is_article_graph, is_description_graph
from kg.graph.vocab import DIPLO, PROV, XSD
from kg.store import open_store
from kg.store.base import Changes, Quad

from .conftest import ROOT, write

BATCH = 4
WRITES = frozenset({"apply", "add_graph", "add_graphs", "remove_graph", "flush"})
#: Three events, each reported three times, the reports spread over three batches.
REPORTS = [
    ("2022-03-01", ["President Biden spoke today with Chancellor Scholz of Germany about Ukraine.",
                    "Chancellor Scholz of Germany spoke by phone today with President Biden about energy.",
                    "President Biden and Chancellor Scholz of Germany spoke today about sanctions."]),
    ("2022-03-02", ["President Macron of France met Prime Minister Kishida of Japan in Paris today.",
                    "Prime Minister Kishida of Japan met President Macron of France in Paris today to discuss trade.",
                    "President Macron of France held talks with Prime Minister Kishida of Japan in Paris today."]),
    ("2022-03-03", ["Secretary Blinken met Foreign Minister Tileuberdi of Kazakhstan in Astana today.",
                    "Foreign Minister Tileuberdi of Kazakhstan met Secretary of State Blinken in Astana today.",
                    "Secretary of State Blinken held talks with Foreign Minister Tileuberdi of Kazakhstan today."]),
]


class KillAfter:
    """The real store, with this process SIGKILLed right after its `n`-th write (0: never)."""

    def __init__(self, store: Any, n: int) -> None:
        self.store, self.n, self.writes = store, n, 0

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.store, name)
        if name not in WRITES:
            return attribute

        def write(*args: Any, **kwargs: Any) -> Any:
            result = attribute(*args, **kwargs)
            self.writes += 1
            if self.writes == self.n:
                os.kill(os.getpid(), signal.SIGKILL)
            return result
        return write


def run_killed(mode: str, dump: str, base: str, reference: str, remove: str) -> None:
    """In the helper process: one uninterrupted run (counting its writes), then one child per write,
    each SIGKILLed right after it. Prints the number of writes."""
    from kg.extract.nlp import load_pipeline
    from kg.pipeline import ingest_articles, remove_article
    from kg.sources.inputs import read_sources

    load_pipeline(None)

    def act(location: str, n: int) -> int:
        if mode == "remove":
            shutil.copytree(reference, location)
        store = KillAfter(open_store(location), n)
        if mode == "ingest":
            ingest_articles(store, read_sources([dump]), batch_size=BATCH)  # type: ignore[arg-type]
        else:
            remove_article(store, remove)  # type: ignore[arg-type]
        return store.writes

    def in_child(location: str, n: int) -> int:
        read, written = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            os.write(written, str(act(location, n)).encode())
            os._exit(0)
        os.close(written)
        with os.fdopen(read) as answer:
            count = answer.read()
        os.waitpid(pid, 0)
        return int(count or 0)

    total = in_child(f"{base}/uninterrupted", 0)
    for n in range(1, total + 1):
        in_child(f"{base}/killed-{n}", n)
    print(total)


def kill_at_every_commit(mode: str, dump: Path, base: Path, reference: Path | None = None,
                         remove: str = "") -> int:
    code = (f"from tests.test_robustness_commits import run_killed; "
            f"run_killed({mode!r}, {str(dump)!r}, {str(base)!r}, {str(reference or '')!r}, {remove!r})")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return int(done.stdout.split()[-1])


def contents(location: Path) -> dict[str, set[Quad]]:
    """Each named graph's quads, less the time of extraction (which differs from run to run)."""
    graphs: dict[str, set[Quad]] = defaultdict(set)
    for quad in open_store(location, read_only=True).quads():
        if quad[1] != PROV.generatedAtTime:
            graphs[str(quad[3])].add(quad)
    return dict(graphs)


def articles(graphs: dict[str, set[Quad]]) -> dict[str, set[Quad]]:
    return {name: quads for name, quads in graphs.items() if is_article_graph(name)}


def summaries(graphs: dict[str, set[Quad]]) -> dict[str, set[Quad]]:
    """The merged-event summaries, by description graph."""
    found = {name: {q for q in quads if q[1] in SUMMARY}
             for name, quads in graphs.items() if is_description_graph(name)}
    return {name: quads for name, quads in found.items() if quads}


def validates(runner: CliRunner, store: Path, *extra: str) -> str:
    checked = runner.invoke(main, ["validate", *extra, "--store", str(store)])
    assert checked.exit_code == 0, f"{store.name}: {checked.output}"
    return checked.output


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = [json.dumps({"text": texts[n], "title": f"{day} report {n}", "date": day})
             for n in range(3) for day, texts in REPORTS]
    return write(tmp_path_factory.mktemp("commits") / "reports.jsonl", "\n".join(lines) + "\n")


def test_an_ingest_killed_after_any_commit_is_whole_and_the_rerun_makes_the_summaries_right(
    runner: CliRunner, tmp_path: Path, dump: Path
) -> None:
    total = kill_at_every_commit("ingest", dump, tmp_path)
    reference = contents(tmp_path / "uninterrupted")
    assert len(articles(reference)) == 9 and len(summaries(reference)) == 3, sorted(reference)
    assert total >= 3 + 1, total  # a change per batch of 4, 4 and 1 articles; and the flush
    between = 0
    for n in range(1, total + 1):
        store = tmp_path / f"killed-{n}"
        killed = contents(store)
        for name, quads in articles(killed).items():
            assert quads == reference[name], f"killed after write {n}: {name} is not whole"
        validates(runner, store)  # its summaries are those of the reports it holds, before any rerun
        between += bool(summaries(killed)) and len(articles(killed)) < 9
        rerun = runner.invoke(main, ["ingest", str(dump), "--store", str(store)])
        assert rerun.exit_code == 0, rerun.output
        assert "undid" not in rerun.output, rerun.output  # nothing was left half-made to undo
        assert contents(store) == reference, f"killed after write {n}: the rerun did not make the store whole"
        validates(runner, store)
    assert between >= 1, between  # kills came between batches whose merged events had summaries


def test_a_remove_killed_after_any_commit_is_finished_by_running_it_again(
    runner: CliRunner, tmp_path: Path, dump: Path
) -> None:
    complete = tmp_path / "complete"
    assert runner.invoke(main, ["ingest", str(dump), "--store", str(complete)]).exit_code == 0
    summary = next(iter(summaries(contents(complete)).values()))
    [(event, count)] = [(s, int(o)) for s, p, o, _ in summary if p == DIPLO.reportCount]  # type: ignore[call-overload]
    victim = next(name for name, quads in articles(contents(complete)).items()
                  if any(q[1] == DIPLO.reportOf and q[2] == event for q in quads))
    key = victim.rsplit("/", 1)[-1]
    total = kill_at_every_commit("remove", dump, tmp_path, complete, key)
    reference = contents(tmp_path / "uninterrupted")
    assert victim not in reference
    after = {int(o) for quads in reference.values() for s, p, o, _ in quads  # type: ignore[call-overload]
             if s == event and p == DIPLO.reportCount}
    assert after == ({count - 1} if count > 2 else set())
    for n in range(1, total + 1):
        store = tmp_path / f"killed-{n}"
        validates(runner, store)  # the article and its summaries are gone together, or neither
        if victim in contents(store):
            again = runner.invoke(main, ["remove", key, "--store", str(store)])
            assert again.exit_code == 0, again.output
        else:  # removed before the kill: a repair finds nothing left to do
            assert "Repaired" not in validates(runner, store, "--repair")
        assert contents(store) == reference, f"remove killed after write {n}: not finished by the rerun"


def test_validate_names_a_stale_summary_and_repair_recomputes_it(
    runner: CliRunner, tmp_path: Path, dump: Path
) -> None:
    """A summary that is not what its reports say (an edit by hand, a write to a server cut off
    where nothing undid it) is named by `kg validate`, in text and JSON, and `--repair` puts it right."""
    location = tmp_path / "store"
    assert runner.invoke(main, ["ingest", str(dump), "--store", str(location)]).exit_code == 0
    before = contents(location)
    graph, quads = sorted(summaries(before).items())[0]
    [count] = [q for q in quads if q[1] == DIPLO.reportCount]
    store = open_store(location)
    store.apply(Changes(delete=[count], insert=[(graph, [(count[0], DIPLO.reportCount,
                                                         Literal(7, datatype=XSD.integer))])]))
    store.flush()
    del store
    stale = runner.invoke(main, ["validate", "--store", str(location)])
    assert stale.exit_code == 1 and "Merged-event summaries out of date: 1" in stale.output, stale.output
    assert str(count[0]) in stale.output
    machine = runner.invoke(main, ["validate", "--format", "json", "--store", str(location)])
    assert machine.exit_code == 1 and json.loads(machine.output)["stale_summaries"] == [str(count[0])]
    repaired = runner.invoke(main, ["validate", "--repair", "--store", str(location)])
    assert repaired.exit_code == 0 and "Repaired 1 merged-event summaries" in repaired.output, repaired.output
    assert contents(location) == before
