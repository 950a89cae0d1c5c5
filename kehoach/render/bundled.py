"""The templates kehoach ships, rebuilt byte for byte from their generator (tools/make_templates.py).

The generator is the one source of the templates; rebuilding from it, rather than keeping a second
copy of the .docx files, lets `kehoach mau --khoi-phuc` restore a template a clerk's edit damaged
even when the copy in templates/ is the damaged one.
"""
from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from ..errors import KehoachError

GENERATOR = Path(__file__).resolve().parents[2] / "tools" / "make_templates.py"


@cache
def _generator():
    if not GENERATOR.is_file():
        raise KehoachError(f"không tìm thấy bộ tạo mẫu gốc {GENERATOR}: hãy cài kehoach từ thư mục mã nguồn "
                           "(python -m pip install -e .)")
    spec = importlib.util.spec_from_file_location("kehoach_make_templates", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bundled_template(kind: str) -> bytes:
    """Return the .docx bytes of the bundled template of `kind` (`ke-hoach`, `bao-cao-quy`, …, `cong-van`)."""
    generator = _generator()
    if kind == generator.LETTER:  # the công văn is built apart: its header band differs
        return generator.build_letter()
    return generator.build(kind)
