"""Measuring printed text (rules.fontmetrics, rules.layout): widths, balanced titles, rule lengths, column spans."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kehoach.rules.fontmetrics import text_width
from kehoach.rules.layout import (
    TEXT_W,
    balanced,
    column_spans,
    longest_line,
    rule_length,
    wrap,
)

REPO = Path(__file__).resolve().parent.parent
FONTS = Path("/usr/share/fonts/truetype/liberation2")


@pytest.mark.parametrize("text, size, bold, twips", [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, True, 5424),  # measured on the font file before bundling
    ("Độc lập - Tự do - Hạnh phúc", 14, True, 3428),
    ("ỦY BAN NHÂN DÂN", 13, True, 2448),
])
def test_widths_are_those_of_times_new_roman(text, size, bold, twips):
    assert text_width(text, size, bold) == pytest.approx(twips, abs=1)


def test_decomposed_and_composed_text_measure_the_same():
    assert text_width("Hòa", 14) == text_width("Ho\u0300a", 14)
    assert text_width("abc", 14, italic=True) < text_width("abc", 14, bold=True)


@pytest.mark.skipif(not (FONTS / "LiberationSerif-Regular.ttf").is_file(), reason="fonts-liberation2 chưa cài")
def test_bundled_widths_match_the_font_files():
    pytest.importorskip("fontTools")
    spec = importlib.util.spec_from_file_location("make_font_widths", REPO / "tools" / "make_font_widths.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.render(tool.extract()) == (REPO / "kehoach" / "rules" / "times_widths.json").read_text(encoding="utf-8")


SEED_TITLE = ("Khắc phục những tồn tại, hạn chế trong công tác cải cách hành chính năm 2023, giải pháp nâng cao "
              "chỉ số cải cách hành chính năm 2024")


@pytest.mark.parametrize("title", [
    SEED_TITLE,
    "Báo cáo kết quả thực hiện Kế hoạch khắc phục tồn tại, hạn chế trong công tác cải cách hành chính quý I năm 2025",
    "Nâng cao Chỉ số cải cách hành chính những tháng cuối năm 2025 sau sắp xếp đơn vị hành chính cấp xã",
    "Phân công nhiệm vụ " * 12 + "năm 2025",
])
def test_balanced_titles_leave_no_word_alone(title):
    out = balanced(title, TEXT_W, 14, bold=True)
    lines = out.split("\n")
    assert " ".join(out.split()) == " ".join(title.split())
    assert len(lines) == len(wrap(title, TEXT_W * 0.97, 14, True))  # as many lines as it needs, no more
    assert all(len(ln.split()) >= 2 for ln in lines)
    widths = [text_width(ln, 14, True) for ln in lines]
    assert max(widths) <= TEXT_W and max(widths) - min(widths) < 0.2 * max(widths)


def test_a_title_one_word_too_long_is_cut_in_two_even_lines():
    words = ("Kết quả thực hiện Kế hoạch cải cách hành chính và chuyển đổi số của Ủy ban nhân dân xã " * 3).split()
    line: list[str] = []
    for word in words:  # a full line …
        if text_width(" ".join(line + [word]), 14, True) > TEXT_W * 0.97:
            break
        line.append(word)
    title = " ".join(line) + " 2025"  # … and one word more
    assert wrap(title, TEXT_W * 0.97, 14, True)[-1] == "2025"
    _, second = balanced(title, TEXT_W, 14, True).split("\n")
    assert len(second.split()) > 3 and second.endswith("2025")


@pytest.mark.parametrize("text", ["Kế hoạch ngắn", "Một dòng", "X"])
def test_one_line_titles_are_unchanged(text):
    assert balanced(text, TEXT_W, 14, True) == text


def test_markup_markers_take_no_room():
    assert longest_line(["**đậm** chữ"], TEXT_W, 14, True) == pytest.approx(text_width("đậm chữ", 14, True))


@pytest.mark.parametrize("width", [2448, 5000, 8273])
def test_rule_length_is_between_a_third_and_a_half(width):
    assert width / 3 <= rule_length(width) <= width / 2


@pytest.mark.parametrize("columns", [
    [["TT", "1", "2"], ["Chỉ tiêu", "Tỷ lệ hồ sơ giải quyết đúng hạn", "Số thủ tục trực tuyến toàn trình"],
     ["Năm 2025", "100%", "≥ 80%"]],
    [["TT", "1"], ["Nhiệm vụ", "Rà soát chức năng, nhiệm vụ của các phòng, ban, đơn vị " * 4],
     ["Vai trò", "Phối hợp"], ["Thời hạn", "Thường xuyên"], ["Sản phẩm", "Báo cáo rà soát " * 5]],
    [["A"], ["B"]],
])
def test_column_spans_fill_the_grid_and_keep_words_whole(columns):
    spans = column_spans(columns)
    assert sum(spans) == 50 and min(spans) >= 1
    unit = TEXT_W / 50
    for span, cells in zip(spans, columns):
        longest_word = max(text_width(w, 12, k == 0) for k, c in enumerate(cells) for w in c.split())
        assert span * unit >= longest_word + 170  # cell margins 85 + 85


def test_short_columns_stay_on_one_line():
    columns = [["TT", "1"], ["Nhiệm vụ", "Rà soát chức năng, nhiệm vụ của các phòng, ban, đơn vị " * 4],
               ["Vai trò", "Phối hợp"], ["Thời hạn", "Thường xuyên"]]
    spans = column_spans(columns)
    unit = TEXT_W / 50
    assert spans[2] * unit >= text_width("Phối hợp", 12) + 170
    assert spans[3] * unit >= text_width("Thường xuyên", 12) + 170
    assert spans[1] == max(spans)
