"""Dumps: JSON Lines and CSV files of many articles, gzip-compressed or not.

Streams: one line (or CSV row) is read, turned into an Article and handed on
before the next is read, so a dump of any size runs in constant memory. A
broken line becomes an InputError naming the file and the line number; the
lines after it are still read.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, Protocol, cast

from kg.errors import InputError
from kg.sources.article import Article, make_article, record_error

#: A longer line is refused as one article (the same limit as for an article file).
MAX_LINE_BYTES = 20_000_000
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class DumpFields:
    """Which field of a dump record holds what (defaults fit the White House bulk corpus)."""

    text: str = "text"
    title: str = "title"
    date: str = "date"
    url: str = "url"


class Peekable(Protocol):
    """A byte stream that can show its next bytes without consuming them."""

    def peek(self, n: int, /) -> bytes: ...

    def read(self, size: int | None = -1, /) -> bytes: ...

    def readline(self, size: int | None = -1, /) -> bytes: ...


def open_maybe_gzip(stream: IO[bytes]) -> Peekable:
    """A peekable view of the stream, decompressing when it starts with the gzip magic bytes."""
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(cast(io.RawIOBase, stream))
    if buffered.peek(2)[:2] == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=buffered, mode="rb")
    return buffered


def read_jsonl(
    stream: IO[bytes] | Peekable, origin: str, fields: DumpFields = DumpFields(), first_line: int = 1
) -> Iterator[Article | InputError]:
    """One article per line of JSON objects; blank lines are skipped. The stream's first line is
    line `first_line` of the dump (a part of a dump read alone names its lines as the whole would)."""
    number = first_line - 1
    try:
        while True:
            line = stream.readline(MAX_LINE_BYTES + 1)
            if not line:
                return
            number += 1
            where = f"{origin}:{number}"
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                    pass
                yield InputError(f"{where}: line longer than {MAX_LINE_BYTES} bytes")
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except UnicodeDecodeError as error:
                yield InputError(f"{where}: not UTF-8 text (invalid byte at offset {error.start})")
                continue
            except json.JSONDecodeError as error:
                yield InputError(f"{where}: not valid JSON ({error.msg} at column {error.colno})")
                continue
            except ValueError as error:  # an integer past Python's limit of digits
                yield InputError(f"{where}: not valid JSON ({' '.join(str(error).split()[:8])})")
                continue
            except Exception as error:  # noqa: BLE001 - RecursionError and the like: this record only
                yield record_error(where, error)
                continue
            if not isinstance(record, dict):
                yield InputError(f"{where}: expected a JSON object, found {type(record).__name__}")
                continue
            try:
                yield record_article(record, where, fields)
            except Exception as error:  # noqa: BLE001 - one record's failure is its own
                yield record_error(where, error)
    except (OSError, EOFError, zlib.error) as error:
        yield InputError(f"{origin}: damaged data after line {number} ({error}); the rest of the file is skipped")


def read_csv(stream: IO[bytes] | Peekable, origin: str, fields: DumpFields = DumpFields(),
             delimiter: str = ",") -> Iterator[Article | InputError]:
    """One article per row; the first row names the columns."""
    csv.field_size_limit(MAX_LINE_BYTES)
    text = io.TextIOWrapper(cast(IO[bytes], stream), encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text, delimiter=delimiter)
    try:
        columns = reader.fieldnames or []
        if fields.text not in columns:
            yield InputError(f"{origin}: no '{fields.text}' column (columns: {', '.join(columns) or 'none'}; "
                             "choose one with --text-field)")
            return
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield InputError(f"{origin}:{line}: not a CSV row I can read ({error})")
                continue
            try:
                yield record_article(row, f"{origin}:{line}", fields)
            except Exception as error:  # noqa: BLE001 - one row's failure is its own
                yield record_error(f"{origin}:{line}", error)
    except UnicodeDecodeError as error:
        yield InputError(f"{origin}: not UTF-8 text after line {reader.line_num} (invalid byte at "
                         f"offset {error.start}); the rest of the file is skipped")
    except (OSError, EOFError, zlib.error) as error:
        yield InputError(f"{origin}: damaged data after line {reader.line_num} ({error}); "
                         "the rest of the file is skipped")


def record_article(record: dict[str, Any], origin: str, fields: DumpFields) -> Article:
    """An article from one dump record, naming the record when a field is missing or wrong."""
    text = record.get(fields.text)
    if text is None:
        shown = ", ".join(sorted(str(k) for k in record)[:12]) or "none"
        raise InputError(f"{origin}: no '{fields.text}' field (fields here: {shown}; choose one with --text-field)")
    values = {name: record.get(key) for name, key in
              (("text", fields.text), ("title", fields.title), ("date", fields.date), ("url", fields.url))}
    for name, value in values.items():
        if value is not None and not isinstance(value, str):
            raise InputError(f"{origin}: field '{getattr(fields, name)}' should be a string, "
                             f"found {type(value).__name__}")
    return make_article(values["text"] or "", title=values["title"], url=values["url"],
                        published=values["date"] or None, origin=origin)


def count_lines(stream: IO[bytes] | Peekable) -> int:
    """Lines in a stream (for a progress bar's total), read in blocks, never whole."""
    count = 0
    last = b"\n"
    while block := stream.read(1 << 20):
        count += block.count(b"\n")
        last = block[-1:]
    return count + (last != b"\n")
