"""The checker knows a Quyết định and a công văn made in Word: their parts, their rules, and when a page
number is due (from a LibreOffice page count, or the estimate)."""
from __future__ import annotations

import pytest
from word_docs import build_decision, build_letter, build_sloppy_letter, more_articles

from kehoach.lint import lint_docx
from kehoach.lint.checker import open_docx
from kehoach.lint.pages import estimated_pages
from kehoach.lint.structure import locate


def errors(path, **kw):
    return [f for f in lint_docx(path, **kw) if f.severity == "lỗi"]


def rules_of(findings):
    return sorted({f.rule for f in findings})


def test_a_correct_one_page_decision_of_the_chairman_has_no_error(tmp_path):
    path = build_decision(tmp_path / "qd.docx")
    assert errors(path) == []
    parts = locate(open_docx(path))
    assert parts.title.text == "QUYẾT ĐỊNH"
    assert [ln.text for ln in parts.summary] == ["Về việc khen thưởng thành tích cải cách hành chính năm 2023"]
    assert parts.authority_line.text == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ SƠN GIANG"
    assert [p.text[:10] for p in parts.bases] == ["Căn cứ Luậ", "Căn cứ Luậ", "Căn cứ Ngh", "Theo đề ng"]
    assert parts.enacting.text == "QUYẾT ĐỊNH:"
    assert [p.text[:7] for p in parts.body] == ["Điều 1.", "Điều 2.", "Điều 3."]


def test_a_correct_letter_has_no_error(tmp_path):
    path = build_letter(tmp_path / "cv.docx")
    assert errors(path) == []
    parts = locate(open_docx(path))
    assert parts.title is None
    assert parts.subject_cv.text.startswith("V/v tổ chức Hội nghị")
    assert [ln.text for ln in parts.kinh_gui] == ["Kính gửi: Các công chức chuyên môn Ủy ban nhân dân xã."]


def test_upright_bases_of_a_decision_are_an_error(tmp_path):
    found = errors(build_decision(tmp_path / "qd.docx", bases_italic=False))
    assert rules_of(found) == ["BODY-3"]
    assert all("căn cứ ban hành: phải in nghiêng" in f.message for f in found)


def test_a_plans_opening_can_cu_paragraph_stays_body_text(tmp_path):
    from lint_docs import build_plan

    parts = locate(open_docx(build_plan(tmp_path / "kh.docx")))
    assert parts.bases == [] and parts.enacting is None
    assert parts.body[0].text.startswith("Căn cứ Kế hoạch số 12/KH-UBND")


def test_articles_out_of_order_are_named(tmp_path):
    articles = (("Điều 1. ", "Một."), ("Điều 3. ", "Ba./."))
    found = errors(build_decision(tmp_path / "qd.docx", articles=articles))
    assert [(f.rule, f.found, f.required) for f in found] == [("BODY-2", "Điều 3.", "Điều 2.")]


@pytest.mark.parametrize("extra, severity", [(0, None), (2, None), (3, "cảnh báo"), (4, "lỗi")])
def test_page_numbers_are_due_only_past_the_first_page(tmp_path, extra, severity):
    # LibreOffice 7 puts these on 1, 1, 2 and 2 pages; the estimates are 0.80, 0.95, 1.02 and 1.10.
    path = build_decision(tmp_path / "qd.docx", articles=more_articles(extra))
    found = [f for f in lint_docx(path) if f.rule == "PGN-1"]
    assert [f.severity for f in found] == ([severity] if severity else [])


def test_a_rendered_page_count_overrides_the_estimate(tmp_path):
    path = build_decision(tmp_path / "qd.docx", articles=more_articles(2))
    assert [f.rule for f in lint_docx(path, pages=1) if f.rule == "PGN-1"] == []
    (found,) = [f for f in lint_docx(path, pages=2) if f.rule == "PGN-1"]
    assert found.severity == "lỗi" and "2 trang" in found.message
    numbered = build_decision(tmp_path / "qd2.docx", articles=more_articles(4), page_numbers=True)
    assert [f for f in lint_docx(numbered, pages=2) if f.rule == "PGN-1"] == []


def test_the_estimate_tracks_length(tmp_path):
    short = estimated_pages(open_docx(build_decision(tmp_path / "a.docx")))
    longer = estimated_pages(open_docx(build_decision(tmp_path / "b.docx", articles=more_articles(6))))
    assert 0.6 < short < 0.9 and 1.15 < longer < 1.4


def test_a_sloppy_letter_gets_its_format_findings(tmp_path):
    found = errors(build_sloppy_letter(tmp_path / "cv.docx"))
    assert rules_of(found) == ["BODY-1", "FONT-1", "HDR-7", "PAGE-2", "REC-1", "TTL-2"]
