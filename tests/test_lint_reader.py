"""The checker's fast reader (styles resolved once per format, shared by drafts of one template) reads
every test document exactly as the reader before it did, and the findings are the same."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import lint_reference
from lint_docs import build_plan
from test_lint import ALLOWED, FAULTS

from kehoach.lint import lint_docx
from kehoach.lint.findings import merge_repeats, sort_key
from kehoach.lint.ooxml import read_document
from kehoach.lint.rules import ALL_RULES, realize
from kehoach.lint.structure import locate

REPO = Path(__file__).resolve().parent.parent


def reference_findings(path: Path) -> list:
    """Findings of the reference reader's document, each written out before merging."""
    doc = lint_reference.read_document(path)
    parts = locate(doc)
    findings = [realize(f) if not hasattr(f, "as_dict") else f for rule in ALL_RULES for f in rule(doc, parts)]
    return sorted(merge_repeats(findings), key=sort_key)


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("docs")
    paths = [build_plan(folder / "clean.docx")]
    paths += [build_plan(folder / f"f-{name}.docx", **changes) for name, (changes, _) in FAULTS.items()]
    paths += [build_plan(folder / f"a-{name}.docx", **changes) for name, changes in ALLOWED.items()]
    project = folder / "seed"
    shutil.copytree(REPO / "data", project / "data")
    shutil.copytree(REPO / "templates", project / "templates")
    from kehoach.cli.main import main

    assert main(["--data", str(project / "data"), "--out", str(project / "out")]) == 0
    paths += sorted((project / "out").rglob("*.docx"))
    return paths


def test_every_document_reads_the_same(documents):
    for path in documents:
        assert read_document(path) == lint_reference.read_document(path), path.name


def test_findings_are_the_same(documents):
    for path in documents:  # one process, so later documents meet styles cached by earlier ones
        assert lint_docx(path) == reference_findings(path), path.name


def test_a_long_document_merges_its_repeated_findings(tmp_path):
    """A fault on every paragraph of a long body is one finding naming the count, as before."""
    from docx import Document

    doc = Document()
    for i in range(400):
        doc.add_paragraph(f"Đoạn {i} chữ Calibri, căn trái.")
    path = tmp_path / "dai.docx"
    doc.save(str(path))
    findings = lint_docx(path)
    assert findings == reference_findings(path)
    fonts = [f for f in findings if f.rule == "FONT-1"]
    assert len(fonts) == 1 and "cùng lỗi ở 399 đoạn khác" in fonts[0].message
