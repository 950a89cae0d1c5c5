"""Word and Markdown readers: what they find in a draft (runs, Word's own numbers, tables, skipped parts)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from kehoach.errors import KehoachError
from kehoach.inputs.markdown import parse_markdown, read_markdown
from kehoach.inputs.source import Para, Table
from kehoach.inputs.word import read_word

DRAFTS = Path(__file__).parent / "fixtures" / "drafts"
SEED_MD = Path(__file__).parent / "seed" / "ke-hoach-cchc-son-giang-2024.md"


def paras(source) -> list[Para]:
    return [b for b in source.blocks if isinstance(b, Para)]


@pytest.mark.parametrize("name", ["tan-phu-2025.docx", "tan-phu-2025-libreoffice.docx"])
def test_word_reader_gives_runs_word_numbers_and_tables(name):
    source = read_word(DRAFTS / name)
    found = {p.text: p for p in paras(source)}
    # Word's own list numbers come as labels, the text without them.
    assert found["Các phòng, ban, đơn vị xác định rõ nhiệm vụ, thời hạn, sản phẩm và người chịu trách nhiệm;"].label == "-"
    assert found["Rà soát, nâng cấp trang thiết bị tại Trung tâm Phục vụ hành chính công;"].label == "a)"
    assert found["Số hóa hồ sơ, kết quả giải quyết TTHC theo quy định."].label == "b)"
    # Bold and italic runs as typed.
    point = next(p for t, p in found.items() if t.startswith("a) Tiếp nhận"))
    assert [(r.text, r.bold, r.italic) for r in point.runs if r.bold or r.italic] == [
        ("100%", True, False), ("không tiếp nhận hồ sơ ngoài hệ thống", False, True)]
    assert found["KẾ HOẠCH"].centered and all(r.bold for r in found["KẾ HOẠCH"].runs)
    tables = [b for b in source.blocks if isinstance(b, Table)]
    assert len(tables) == 4  # header, targets, signature, appendix
    assert [c.text for c in tables[1].rows[0]] == ["TT", "Chỉ tiêu", "Năm 2025"]
    group_row = tables[3].rows[1]
    assert [(c.text, c.span) for c in group_row] == [("I", 1), ("Cải cách thủ tục hành chính", 5)]
    assert [p.where for p in paras(source)][:2] == ["đoạn 1", "đoạn 2"]


def _docx(build) -> Path:
    doc = Document()
    build(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf


def test_word_reader_reads_what_word_hides_and_skips_what_is_not_text(tmp_path):
    def build(doc):
        p = doc.add_paragraph("Giữ ")
        p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="x"><w:r><w:delText>đã xóa </w:delText>'
                              '</w:r></w:del>'))
        p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="x"><w:r><w:t>đã thêm</w:t></w:r></w:ins>'))
        doc.add_paragraph("Mục theo kiểu danh sách", style="List Number")
        line = doc.add_paragraph("TM. ỦY BAN NHÂN DÂN")
        line.runs[0].add_break()
        line.add_run("CHỦ TỊCH")
        table = doc.add_table(rows=2, cols=2)
        table.cell(0, 0).merge(table.cell(1, 0))
        table.cell(0, 0).paragraphs[0].add_run("Gộp dọc")
        table.cell(1, 1).paragraphs[0].add_run("Ô thường")
        doc.add_paragraph("   ")
    path = tmp_path / "a.docx"
    path.write_bytes(_docx(build).getvalue())
    source = read_word(path)
    texts = [p.text for p in paras(source)]
    assert texts == ["Giữ đã thêm", "Mục theo kiểu danh sách", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"]
    assert paras(source)[1].label == "1."  # numbering from the paragraph style
    table = next(b for b in source.blocks if isinstance(b, Table))
    assert [(c.text, c.continued) for c in table.rows[1]] == [("Gộp dọc", True), ("Ô thường", False)]


def test_word_reader_refuses_what_is_not_docx(tmp_path):
    bad = tmp_path / "cu.docx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
    with pytest.raises(KehoachError) as e:
        read_word(bad)
    assert e.value.problems[0].file == str(bad)
    assert "Lưu thành" in e.value.problems[0].message


def test_markdown_reader_gives_the_seed_as_word_does():
    source = read_markdown(SEED_MD)
    found = paras(source)
    assert found[0].text == "Số: /KH-UBND" and found[0].where == "dòng 3"
    heading = next(p for p in found if p.text.startswith("1. Công tác chỉ đạo"))
    assert heading.heading == 2 and all(r.bold for r in heading.runs)
    listed = next(p for p in found if p.text.startswith("Chủ tịch UBND xã trên cơ sở"))
    assert listed.label == "1."  # a Markdown ordered list keeps its number as a label
    signer = next(p for p in found if p.text.startswith("TM."))
    assert signer.text == "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    italic = next(p for p in found if "qua điều tra xã hội học" in p.text)
    assert [r.text for r in italic.runs if r.italic] == ["qua điều tra xã hội học"]


def test_markdown_tables_and_code_blocks():
    source = parse_markdown("| TT | Chỉ tiêu |\n|---|---|\n| 1 | **100%** |\n\n```\nmã\n```\n", "x.md")
    table = source.blocks[0]
    assert isinstance(table, Table)
    assert [[c.text for c in row] for row in table.rows] == [["TT", "Chỉ tiêu"], ["1", "100%"]]
    assert table.rows[1][1].paras[0].runs[0].bold
    assert source.skipped == (("dòng 5", "mã"),)
    assert table.where == "bảng 1 (dòng 1)"
