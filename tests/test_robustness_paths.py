"""Paths as an unlucky user gives them (issue 13, #10 and #12): globs over symbolic link loops,
a link loop or a `file:` URL as an argument.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.sources.inputs import read_sources

from .conftest import write

#: Lists what the sources module reads for a glob, in a process that may not grow past 1 GB.
LIST_SOURCES = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    from kg.sources.inputs import count_inputs, read_sources
    print(count_inputs([sys.argv[1]]))
    for item in read_sources([sys.argv[1]]):
        print(getattr(item, "origin", None) or f"error {item}")
""")


def _tree_with_loops(root: Path) -> Path:
    folder = root / "news"
    (folder / "sub").mkdir(parents=True)
    write(folder / "a.txt", "President Macron of France met Chancellor Scholz of Germany in Berlin on Monday.")
    write(folder / "sub" / "b.txt", "Secretary Blinken spoke today with Foreign Minister Le Drian of France.")
    write(root / "outside.txt", "President Biden met Prime Minister Kishida of Japan in Tokyo on Tuesday.")
    (folder / "loop").symlink_to(".")
    (folder / "up").symlink_to("..")
    (folder / "sub" / "back").symlink_to("../..")
    return folder


def test_a_glob_over_symlink_loops_is_walked_lazily_and_follows_each_link_once(runner: CliRunner,
                                                                              tmp_path: Path) -> None:
    folder = _tree_with_loops(tmp_path / "tree")
    pattern = f"{folder}/**/*.txt"
    listed = subprocess.run([sys.executable, "-c", LIST_SOURCES, pattern], capture_output=True, text=True,
                            timeout=60, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CPU, (20, 20)))
    assert listed.returncode == 0, listed.stderr[-2000:]
    count, *origins = listed.stdout.splitlines()
    resolved = [str(Path(origin).resolve()) for origin in origins]
    assert len(resolved) == len(set(resolved)) == int(count), origins  # each file once, however many links
    assert {str(folder / "a.txt"), str(folder / "sub" / "b.txt")} <= set(origins), origins
    result = runner.invoke(main, ["ingest", pattern, "--store", str(tmp_path / "store")])
    assert result.exit_code == 0 and f"{len(origins)} added, 0 unchanged, 0 failed" in result.output, result.output


def test_glob_matches_stay_sorted_and_hidden_names_stay_out(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", ".hidden.txt", "c/d.txt", "c/.e/f.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        write(tmp_path / name, f"Article {name}.")
    origins = [item.origin for item in read_sources([f"{tmp_path}/**/*.txt"]) if not isinstance(item, InputError)]
    assert origins == [str(tmp_path / n) for n in ("a.txt", "b.txt", "c/d.txt")]
    assert [i.origin for i in read_sources([f"{tmp_path}/.*.txt"])] == [str(tmp_path / ".hidden.txt")]  # type: ignore[union-attr]


@pytest.mark.parametrize(("make", "problem"), [
    pytest.param(lambda d: (d / "loop").symlink_to("loop") or d / "loop", "a loop of symbolic links", id="self-loop"),
    pytest.param(lambda d: ((d / "x").symlink_to("y"), (d / "y").symlink_to("x")) and d / "x",
                 "a loop of symbolic links", id="two-link loop"),
    pytest.param(lambda d: (d / "gone").symlink_to("nowhere.txt") or d / "gone",
                 "a symbolic link to nowhere.txt, which does not exist", id="dangling link"),
    pytest.param(lambda d: f"file://{d}/a.txt", "file: URLs are not read; give the path itself", id="file URL"),
    pytest.param(lambda d: "ftp://example.org/a.txt", "only http:// and https:// URLs are fetched", id="ftp URL"),
])
def test_a_path_argument_is_reported_for_what_it_is(runner: CliRunner, tmp_path: Path, make: object,
                                                   problem: str) -> None:
    write(tmp_path / "a.txt", "President Macron of France met Chancellor Scholz of Germany in Berlin.")
    argument = str(make(tmp_path))  # type: ignore[operator]
    result = runner.invoke(main, ["ingest", argument, "--store", str(tmp_path / "store")])
    assert result.exit_code == 1, result.output
    [error] = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert error.startswith(f"Error: {argument}: ") and problem in error, error
    assert "no such file" not in error
