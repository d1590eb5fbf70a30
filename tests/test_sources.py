from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.sources.article import Article
from kg.sources.inputs import read_sources

from .conftest import write


def _errors(items: list[Article | InputError]) -> list[str]:
    return [str(i) for i in items if isinstance(i, InputError)]


def test_directory_is_walked_recursively_for_article_files(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "First article.")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "b.txt", "Second article.")
    write(tmp_path / "a.gold.json", "{}")
    items = list(read_sources([tmp_path]))
    assert [i.body for i in items if isinstance(i, Article)] == ["First article.", "Second article."]


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"\x00\x01\x02binary", "binary file"),
        (b"caf\xe9 au lait", "not UTF-8 text"),
        (b"", "has no text"),
        (b"   \n\t\n", "has no text"),
        (b"title: x\nsource: y\nno end", "no closing '---' line"),
    ],
)
def test_bad_files_are_reported_by_name(tmp_path: Path, content: bytes, problem: str) -> None:
    path = write(tmp_path / "bad.txt", content)
    [item] = list(read_sources([path]))
    assert isinstance(item, InputError)
    assert str(item).startswith(str(path)) and problem in str(item)


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "u16.txt", "Le Drian met Blinken.".encode("utf-16"))
    [item] = list(read_sources([path]))
    assert isinstance(item, Article) and item.body == "Le Drian met Blinken."


def test_missing_path_is_an_error_not_an_exception(tmp_path: Path) -> None:
    items = list(read_sources([tmp_path / "nope.txt"]))
    assert _errors(items) == [f"{tmp_path / 'nope.txt'}: no such file or directory"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", "text")
    path.chmod(0)
    assert "permission denied" in _errors(list(read_sources([path])))[0]
