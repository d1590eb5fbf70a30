"""Shared fixtures: real stores on disk, the real CLI, sample articles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "articles"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    """Three of the sample articles, copied so tests may add files beside them."""
    target = tmp_path / "articles"
    target.mkdir()
    for name in sorted(p.name for p in SAMPLES.glob("*.txt"))[:3]:
        shutil.copy(SAMPLES / name, target / name)
    return target


def write(path: Path, text: str | bytes) -> Path:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
