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


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_RUN = '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
# Pieces of body XML the text reader must read as the tree reader does, or leave to it.
ODD_BODIES = {
    "entities": '<w:p><w:r><w:t>a &amp; b &lt;c&gt; &#7841; &#x1EA1; &quot;q&quot; &apos;</w:t></w:r></w:p>',
    "empty paragraphs": '<w:p/><w:p></w:p><w:p><w:pPr><w:jc w:val="center"/></w:pPr></w:p>',
    "breaks and tabs": '<w:p><w:r><w:t>một</w:t><w:br/><w:t>hai</w:t><w:tab/><w:t>ba</w:t><w:noBreakHyphen/></w:r></w:p>',
    "many shapes": "".join(f'<w:p><w:pPr><w:ind w:left="{k}"/></w:pPr>{_RUN.format(k)}</w:p>' for k in range(40)),
    "text box": ('<w:p><w:r><w:t>ngoài</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>trong hộp</w:t>'
                 '</w:r></w:p></w:txbxContent></w:pict></w:r><w:r><w:t>sau</w:t></w:r></w:p>'),
    "content control": '<w:sdt><w:sdtContent><w:p><w:r><w:t>bỏ qua</w:t></w:r></w:p></w:sdtContent></w:sdt>',
    "bookmarks": '<w:bookmarkStart w:id="0" w:name="a"/><w:p><w:r><w:t>x</w:t></w:r></w:p><w:bookmarkEnd w:id="0"/>',
    "nested table": ('<w:tbl><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="2000" '
                     'w:type="dxa"/></w:tcPr><w:p><w:r><w:t>ô</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r>'
                     '<w:t>ô trong</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>'),
    "spanned cells": ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tblGrid><w:gridCol w:w="1000"/>'
                      '<w:gridCol w:w="3000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>'
                      '<w:p><w:r><w:t>gộp</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc><w:tc><w:p>'
                      '<w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>'),
    "comment": '<!-- ghi chú --><w:p><w:r><w:t>x</w:t></w:r></w:p>',
    "cdata": '<w:p><w:r><w:t><![CDATA[a < b]]></w:t></w:r></w:p>',
    "pretty printed": '<w:p>\n  <w:r>\n    <w:t>x</w:t>\n  </w:r>\n</w:p>\n',
    "deleted text": '<w:p><w:del><w:r><w:delText>cũ</w:delText></w:r></w:del><w:r><w:t>mới</w:t></w:r></w:p>',
}


@pytest.mark.parametrize("case", sorted(ODD_BODIES))
def test_the_text_reader_reads_odd_bodies_as_the_tree_reader(tmp_path, case):
    import re
    import zipfile

    from docx import Document

    plain = tmp_path / "plain.docx"
    doc = Document()
    doc.add_paragraph("đầu")
    doc.save(str(plain))
    path = tmp_path / f"{case}.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                xml = data.decode()
                at = re.search(r"<w:body>", xml).end()
                data = (xml[:at] + ODD_BODIES[case] + xml[at:]).encode()
            out.writestr(name, data)
    assert read_document(path) == lint_reference.read_document(path)
    assert lint_docx(path) == reference_findings(path)


@pytest.mark.parametrize("pieces", [["một Phụ", "lục kèm theo"], ["không có"] * 600, ["x"] * 300 + ["Phụ lục II"],
                                    ["phụ lục"] * 2, ["phụ lụcx", "y"], [], ["PHỤ LỤC"]])
def test_a_body_folded_in_parts_finds_what_the_whole_finds(pieces):
    import re

    from kehoach.lint.rules import _FoldedText

    for word in ("phụ lục", "phụ lục ii"):
        whole = re.search(rf"{re.escape(word)}(?![\w])", " ".join(pieces).casefold()) is not None
        assert _FoldedText(pieces).has_word(word) == whole, (word, pieces[:3])
