"""Lint docxtpl templates: Jinja tags broken by Word (split runs, curly quotes), unbalanced blocks, unknown variables."""
from __future__ import annotations

from pathlib import Path

from .findings import Finding


def lint_template(path: Path | str, known_variables: set[str] | None = None) -> list[Finding]:
    return []
