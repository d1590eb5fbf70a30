#!/usr/bin/env python3
"""Set-up and everyday tasks, needing nothing but Python 3.10+.

    python3 tasks.py demo   # venv + install + ingest data/articles -> out/graph.ttl, out/graph.html
    python3 tasks.py test   # venv + install (with dev tools) + ruff + mypy + pytest
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("KG_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, env=env)


def ensure_env(extras: str = "") -> None:
    if not (BIN / "python").exists():
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
        run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extras}]" if extras else "."
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", target)


def demo() -> None:
    ensure_env()
    out = ROOT / "out"
    store = out / "kg-store"
    if store.exists():
        shutil.rmtree(store)
    env = {**os.environ, "KG_STORE": str(store)}
    run(BIN / "kg", "ingest", ROOT / "data" / "articles", env=env)
    run(BIN / "kg", "stats", env=env)
    run(BIN / "kg", "export", "--format", "turtle", "-o", out / "graph.ttl", env=env)
    run(BIN / "kg", "viz", "-o", out / "graph.html", env=env)
    print(f"\nStore:  {store}\nTurtle: {out / 'graph.ttl'}\nGraph:  {out / 'graph.html'} (open it in a browser)")


def test() -> None:
    ensure_env("dev")
    run(BIN / "ruff", "check", "kg", "tests", "data", "bench", "tasks.py")
    run(BIN / "mypy", "kg")
    run(BIN / "python", "-m", "pytest", "-q", *sys.argv[2:])


TASKS = {"demo": demo, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        print(f"usage: python3 tasks.py {{{'|'.join(TASKS)}}} [pytest args]", file=sys.stderr)
        sys.exit(2)
    try:
        TASKS[sys.argv[1]]()
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode or 1)
