"""Data never drives the terminal (issue 13, #9): control characters in file names, article text
and answers are shown as escapes in error lines, `kg query` tables, `kg explain` and the server log.
"""

from __future__ import annotations

import re
import socket
import threading
from pathlib import Path

from click.testing import CliRunner
from rdflib import Literal, URIRef

from kg.cli import main
from kg.graph.vocab import DIPLO, PROV, RDF, RDFS, SCHEMA
from kg.pipeline import store_graphs
from kg.serve import ServeConfig, make_server
from kg.store import open_store
from kg.terminal import printable

from .conftest import write
from .corpus import load_corpus

HOSTILE = "\x1b[2J\x1b]0;owned\x07\u202e\r\nError: forged line\x9b"
#: what must never reach a terminal raw: escapes, bells, carriage returns, bidi overrides, C1 controls
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]")


def assert_printable(output: str) -> None:
    assert not RAW.search(output), repr(output)
    assert not any(line.startswith("Error: forged") for line in output.splitlines()), output


def test_printable_escapes_every_control_character() -> None:
    assert printable("a\x1b[2Jb\nc\td\u202e\ud800") == "a\\x1b[2Jb\\nc\td\\u202e\\ud800"
    assert printable("one\ntwo\x07", lines=True) == "one\ntwo\\x07"
    assert printable(printable(HOSTILE)) == printable(HOSTILE)  # escaping twice changes nothing more


def test_a_file_name_with_escapes_and_a_newline_is_one_error_line(runner: CliRunner, tmp_path: Path) -> None:
    bad = write(tmp_path / f"note{HOSTILE.replace(chr(0), '')}.txt", b"")
    result = runner.invoke(main, ["ingest", str(bad), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1, result.output
    assert_printable(result.output)
    [error] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert "\\x1b[2J" in error and "\\r\\nError: forged line" in error and error.endswith("the article has no text")


def _hostile_store(location: Path) -> Path:
    store = open_store(location)
    load_corpus(store)
    graph = "https://w3id.org/diplo/id/graph/" + "f" * 64
    article, event = URIRef("https://w3id.org/diplo/id/article/hostile"), URIRef(
        "https://w3id.org/diplo/id/event/ffff/meeting-hostile")
    store_graphs(store, [(graph, [  # written as ingest writes it: the event described once, a report of it here
        (article, RDF.type, DIPLO.Article), (article, SCHEMA.headline, Literal(f"Headline {HOSTILE}")),
        (event, RDF.type, DIPLO.Meeting), (event, RDFS.label, Literal(f"Meeting {HOSTILE}")),
        (event, DIPLO.status, DIPLO.Occurred), (event, PROV.wasDerivedFrom, article),
        (event, DIPLO.evidence, Literal(f"They met. {HOSTILE}")),
    ])])
    store.flush()
    return location


def test_query_tables_and_explain_show_escapes_not_effects(runner: CliRunner, tmp_path: Path) -> None:
    store = _hostile_store(tmp_path / "store")
    table = runner.invoke(main, ["query", "SELECT ?l WHERE { ?e a diplo:Meeting ; rdfs:label ?l } ORDER BY ?l",
                                 "--store", str(store)])
    assert table.exit_code == 0, table.output
    assert_printable(table.output)
    assert "Meeting \\x1b[2J" in table.output and table.output.splitlines()[-1] == "(5 rows)"
    explained = runner.invoke(main, ["explain", "meeting-hostile", "--store", str(store)])
    assert explained.exit_code == 0, explained.output
    assert_printable(explained.output)
    assert "Headline \\x1b[2J" in explained.output and "They met. \\x1b[2J" in explained.output


def test_the_server_log_shows_a_hostile_request_line_escaped(tmp_path: Path) -> None:
    location = tmp_path / "store"
    load_corpus(open_store(location))
    logged: list[str] = []
    server = make_server(str(location), ServeConfig(port=0, workers=1), log=logged.append)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        with socket.create_connection((str(host), port), timeout=10) as client:
            client.sendall(b"GET /\x1b]0;owned\x07\x1b[2J\x9b HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                           b"Connection: close\r\n\r\n" % port)
            while client.recv(65536):
                pass
    finally:
        server.shutdown()
        server.server_close()
    assert logged and all(not RAW.search(line) and "\n" not in line for line in logged), logged
    assert any("\\x1b]0;owned\\x07\\x1b[2J" in line for line in logged), logged
