"""Format checker for Word documents against Decree 30/2020/NĐ-CP: `lint_docx`, `lint_template`, `lint_pdf_layout`."""
from __future__ import annotations

from .checker import lint_docx
from .findings import ERROR, INFO, WARNING, Finding
from .templates import lint_template

__all__ = ["lint_docx", "lint_template", "Finding", "ERROR", "WARNING", "INFO"]
