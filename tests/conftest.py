"""Shared fixtures: a temporary copy of the bundled seed project, and the CLI run in-process."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kehoach.cli import main

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "son-giang-2024"


@pytest.fixture
def project(tmp_path) -> Path:
    """Return a folder holding data/son-giang-2024 and templates/, copied from the repository."""
    shutil.copytree(SEED, tmp_path / "data" / SEED.name)
    shutil.copytree(REPO / "templates", tmp_path / "templates", ignore=shutil.ignore_patterns("*.md"))
    return tmp_path


@pytest.fixture
def run(capsys):
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    def _run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return _run
