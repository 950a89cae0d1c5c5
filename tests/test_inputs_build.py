"""Import a clerk's Word draft, build the plan, read it back: every line of the draft, in order, ND 30 clean."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from docx_text import lines

from kehoach.documents.common import body_blocks
from kehoach.dossier.loading import load_dossier
from kehoach.inputs.importing import import_draft
from kehoach.lint import lint_docx

TESTS = Path(__file__).parent
REPO = TESTS.parent
DRAFTS = TESTS / "fixtures" / "drafts"


@pytest.mark.parametrize("draft", ["son-giang-2024", "son-giang-2024-libreoffice", "tan-phu-2025",
                                   "tan-phu-2025-libreoffice"])
def test_imported_draft_builds_into_every_line_in_order(tmp_path, run, draft):
    shutil.copytree(REPO / "templates", tmp_path / "templates", ignore=shutil.ignore_patterns("*.md"))
    code, _, err = run("--data", tmp_path / "data", "nhap", DRAFTS / f"{draft}.docx", "--ho-so", "nhap")
    assert code == 0, err
    code, out, err = run("--data", tmp_path / "data", "--out", tmp_path / "out", "build")
    assert code == 0, err
    built = tmp_path / "out" / "nhap" / "ke-hoach.docx"
    printed = lines(built)
    sidecar = json.loads((DRAFTS / f"{draft.removesuffix('-libreoffice')}.json").read_text(encoding="utf-8"))
    pos = 0
    for line in sidecar["lines"]:
        line = sidecar["printed_as"].get(line, line)
        assert line in printed[pos:], f"missing or out of order: {line[:70]}"
        pos = printed.index(line, pos) + 1
    assert [f for f in lint_docx(built) if f.severity == "lỗi"] == []
    assert "Kiểm tra thể thức theo NĐ 30/2020: không có lỗi." in out


def test_seed_draft_gives_the_bundled_plan(tmp_path):
    folder = import_draft(DRAFTS / "son-giang-2024.docx", tmp_path, "son-giang-2024").folder
    imported, _, problems = load_dossier(folder)
    assert [p for p in problems if p.is_error] == []
    bundled, _, _ = load_dossier(REPO / "data" / "son-giang-2024")
    mine, theirs = imported.plan, bundled.plan
    assert (mine.summary, mine.recipients, mine.month, mine.year) == \
        (theirs.summary, theirs.recipients, theirs.month, theirs.year)
    assert body_blocks(mine.preamble) == body_blocks(theirs.preamble)
    assert body_blocks(mine.closing) == body_blocks(theirs.closing)
    for a, b in zip(mine.sections, theirs.sections, strict=True):
        assert a.title == b.title
        assert body_blocks(a.content) == body_blocks(b.content)
    labels = {x.id: x.label for x in imported.organisation.assignees}
    roles = {x.id: x.label for x in bundled.organisation.assignees}
    assert [(t.area, t.content, labels[t.lead], [labels[s] for s in t.support], t.deadline, t.output)
            for t in imported.appendix.tasks] == \
        [(t.area, t.content, roles[t.lead], [roles[s] for s in t.support], t.deadline, t.output)
         for t in bundled.appendix.tasks]
