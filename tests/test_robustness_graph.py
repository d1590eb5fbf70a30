"""A clean ingest is a valid, deterministic graph (issue 13, #6 and #12): one title per post
whatever the spelling, the same bytes whatever PYTHONHASHSEED, and dates at the calendar's ends
that cost nothing but an unresolved 'tomorrow'.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.graph.build import post_title
from kg.graph.iris import slugify
from kg.graph.vocab import DIPLO, SCHEMA
from kg.store import open_store

from .conftest import SAMPLES, write

KG = Path(sys.executable).with_name("kg")
SPELLINGS = [
    ("2023-05-01", "Vice President Kamala Harris of the United States met Prime Minister Kishida of Japan in Tokyo."),
    ("2023-05-02", "United States Vice-President Kamala Harris met President Macron of France in Paris on Tuesday."),
    ("2023-05-03", "UN Secretary General Antonio Guterres met Prime Minister Kishida of Japan in New York."),
    ("2023-05-04", "UN Secretary-General Antonio Guterres met President Macron of France in Paris on Thursday."),
]


def test_a_post_has_one_title_whichever_spelling_the_articles_use(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n, (day, text) in enumerate(SPELLINGS):
        write(folder / f"{n}.txt", f"title: Report {n}\ndate: {day}\n---\n{text}\n")
    store = tmp_path / "store"
    assert runner.invoke(main, ["ingest", str(folder), "--store", str(store)]).exit_code == 0
    titles: dict[str, set[str]] = {}
    for s, p, o, _ in open_store(store, read_only=True).quads():
        if p == DIPLO.title:
            titles.setdefault(str(s), set()).add(str(o))
    assert titles["https://w3id.org/diplo/id/post/vice-president-us"] == {"Vice President"}, titles
    assert titles["https://w3id.org/diplo/id/post/secretary-general-q1065"] == {"Secretary-General"}, titles
    checked = runner.invoke(main, ["validate", "--store", str(store)])
    assert checked.exit_code == 0, checked.output  # no maxCount 1 violation on diplo:title


_WORDS = st.sampled_from(["vice", "president", "secretary", "general", "of", "state", "foreign", "minister",
                          "affairs", "to", "the", "un", "deputy", "special", "envoy", "for", "climate", "india"])


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_WORDS, min_size=1, max_size=6), data=st.data())
def test_every_spelling_of_one_post_key_is_written_the_same_way(words: list[str], data: st.DataObject) -> None:
    def spell() -> str:
        cased = [data.draw(st.sampled_from([w, w.upper(), w.capitalize()])) for w in words]
        return cased[0] + "".join(data.draw(st.sampled_from([" ", "-", "  ", " - "])) + w for w in cased[1:])

    first, second = spell(), spell()
    assert slugify(first) == slugify(second)  # the same post IRI...
    assert post_title(first) == post_title(second)  # ...and the same title
    assert slugify(post_title(first)) == slugify(first)  # a spelling of that very key


def test_two_clean_runs_export_the_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    exports = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        store = tmp_path / f"store-{seed}"
        subprocess.run([str(KG), "ingest", str(SAMPLES), "--store", str(store), "-q"], env=env, check=True,
                       timeout=300)
        exported = subprocess.run([str(KG), "export", "--format", "turtle", "--store", str(store)], env=env,
                                  check=True, capture_output=True, timeout=300).stdout
        exports.append(b"\n".join(line for line in exported.splitlines() if b"generatedAtTime" not in line))
    assert exports[0] == exports[1]


def test_a_date_at_the_end_of_the_calendar_keeps_its_article(runner: CliRunner, tmp_path: Path) -> None:
    far = write(tmp_path / "far.txt", "title: Far\ndate: 9999-12-31\n---\n"
                "President Biden will meet Chancellor Scholz of Germany in Berlin tomorrow.\n")
    past = write(tmp_path / "past.txt", "title: Past\ndate: 0001-01-01\n---\n"
                 "President Biden met Chancellor Scholz of Germany in Berlin yesterday. They meet again next week.\n")
    store = tmp_path / "store"
    result = runner.invoke(main, ["ingest", str(far), str(past), "--store", str(store)])
    assert result.exit_code == 0 and "2 added, 0 unchanged, 0 failed" in result.output, result.output
    published = {str(o) for _, p, o, _ in open_store(store, read_only=True).quads() if p == SCHEMA.datePublished}
    assert published == {"9999-12-31", "0001-01-01"}
    assert runner.invoke(main, ["validate", "--store", str(store)]).exit_code == 0
