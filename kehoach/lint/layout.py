"""Layout checks on the printed form: convert to PDF with LibreOffice and read word boxes with `pdftotext -bbox-layout`."""
from __future__ import annotations

from pathlib import Path


def lint_pdf_layout(docx_paths: list[Path], work_dir: Path) -> dict:
    return {}
