"""Sources: turn paths, directories and stdin into articles.

Each item read is either an :class:`~kg.article.Article` or an
:class:`~kg.errors.InputError` naming the input and the problem, so one bad
file never stops a batch.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.article import Article, parse_article
from kg.errors import InputError

#: File endings read when walking a directory.
ARTICLE_SUFFIXES = (".txt", ".text", ".md")
#: Larger files are refused: they are dumps or data, not articles.
MAX_ARTICLE_BYTES = 20_000_000


def decode_text(data: bytes, origin: str) -> str:
    """Bytes of an article file as text: UTF-8 (with or without BOM) or UTF-16 with BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError(f"{origin}: not valid UTF-16 text ({error.reason} at byte {error.start})") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{origin}: binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{origin}: not UTF-8 text (invalid byte 0x{data[error.start]:02x} at offset {error.start}); "
            "convert it to UTF-8"
        ) from None


def read_article_file(path: Path) -> Article:
    """One article file, or an InputError that names it."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise InputError(f"{origin}: {size} bytes is too large for one article (limit {MAX_ARTICLE_BYTES})")
        data = path.read_bytes()
    except PermissionError:
        raise InputError(f"{origin}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{origin}: is a directory") from None
    except OSError as error:
        raise InputError(f"{origin}: cannot read ({error.strerror})") from None
    return parse_article(decode_text(data, origin), origin)


def walk_directory(directory: Path) -> Iterator[Path | InputError]:
    """Article files below a directory, sorted, recursively; unreadable folders reported."""
    def report(error: OSError) -> None:
        problems.append(InputError(f"{error.filename}: cannot read directory ({error.strerror})"))

    problems: list[InputError] = []
    for root, dirs, files in os.walk(directory, onerror=report):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(ARTICLE_SUFFIXES) and not name.startswith("."):
                yield Path(root) / name
        yield from problems
        problems.clear()
    yield from problems


def read_sources(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Article | InputError]:
    """Articles from files, directories (recursively) and ``-`` (stdin)."""
    for raw in paths:
        if str(raw) == "-":
            try:
                yield parse_article(decode_text(sys.stdin.buffer.read(), "<stdin>"), "<stdin>")
            except InputError as error:
                yield error
            continue
        path = Path(raw)
        if not path.exists():
            yield InputError(f"{path}: no such file or directory")
        elif path.is_dir():
            for item in walk_directory(path):
                if isinstance(item, InputError):
                    yield item
                    continue
                try:
                    yield read_article_file(item)
                except InputError as error:
                    yield error
        else:
            try:
                yield read_article_file(path)
            except InputError as error:
                yield error
