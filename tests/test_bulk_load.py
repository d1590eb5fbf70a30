"""Bulk loading the embedded store by several loads at once (kg.store.bulk): the same quads as one
load, every time; blank nodes kept to one load; errors that name the whole input's line; and the
quick check kg load makes first, which must find what the quad-by-quad check finds."""

from __future__ import annotations

import gzip
import io
import random
from pathlib import Path

import pytest

from kg.errors import InputError, StoreError
from kg.store import bulk
from kg.store.embedded import OxigraphStore, check_nquads, parse_nquads
from kg.store.load import check_files

ID = "https://w3id.org/diplo/id/"
PREFIX = "https://w3id.org/diplo/"


def nquads(lines: int = 1500, seed: int = 7) -> bytes:
    """Quads whose IRIs and literals recur all through the file (so every part of a split holds
    some of the same strings), long literals among them (stored apart from the quads), shuffled."""
    long_text = "Les ministres se sont rencontrés à Astana " * 12
    out = []
    for i in range(lines):
        subject, graph = f"<{ID}event/e{i % 97}>", f"<{ID}graph/g{i % 41}>"
        out.append(f'{subject} <{PREFIX}ontology#name> "{long_text}{i % 5}"@fr {graph} .\n')
        out.append(f'{subject} <{PREFIX}ontology#day> "2021-0{1 + i % 9}-1{i % 10}"'
                   f'^^<http://www.w3.org/2001/XMLSchema#date> {graph} .\n')
        out.append(f'{subject} <{PREFIX}ontology#party> <{ID}country/c{i % 13}> {graph} .\n')
        out.append(f'<{ID}country/c{i % 13}> <{PREFIX}ontology#label> "Kazakhstan \\u00e9 {i % 3}" {graph} .\n')
    random.Random(seed).shuffle(out)
    return "".join(out).encode()


def contents(location: Path) -> list[tuple[str, ...]]:
    store = OxigraphStore(location)  # opened again: what is on disk
    try:
        return sorted(tuple(map(str, quad)) for quad in store.quads())
    finally:
        del store


class ByteByByte(io.BytesIO):
    """A stream that gives one byte a read."""

    def read(self, size: int | None = -1) -> bytes:
        return super().read(1)


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts and blocks of a few kilobytes, so that a small input is cut in many places."""
    monkeypatch.setattr(bulk, "PART_BYTES", 4096)


def test_parallel_loads_store_exactly_what_one_load_stores(tmp_path: Path, small_parts: None) -> None:
    data = nquads()
    wanted = sorted({tuple(map(str, quad)) for quad in parse_nquads(io.BytesIO(data), "data")})
    one = tmp_path / "one"
    store = OxigraphStore(one)
    store.bulk_load(data, threads=1)
    store.flush()
    del store
    assert contents(one) == wanted
    for run in range(5):
        for threads in (2, 3, 4):
            as_bytes, as_stream = tmp_path / f"bytes-{run}-{threads}", tmp_path / f"stream-{run}-{threads}"
            as_blocks = tmp_path / f"blocks-{run}-{threads}"
            store = OxigraphStore(as_blocks)  # blocks of whole lines, the last without its line break
            store.bulk_load(blocks_of(data), checked=True, threads=threads)
            store.flush()
            del store
            assert contents(as_blocks) == wanted, (run, threads)
            store = OxigraphStore(as_bytes)
            store.bulk_load(data, threads=threads)
            store.flush()
            del store
            store = OxigraphStore(as_stream)
            store.bulk_load(io.BytesIO(data), checked=True, threads=threads)
            store.flush()
            del store
            assert contents(as_bytes) == wanted, (run, threads)
            assert contents(as_stream) == wanted, (run, threads)


def blocks_of(data: bytes) -> list[bytes]:
    """`data` in blocks of whole lines as kg load keeps its files: of uneven sizes, one holding
    only the line break a file without its last one is given."""
    cuts = [0, *sorted({data.index(b"\n", at) + 1 for at in (100, 9_000, 30_000, 31_000, 200_000)}), len(data) - 1]
    return [data[a:b] for a, b in zip(cuts, cuts[1:], strict=False)] + [b"\n"]


def test_blocks_go_to_loads_whole_in_runs_of_neighbours() -> None:
    blocks = [b"a" * n for n in (10, 10, 10, 10, 50, 10)]
    groups = bulk.group_blocks(blocks, 3)
    assert [b for group in groups for b in group] == blocks and len(groups) == 3
    assert bulk.group_blocks(blocks, 1) == [blocks] and bulk.group_blocks([], 4) == []


def test_the_parts_are_whole_lines_of_the_input(small_parts: None) -> None:
    data = nquads(600)
    pieces = bulk.split_lines(data, 4)
    assert len(pieces) == 4 and b"".join(piece for _, piece in pieces) == data
    assert all(piece.endswith(b"\n") for _, piece in pieces)
    assert [first for first, _ in pieces] == [1 + data.count(b"\n", 0, data.index(piece)) for _, piece in pieces]
    assert bulk.split_lines(b"<a> <b> <c> .\n", 4) == [(1, b"<a> <b> <c> .\n")]  # small: one part


def test_a_blank_node_stays_one_node(tmp_path: Path, small_parts: None) -> None:
    """A blank node label names one node within one load: input with one goes to a single load."""
    data = (f"_:speaker <{PREFIX}ontology#said> \"first\" <{ID}graph/g> .\n".encode() + nquads(300)
            + f"_:speaker <{PREFIX}ontology#said> \"last\" <{ID}graph/g> .\n".encode())
    store = OxigraphStore(tmp_path / "store")
    store.bulk_load(data, threads=4)
    speakers = {str(s) for s, p, _, _ in store.quads() if str(p).endswith("#said")}
    assert len(speakers) == 1


def test_a_syntax_error_names_its_line_in_the_whole_input(tmp_path: Path, small_parts: None) -> None:
    lines = nquads(400).splitlines(keepends=True)
    bad = len(lines) - 10  # in the last part
    lines[bad - 1] = f'<{ID}x> <{PREFIX}p> "unclosed <{ID}graph/g> .\n'.encode()
    store = OxigraphStore(tmp_path / "store")
    with pytest.raises(StoreError, match=f"the nquads data is not valid \\(.*\\bline {bad}\\b"):
        store.bulk_load(b"".join(lines), threads=4)


def test_the_quick_check_finds_what_the_full_check_finds(tmp_path: Path) -> None:
    good = nquads(50)
    assert check_nquads(io.BytesIO(good), "good", PREFIX) == good.count(b"\n")
    # a "_:" inside a literal sends the file through the quad-by-quad check, which passes it
    literal = good + f'<{ID}x> <{PREFIX}ontology#note> "see _:x" <{ID}graph/g> .\n'.encode()
    assert check_nquads(io.BytesIO(literal), "literal", PREFIX) == good.count(b"\n") + 1
    default = f'<{ID}x> <{PREFIX}p> "a" <{ID}graph/g> .\n<{ID}x> <{PREFIX}p> "b" .\n'.encode()
    with pytest.raises(InputError, match=r"^default: quad 2 is in the default graph"):
        check_nquads(io.BytesIO(default), "default", PREFIX)
    # the first problem is the one named, a blank node before a quad in the default graph
    blank = f'<{ID}x> <{PREFIX}p> _:b <{ID}graph/g> .\n'.encode() + default
    with pytest.raises(InputError, match=r"^blank: quad 1 has a blank node"):
        check_nquads(io.BytesIO(blank), "blank", PREFIX)
    # "_" and ":" read apart (the end of one read, the start of the next) are still seen
    late = good + f'<{ID}x> <{PREFIX}p> _:b <{ID}graph/g> .\n'.encode()
    with pytest.raises(InputError, match=r"^bytes: quad 201 has a blank node"):
        check_nquads(ByteByByte(late), "bytes", PREFIX)  # type: ignore[arg-type]
    gzipped = tmp_path / "late.nq.gz"  # read again from its start: a gzip file too
    gzipped.write_bytes(gzip.compress(late))
    with pytest.raises(InputError, match=r"quad 201 has a blank node"):
        check_files([gzipped], PREFIX)
    other = f'<{ID}x> <{PREFIX}p> "a" <http://example.org/g> .\n'.encode()
    with pytest.raises(InputError, match=r"^other: quad 1 is in graph <http://example.org/g>, not one of"):
        check_nquads(io.BytesIO(other), "other", PREFIX)


def test_the_check_in_small_blocks_names_the_streams_quad_and_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read in blocks of a few hundred bytes, the check still counts every quad, and names the
    first problem by its number and line in the whole stream, whichever block holds it."""
    from kg.store import embedded
    monkeypatch.setattr(embedded, "CHECK_BLOCK_BYTES", 300)
    good = nquads(50)
    lines = good.splitlines(keepends=True)
    assert check_nquads(io.BytesIO(good), "good", PREFIX) == len(lines)
    assert check_nquads(ByteByByte(good), "bytes", PREFIX) == len(lines)  # type: ignore[arg-type]
    for number in (1, 57, len(lines)):
        bad = list(lines)
        bad[number - 1] = f'<{ID}x> <{PREFIX}p> "unclosed <{ID}graph/g> .\n'.encode()
        with pytest.raises(InputError, match=f"^bad: not valid N-Quads \\(.*\\bline {number}\\b"):
            check_nquads(io.BytesIO(b"".join(bad)), "bad", PREFIX)
        bad[number - 1] = f'<{ID}x> <{PREFIX}p> "a" .\n'.encode()
        with pytest.raises(InputError, match=f"^bad: quad {number} is in the default graph"):
            check_nquads(io.BytesIO(b"".join(bad)), "bad", PREFIX)
        bad[number - 1] = f'<{ID}x> <{PREFIX}p> _:b <{ID}graph/g> .\n'.encode()
        with pytest.raises(InputError, match=f"^bad: quad {number} has a blank node"):
            check_nquads(io.BytesIO(b"".join(bad)), "bad", PREFIX)
    blocks: list[bytes] = []
    no_last_break = good.rstrip(b"\n")
    assert check_nquads(io.BytesIO(no_last_break), "last", PREFIX, on_block=blocks.append) == len(lines)
    assert b"".join(blocks) == no_last_break and all(block.endswith(b"\n") for block in blocks[:-1])


def test_the_first_problem_of_the_files_is_named_whatever_the_later_files_hold(tmp_path: Path) -> None:
    """A later file that cannot be read (a directory, a broken gzip file) is named only when every
    earlier one has passed the check."""
    good, bad, directory = tmp_path / "good.nq", tmp_path / "bad.nq", tmp_path / "parts"
    good.write_bytes(nquads(50))
    bad.write_bytes(nquads(50) + f'<{ID}x> <{PREFIX}p> "a" .\n'.encode())
    directory.mkdir()
    broken = tmp_path / "broken.nq.gz"
    broken.write_bytes(gzip.compress(nquads(50))[:-40])
    graphs: set[str] = set()
    assert check_files([good, good], PREFIX, graphs) == 2 * nquads(50).count(b"\n")
    assert graphs == {f"{ID}graph/g{i}" for i in range(41)}
    for later in (directory, broken, bad):
        with pytest.raises(InputError, match=f"^{bad}: quad 201 is in the default graph"):
            check_files([good, bad, later], PREFIX)
    with pytest.raises(InputError, match=f"^{directory}: is a directory"):
        check_files([good, directory, bad], PREFIX)
    with pytest.raises(InputError, match=f"^{broken}: cannot be read"):
        check_files([good, broken, bad], PREFIX)
