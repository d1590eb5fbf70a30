"""One bad record costs only itself: hostile dump lines and feed entries beside good ones (issue 13, #2).

Each record failure is one `Error:` line naming the input and the record; the
good records of the same batch are stored, and a rerun stores nothing twice and
never fails on the same record at the store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal

from kg.cli import main
from kg.errors import InputError
from kg.graph.layout import is_article_graph
from kg.graph.vocab import SCHEMA
from kg.sources.article import Article, make_article
from kg.store import open_store

from .conftest import write

GOOD = [json.dumps({"text": "President Macron of France met Chancellor Scholz of Germany in Berlin on Monday.",
                    "title": "Macron in Berlin", "date": "2022-03-07"}),
        json.dumps({"text": "Secretary of State Antony Blinken spoke today with Foreign Minister Le Drian.",
                    "title": "Blinken and Le Drian", "date": "2022-04-06"})]
TEXT = '"President Biden met Prime Minister Kishida of Japan in Tokyo on Tuesday."'
BAD_LINES = {
    # name: (the JSON line, what the error says)
    "nested 100,000 deep": ('{"text": ' + TEXT + ', "extra": ' + "[" * 100_000 + "]" * 100_000 + "}",
                            "nested too deeply"),
    "5,000-digit integer": ('{"text": ' + TEXT + ', "n": ' + "7" * 5_000 + "}", "not valid JSON"),
    "lone surrogate in text": ('{"text": "President Biden met Prime Minister Kishida \\ud800 in Tokyo."}',
                               "lone surrogate"),
    "lone surrogate in title": ('{"text": ' + TEXT + ', "title": "Biden \\udfff in Tokyo"}', "lone surrogate"),
}


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Error:")]


def headlines(store: Path) -> set[str]:
    return {str(o) for _, p, o, _ in open_store(store, read_only=True).quads() if p == SCHEMA.headline}


@pytest.mark.parametrize("case", list(BAD_LINES))
def test_one_bad_dump_record_is_one_line_and_its_batch_is_stored(runner: CliRunner, tmp_path: Path,
                                                                 case: str) -> None:
    line, problem = BAD_LINES[case]
    dump = write(tmp_path / "dump.jsonl", "\n".join([GOOD[0], line, GOOD[1]]) + "\n")
    store = tmp_path / "store"
    for run in ("first", "rerun"):
        result = runner.invoke(main, ["ingest", str(dump), "--store", str(store)])
        assert result.exit_code == 1, result.output
        [error] = errors(result.output)
        assert error.startswith(f"Error: {dump}:2: ") and problem in error, (run, error)
        assert "Traceback" not in result.output
        expected = "2 added, 0 unchanged, 1 failed" if run == "first" else "0 added, 2 unchanged, 1 failed"
        assert expected in result.output, (run, result.output)
        assert headlines(store) == {"Macron in Berlin", "Blinken and Le Drian"}


def _deep_atom(depth: int) -> bytes:
    nested = "<div>" * depth + "President Biden met Prime Minister Kishida." + "</div>" * depth
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><title>Deep</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{nested}</div></content>
</entry>
<entry><title>Macron in Berlin</title><published>2022-03-07T09:00:00Z</published>
<summary>President Macron of France met Chancellor Scholz of Germany in Berlin on Monday.</summary></entry>
</feed>""".encode()


def test_an_atom_entry_nested_deeply_is_one_line_and_the_other_entries_are_stored(runner: CliRunner,
                                                                                 tmp_path: Path) -> None:
    feed = write(tmp_path / "news.atom", _deep_atom(100_000))
    store = tmp_path / "store"
    result = runner.invoke(main, ["ingest", str(feed), "--store", str(store)])
    assert result.exit_code == 1, result.output
    [error] = errors(result.output)
    assert error.startswith(f"Error: {feed} item 1: ") and "nested too deeply" in error, error
    assert "1 added, 0 unchanged, 1 failed" in result.output
    assert headlines(store) == {"Macron in Berlin"}


def test_control_characters_are_taken_out_where_articles_are_made() -> None:
    article = make_article("President Biden\x1b[2J met\x00 Prime Minister\x0cKishida.\x07",
                           title="\x1b]0;owned\x07Biden in Tokyo\x9b", url="https://example.org/\x1bx")
    for text in (article.body, article.title or "", article.url or ""):
        assert not any(ord(c) < 0x20 and c not in "\t\n" or 0x7F <= ord(c) <= 0x9F for c in text), repr(text)
    assert article.body == "President Biden [2J met  Prime Minister Kishida."
    assert Article(body="same\x1btext").content_hash == Article(body="same text").content_hash
    with pytest.raises(InputError, match=r"<text>: the title holds a lone surrogate \(U\+D800 at character 3\)"):
        make_article("Some text.", title="Bad\ud800")


def test_an_exception_from_the_inputs_still_stores_the_articles_read_before_it(tmp_path: Path) -> None:
    from kg.pipeline import ingest_articles

    good = [make_article(json.loads(line)["text"], title=json.loads(line)["title"]) for line in GOOD]

    def items() -> Iterator[Article | InputError]:
        yield from good
        raise RuntimeError("the disk the dump was on went away")

    store = open_store(tmp_path / "store")
    with pytest.raises(RuntimeError, match="went away"):
        ingest_articles(store, items())
    assert {str(o) for _, p, o, _ in store.quads() if p == SCHEMA.headline} == {"Macron in Berlin",
                                                                               "Blinken and Le Drian"}


def test_a_graph_the_store_refuses_costs_only_itself(tmp_path: Path) -> None:
    from rdflib import URIRef

    from kg.pipeline import commit_batch

    store = open_store(tmp_path / "store")
    good = ("https://w3id.org/diplo/id/graph/" + "a" * 64, [(URIRef("urn:a"), SCHEMA.headline, Literal("Good"))])
    bad = ("https://w3id.org/diplo/id/graph/" + "b" * 64, [(URIRef("urn:b"), SCHEMA.headline, Literal("Bad\ud800"))])
    refused = commit_batch(store, [good, bad])
    assert list(refused) == [bad[0]] and "ValueError" in refused[bad[0]]
    assert [g for g in store.graph_names() if is_article_graph(g)] == [good[0]]  # (beside the rollups' index)
