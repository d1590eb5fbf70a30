"""One N-Quads (or N-Triples) input bulk-loaded by several threads at once, each taking whole lines.

Oxigraph's bulk loader (0.5) parses on the calling thread and hands batches of a million quads
to loader threads, so an input under a million quads is sorted and written by one thread while
the other cores idle. Several bulk loads into one store may run at once: each builds its own
sorted files and RocksDB ingests them, which is what one Oxigraph bulk load already does with
its concurrent batches, and what Oxigraph's CLI does with several files (``oxigraph load``
loads them in parallel into one store); pyoxigraph lets go of the GIL while it loads.

A line of N-Quads is a whole statement, so any line may go to any of the loads. Only blank
nodes tie lines together: a label names one node within one load, so an input that may hold
one goes to a single load. This module knows nothing of Oxigraph: it is handed ``load``, which
bulk-loads one part (bytes or a readable stream).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from typing import BinaryIO

#: A part is at least this many bytes (about 5,000 quads): below it, one load is quicker.
PART_BYTES = 1 << 20
#: At most this many loads at once: each holds up to a million quads of its own in memory.
MAX_THREADS = 4
BLANK_NODE = b"_:"

Load = Callable[[bytes | BinaryIO], None]


def loader_threads() -> int:
    """One load per core this process may run on (at most MAX_THREADS)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_THREADS, cores))


def may_hold_blank_nodes(data: bytes) -> bool:
    """False when `data` surely holds no blank node (no ``_:`` anywhere)."""
    return BLANK_NODE in data


def split_lines(data: bytes, parts: int) -> list[tuple[int, bytes]]:
    """`data` cut at line ends into at most `parts` pieces of at least PART_BYTES, each with the
    number of its first line."""
    parts = max(1, min(parts, len(data) // PART_BYTES))
    pieces: list[tuple[int, bytes]] = []
    start, line = 0, 1
    for index in range(1, parts + 1):
        end = len(data) if index == parts else data.find(b"\n", len(data) * index // parts)
        end = len(data) if end < 0 else end + 1
        if end > start:
            pieces.append((line, data[start:end]))
            line += data.count(b"\n", start, end)
            start = end
    return pieces


def shift_lines(error: SyntaxError, first_line: int) -> SyntaxError:
    """The parser's error for a piece, its line numbers made the whole input's."""
    message = re.sub(r"\bline (\d+)", lambda m: f"line {int(m.group(1)) + first_line - 1}", str(error.msg))
    return SyntaxError(message)


def _run(loads: list[Callable[[], None]], on_error: Callable[[], None] = lambda: None) -> None:
    """Run each call on a thread of its own; the first error (in list order) is raised once all
    have ended. `on_error` runs at the first failure, to tell the others to stop early."""
    errors: list[BaseException | None] = [None] * len(loads)

    def run(index: int) -> None:
        try:
            loads[index]()
        except BaseException as error:  # noqa: BLE001 - handed to the calling thread
            errors[index] = error
            on_error()

    threads = [threading.Thread(target=run, args=(index,), name=f"kg-bulk-load-{index}")
               for index in range(len(loads))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for error in errors:
        if error is not None:
            raise error


def load_bytes(load: Load, data: bytes, threads: int) -> None:
    """Load `data` as up to `threads` contiguous pieces at once; a syntax error names the line
    of the whole input. Call only when no blank node can be in `data`."""
    pieces = split_lines(data, threads)
    if len(pieces) == 1:
        load(data)
        return

    def part(first_line: int, piece: bytes) -> Callable[[], None]:
        def run() -> None:
            try:
                load(piece)
            except SyntaxError as error:
                raise shift_lines(error, first_line) from None
        return run

    _run([part(first_line, piece) for first_line, piece in pieces])


def group_blocks(blocks: list[bytes], parts: int) -> list[list[bytes]]:
    """The blocks in at most `parts` runs of neighbours, of about equal bytes."""
    total = sum(len(block) for block in blocks)
    groups: list[list[bytes]] = []
    held = 0
    for block in blocks:
        if not groups or (held >= total * len(groups) / parts and len(groups) < parts):
            groups.append([])
        groups[-1].append(block)
        held += len(block)
    return groups


def load_blocks(load: Load, blocks: list[bytes], threads: int) -> None:
    """Load blocks of whole lines (each ends with a line break, but the last may not) as up to
    `threads` runs of them at once, each run joined in its thread: the text is copied once, not
    joined and then cut, and each run's blocks are let go once joined (`blocks` is emptied). Call
    only for input already checked (no syntax error, no blank node)."""
    groups = group_blocks(blocks, max(1, min(threads, sum(len(b) for b in blocks) // PART_BYTES)))
    blocks.clear()

    def part(group: list[bytes]) -> Callable[[], None]:
        def run() -> None:
            text = b"".join(group)
            group.clear()
            load(text)
        return run

    _run([part(group) for group in groups])


class _SharedLines:
    """A stream many threads read from, each taking PART_BYTES or so of whole lines at a time."""

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.lock = threading.Lock()
        self.pending = b""  # read, past the last line end handed out
        self.ended = False  # the source is read through
        self.done = False  # nothing more to hand out (or a load failed)

    def take(self) -> bytes:
        with self.lock:
            if self.done:
                return b""
            block = self.pending
            while not self.ended and (len(block) < PART_BYTES or b"\n" not in block):
                more = self.source.read(PART_BYTES)
                if not more:
                    self.ended = True
                else:
                    block += more
            if self.ended:
                self.pending = b""
            else:
                cut = block.rfind(b"\n") + 1
                block, self.pending = block[:cut], block[cut:]
            if not block:
                self.done = True
            return block

    def stop(self) -> None:
        self.done = True


class _Share:
    """One load's view of the shared stream: a readable file of whole blocks of lines."""

    def __init__(self, shared: _SharedLines, first: bytes) -> None:
        self.shared, self.block, self.position = shared, first, 0

    def read(self, size: int = -1) -> bytes:
        if self.position >= len(self.block):
            self.block, self.position = self.shared.take(), 0
        if size < 0:
            size = len(self.block) - self.position
        chunk = self.block[self.position:self.position + size]
        self.position += len(chunk)
        return chunk

    def readable(self) -> bool:
        return True


def load_stream(load: Load, source: BinaryIO, threads: int) -> None:
    """Load the stream by up to `threads` loads at once, each reading whole blocks of lines
    from it in turn, so none waits for another and memory stays bounded as for one load. Call
    only for input already checked (no syntax error, no blank node)."""
    shared = _SharedLines(source)

    def one() -> None:
        first = shared.take()
        if first:  # a short input leaves nothing for the later loads: they make no files
            load(_Share(shared, first))  # type: ignore[arg-type]  # a readable stream

    _run([one] * max(1, threads), on_error=shared.stop)


__all__ = ["PART_BYTES", "group_blocks", "load_blocks", "load_bytes", "load_stream", "loader_threads",
           "may_hold_blank_nodes", "shift_lines", "split_lines"]
