"""The printed register reads well: column widths from the text they hold, headings never broken inside a word,
Ghi chú wide enough to read, an empty year said in words, and column names in the terminal table."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn
from register_cli import cli, issue_two
from test_issuing import BC, KH, TB, fake_project, issue

from kehoach.register import issuing
from kehoach.register.book import (
    CELL_MARGIN_MM,
    COLUMN_TITLES,
    LINE_MM,
    column_widths,
    render_register_book,
)
from kehoach.rules.fontmetrics import text_width


@pytest.fixture
def rows(tmp_path):
    project = fake_project(tmp_path)
    issue(project, KH, dt.date(2024, 3, 5))
    issue(project, TB, dt.date(2024, 3, 20), skip_lint=True)
    issuing.cancel(project, "Văn bản ký nhầm thẩm quyền, ban hành lại bằng văn bản khác cùng nội dung", doc_id=TB)
    issue(project, BC, dt.date(2024, 4, 2))
    return issuing.register_rows(project, 2024)


def grid_mm(data: bytes) -> list[float]:
    (table,) = docx.Document(io.BytesIO(data)).tables
    return [int(g.get(qn("w:w"))) / 56.69 for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def test_widths_fill_the_line_and_no_heading_breaks_inside_a_word(rows):
    widths = grid_mm(render_register_book(rows, 2024, body="UBND xã Sơn Giang"))
    assert sum(widths) == pytest.approx(LINE_MM, abs=0.05)
    for title, width in zip(COLUMN_TITLES, widths, strict=True):
        widest = max(text_width(w, 11, True) for w in title.split()) / 56.69
        assert width - 2 * CELL_MARGIN_MM >= widest, title
    # "Số lượng bản" broke as "lượn-g" in a 13 mm column: its column now holds "lượng" whole.
    assert widths[6] - 2 * CELL_MARGIN_MM >= text_width("lượng", 11, True) / 56.69


def test_numbers_dates_and_notes_get_room_from_what_they_hold(rows):
    widths = column_widths([("01/KH-UBND", "05/03/2024", "Kế hoạch\nA", "B", "- C", "VT", "3", "", "",
                             "Ban hành không qua kiểm tra thể thức (3 lỗi, --bo-qua-kiem-tra)")])
    assert widths[0] - 2 * CELL_MARGIN_MM >= text_width("01/KH-UBND", 11, False) / 56.69
    assert widths[1] - 2 * CELL_MARGIN_MM >= text_width("05/03/2024", 11, False) / 56.69
    assert widths[9] >= 35  # Ghi chú: was 14 mm, too narrow to read
    assert widths[8] >= 22  # Ký nhận: room to sign


def test_long_texts_share_the_line_in_proportion():
    long = "Khắc phục những tồn tại, hạn chế trong công tác cải cách hành chính năm 2023 " * 3
    widths = column_widths([("01/KH-UBND", "05/03/2024", long, "Nguyễn Đức Thắng", "- UBND huyện Hương Sơn\n- X",
                             "Văn thư (VT)", "7", "", "", "")])
    assert sum(widths) == pytest.approx(LINE_MM)
    assert widths[2] == max(widths) and widths[4] > widths[3]


def test_an_empty_year_says_so_in_the_book_and_the_terminal(clerk, capsys, tmp_path):
    issue_two(capsys)
    code, out, _ = cli(capsys, "register", "--nam", "2023", "--out", tmp_path / "so-2023.docx")
    assert code == 0 and "Năm 2023 sổ chưa có văn bản nào được đăng ký." in out
    book = docx.Document(str(tmp_path / "so-2023.docx"))
    assert "Năm 2023 sổ chưa có văn bản nào được đăng ký." in [p.text for p in book.paragraphs]
    assert [c.text for c in book.tables[0].rows[0].cells] == list(COLUMN_TITLES)


def test_the_terminal_table_names_its_columns(clerk, capsys):
    issue_two(capsys)
    code, out, _ = cli(capsys, "register", "--nam", "2024")
    assert code == 0
    head = out.splitlines()[1]
    for name in ("(1) Số, ký hiệu", "(2) Ngày", "(3) Tên loại, trích yếu", "(4) Người ký", "(5) Nơi nhận",
                 "(7) Số bản", "(8) Ngày chuyển", "(9) Ký nhận", "(10) Ghi chú"):
        assert name in head


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice/poppler")
def test_printed_headings_keep_their_words_whole(rows, tmp_path):
    from kehoach.render.pdf import convert_to_pdf

    (tmp_path / "so.docx").write_bytes(render_register_book(rows, 2024, body="UBND xã Sơn Giang"))
    (pdf,) = convert_to_pdf([tmp_path / "so.docx"], tmp_path)
    text = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    words = set(text.split())
    for title in COLUMN_TITLES:
        for word in title.split():
            assert word in words, word  # a word broken across lines would be two pieces here
    for number in ("01/KH-UBND", "02/TB-UBND", "03/BC-UBND", "05/03/2024"):
        assert number in words
