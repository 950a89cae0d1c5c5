"""Shared fixtures: a temporary copy of the bundled seed project, and the CLI run in-process."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kehoach.cli.main import main

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "son-giang-2024"


@pytest.fixture
def project(tmp_path) -> Path:
    """Return a folder holding data/son-giang-2024 and templates/, copied from the repository."""
    shutil.copytree(SEED, tmp_path / "data" / SEED.name)
    shutil.copytree(REPO / "templates", tmp_path / "templates", ignore=shutil.ignore_patterns("*.md"))
    return tmp_path


def mark_as_real(dossier: Path) -> None:
    """Flip the seed's sample-data flags, as a clerk does once real figures are in: issuing needs it."""
    for name in ("nhiem-vu.yaml", "tien-do.yaml"):
        path = dossier / name
        path.write_text(path.read_text(encoding="utf-8").replace("du_lieu_mau: true", "du_lieu_mau: false"),
                        encoding="utf-8")


@pytest.fixture
def run(capsys):
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    def _run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return _run


@pytest.fixture
def clerk(tmp_path, monkeypatch) -> Path:
    """A clerk's folder: data/ (the seed dossier, real figures) and templates/, working directory set there."""
    shutil.copytree(SEED, tmp_path / "data" / SEED.name)
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    mark_as_real(tmp_path / "data" / SEED.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path
