"""Tests of the ND 30 format checker: a clean document passes, each one-fault variant trips exactly its rule."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from docx import Document

sys.path.insert(0, str(Path(__file__).parent))

from lint_docs import DEFAULTS, build_plan  # noqa: E402

from kehoach.cli.main import main  # noqa: E402
from kehoach.errors import KehoachError  # noqa: E402
from kehoach.lint import ERROR, INFO, lint_docx, lint_template  # noqa: E402

REC = DEFAULTS["recipients"]

FAULTS = {
    "letter-paper": (dict(page=(12240, 15840)), "PAGE-1"),
    "left-margin-20mm": (dict(margins=dict(top=1134, bottom=1134, left=1134, right=850)), "PAGE-2"),
    "top-margin-30mm": (dict(margins=dict(top=1701, bottom=1134, left=1701, right=850)), "PAGE-2"),
    "arial-run": (dict(body_run_font="Arial"), "FONT-1"),
    "font-only-in-ascii-slot": (dict(normal_fonts=dict(ascii="Times New Roman")), "FONT-1"),
    "red-run": (dict(body_run_color="FF0000"), "FONT-1"),
    "national-not-bold": (dict(national_bold=False), "HDR-2"),
    "national-size-14": (dict(national_size=14), "HDR-2"),
    "national-misspelt": (dict(national="CỘNG HÒA XÃ HỘI CHỦ NGHỈA VIỆT NAM"), "HDR-2"),
    "motto-uppercase": (dict(motto="ĐỘC LẬP - TỰ DO - HẠNH PHÚC"), "HDR-3"),
    "motto-no-spaces": (dict(motto="Độc lập-Tự do-Hạnh phúc"), "HDR-3"),
    "motto-en-dash": (dict(motto="Độc lập – Tự do – Hạnh phúc"), "HDR-3"),
    "motto-no-rule": (dict(motto_rule=None), "HDR-3"),
    "motto-rule-too-long": (dict(motto_rule_indent=100), "HDR-3"),
    "motto-size-12": (dict(motto_size=12), "HDR-3"),
    "issuer-not-bold": (dict(issuer_bold=False), "HDR-4"),
    "issuer-lowercase": (dict(issuer=("Ủy ban nhân dân", "xã Sơn Giang")), "HDR-4"),
    "issuer-no-rule": (dict(issuer_rule=False), "HDR-4"),
    "number-unpadded": (dict(number="Số: 5/KH-UBND"), "HDR-5"),
    "number-no-colon": (dict(number="Số 05/KH-UBND"), "HDR-5"),
    "number-spaces-in-code": (dict(number="Số: 05/KH - UBND"), "HDR-5"),
    "number-one-group": (dict(number="Số: 05/KH"), "HDR-5"),
    "number-lowercase-issuer": (dict(number="Số: 05/KH-ubnd"), "HDR-5"),
    "number-size-14": (dict(number_size=14), "HDR-5"),
    "unknown-type-code": (dict(number="Số: 05/KHH-UBND"), "HDR-6"),
    "type-code-mismatch": (dict(number="Số: 05/BC-UBND"), "HDR-6"),
    "date-not-italic": (dict(date_italic=False), "HDR-7"),
    "date-day-unpadded": (dict(date="Sơn Giang, ngày 5 tháng 3 năm 2024"), "HDR-7"),
    "date-month-padded": (dict(date="Sơn Giang, ngày 05 tháng 03 năm 2024"), "HDR-7"),
    "date-impossible": (dict(date="Sơn Giang, ngày 30 tháng 02 năm 2024"), "HDR-7"),
    "title-not-bold": (dict(title_bold=False), "TTL-1"),
    "summary-no-rule": (dict(summary_rule=False), "TTL-1"),
    "body-left-aligned": (dict(body_align="left"), "BODY-1"),
    "body-no-first-line-indent": (dict(first_line=0), "BODY-1"),
    "body-zero-spacing": (dict(space_before=0), "BODY-1"),
    "body-12pt": (dict(body_size=12), "BODY-1"),
    "letters-skip-đ": (dict(letters=("a", "b", "c", "d", "e", "g")), "BODY-2"),
    "letter-f": (dict(letters=("a", "b", "c", "d", "đ", "e", "f")), "BODY-2"),
    "khoan-jump": (dict(khoan=(1, 2, 4)), "BODY-2"),
    "khoan-repeat": (dict(khoan=(1, 1, 2)), "BODY-2"),
    "signature-without-tm": (dict(authority=("ỦY BAN NHÂN DÂN", "CHỦ TỊCH")), "SIG-1"),
    "signature-lowercase": (dict(authority=("TM. Ủy ban nhân dân", "Chủ tịch")), "SIG-1"),
    "signature-prefix-no-dot": (dict(authority=("TM ỦY BAN NHÂN DÂN", "CHỦ TỊCH")), "SIG-1"),
    "signer-uppercase": (dict(signer="NGUYỄN VĂN AN"), "SIG-2"),
    "recipients-head-not-bold-italic": (dict(rec_head_bold=False, rec_head_italic=False), "REC-1"),
    "recipient-without-semicolon": (dict(recipients=("- Thường trực Đảng ủy xã",) + REC[1:]), "REC-1"),
    "last-recipient-not-luu": (dict(recipients=REC[:-1] + ("- Lưu VP;",)), "REC-1"),
    "luu-without-vt": (dict(recipients=REC[:-1] + ("- Lưu: VP.",)), "REC-1"),
    "no-page-number": (dict(page_number=None), "PGN-1"),
    "page-number-on-page-1": (dict(page_number="all-pages"), "PGN-1"),
    "appendix-label-uppercase-arabic": (dict(appendix_label="PHỤ LỤC 1"), "APP-1"),
    "appendix-not-referred-to": (dict(appendix_ref="trong Kế hoạch"), "APP-2"),
    "district-in-recipients-after-reform": (
        dict(date="Sơn Giang, ngày 05 tháng 8 năm 2025", recipients=("- UBND huyện Hương Sơn;",) + REC[1:]), "DATE-1"),
    "district-supervisor-after-reform": (
        dict(date="Sơn Giang, ngày 15 tháng 9 năm 2025", supervisor="UBND HUYỆN HƯƠNG SƠN"), "DATE-1"),
    "district-party-committee-after-reform": (
        dict(date="Sơn Giang, ngày 05 tháng 8 năm 2025", recipients=("- Huyện ủy Hương Sơn;",) + REC[1:]), "DATE-1"),
    "district-full-name-after-reform": (
        dict(date="Sơn Giang, ngày 15 tháng 9 năm 2025",
             recipients=("- Ủy ban nhân dân huyện Hương Sơn;",) + REC[1:]), "DATE-1"),
}

# Variants the decree allows: they must stay clean.
ALLOWED = {
    "hoa-old-spelling": dict(national="CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    "indent-1.27cm": dict(first_line=720),
    "national-13-motto-14": dict(national_size=13, motto_size=14, motto_rule_indent=1085),
    "motto-underlined": dict(motto_rule="underline"),
    "kt-deputy": dict(authority=("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")),
    "bare-position": dict(authority=("CHỦ TỊCH",)),
    "district-before-reform": dict(recipients=("- UBND huyện Hương Sơn;",) + REC[1:]),
    "supervisor-line": dict(supervisor="UBND TỈNH HÀ TĨNH"),
    "month-january-padded": dict(date="Sơn Giang, ngày 12 tháng 01 năm 2024"),
    "number-above-ten": dict(number="Số: 125/KH-UBND"),
    "issuer-code-with-digit": dict(number="Số: 05/KH-UBND2"),  # the register's rule (rules.numbering.CODE_FORM)
    "bare-luu": dict(recipients=REC[:-1] + ("- Lưu: VT.",)),
    # The "mẫu chữ" sample sizes of PL-I: Quốc hiệu 12, Tiêu ngữ 13, chủ quản/cơ quan 12, Số/date 13.
    "spec-sample-sizes": dict(supervisor="UBND HUYỆN HƯƠNG SƠN", issuer_size=12, national_size=12, motto_size=13,
                              number_size=13, date_size=13),
}


def _rules(findings, severities=(ERROR, "cảnh báo")):
    return {f.rule for f in findings if f.severity in severities}


def test_clean_document_has_no_finding(tmp_path):
    findings = lint_docx(build_plan(tmp_path / "clean.docx"))
    assert findings == []


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_each_fault_yields_its_rule_only(tmp_path, name):
    changes, rule = FAULTS[name]
    findings = lint_docx(build_plan(tmp_path / f"{name}.docx", **changes))
    assert _rules(findings) == {rule}, [str(f) for f in findings]
    assert all(f.message and f.required for f in findings)


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_allowed_variants_stay_clean(tmp_path, name):
    findings = lint_docx(build_plan(tmp_path / f"{name}.docx", **ALLOWED[name]))
    assert findings == [], [str(f) for f in findings]


def test_draft_blank_number_and_day_are_information_only(tmp_path):
    path = build_plan(tmp_path / "draft.docx", number="Số:      /KH-UBND",
                      date="Sơn Giang, ngày      tháng 3 năm 2024")
    findings = lint_docx(path)
    assert findings and all(f.severity == INFO for f in findings), [str(f) for f in findings]
    assert {f.rule for f in findings} == {"HDR-5", "HDR-7"}


def test_finding_locates_paragraph_by_number_and_first_words(tmp_path):
    findings = lint_docx(build_plan(tmp_path / "f.docx", number="Số: 5/KH-UBND"))
    (f,) = findings
    assert f.paragraph is not None and f.text.startswith("Số: 5/KH-UBND")
    assert f.found == "Số: 5/KH-UBND"


def test_repeated_body_faults_are_merged(tmp_path):
    findings = lint_docx(build_plan(tmp_path / "f.docx", body_size=12))
    assert len(findings) == 1
    assert "đoạn khác" in findings[0].message


def test_missing_file_and_non_docx_are_user_errors(tmp_path):
    with pytest.raises(KehoachError, match="không tìm thấy"):
        lint_docx(tmp_path / "nope.docx")
    junk = tmp_path / "junk.docx"
    junk.write_text("not a zip")
    with pytest.raises(KehoachError, match="không phải tệp Word"):
        lint_docx(junk)


def test_paragraph_style_chain_gives_formatting(tmp_path):
    """Bold/size coming from a paragraph style based on another style count as set."""
    doc = Document()
    base = doc.styles.add_style("KhBase", 1)
    base.font.size = 20
    child = doc.styles.add_style("KhChild", 1)
    child.base_style = base
    child.font.bold = True
    doc.add_paragraph("x", style="KhChild")
    doc.save(tmp_path / "s.docx")
    from kehoach.lint.ooxml import read_document

    (p,) = read_document(tmp_path / "s.docx").paragraphs
    assert p.runs[0].fmt.bold is True
    assert p.runs[0].fmt.size == 20 / 12700 / 2 * 2 or p.runs[0].fmt.size is not None


# ---------------------------------------------------------------- CLI

def test_cli_json_exit_1_on_error(tmp_path, capsys):
    bad = build_plan(tmp_path / "bad.docx", number="Số 05/KH-UBND")
    good = build_plan(tmp_path / "good.docx")
    code = main(["lint", "--json", str(bad), str(good)])
    rows = json.loads(capsys.readouterr().out)
    assert code == 1
    assert rows and {r["rule"] for r in rows} == {"HDR-5"}
    assert set(rows[0]) == {"file", "rule", "severity", "paragraph", "text", "found", "required", "message"}
    assert rows[0]["file"] == str(bad)


def test_cli_exit_0_on_clean_and_text_output(tmp_path, capsys):
    good = build_plan(tmp_path / "good.docx")
    assert main(["lint", str(good)]) == 0
    assert "Đạt" in capsys.readouterr().out


def test_cli_warnings_only_exit_0(tmp_path, capsys):
    path = build_plan(tmp_path / "w.docx", **FAULTS["district-supervisor-after-reform"][0])
    assert main(["lint", str(path)]) == 0
    assert "DATE-1" in capsys.readouterr().out


def test_cli_missing_file_message(tmp_path, capsys):
    assert main(["lint", str(tmp_path / "x.docx")]) == 1
    assert "không tìm thấy tệp" in capsys.readouterr().err


def test_cli_pdf_rejects_non_docx(tmp_path, capsys):
    txt = tmp_path / "a.txt"
    txt.write_text("x")
    assert main(["pdf", str(txt)]) == 1
    assert "chỉ nhận tệp .docx" in capsys.readouterr().err


# ---------------------------------------------------------------- templates

from lint_docs import build_template  # noqa: E402

CLEAN_TEMPLATE = [
    "{{ tieu_de }}",
    "{%p for t in nhiem_vu %}",
    "{{ t.ten }} – {{ t.thoi_han }}",
    "{%p endfor %}",
    "{% if ghi_chu %}Ghi chú: {{ ghi_chu }}{% endif %}",
]
KNOWN = {"tieu_de", "nhiem_vu", "ghi_chu"}

TEMPLATE_FAULTS = {
    "tag-split-across-runs": (["{{ tieu", "_de }}"], "TPL-1"),
    "tag-open-split": (["{", "{ tieu_de }}"], "TPL-1"),
    "curly-quotes-in-tag": ("{{ tieu_de or “Kế hoạch” }}", "TPL-2"),
    "two-p-tags-in-one-paragraph": ("{%p if ghi_chu %}{%p endif %}", "TPL-3"),
    "unbalanced-for": ("{% for x in nhiem_vu %}{{ x }}", "TPL-4"),
    "unbalanced-if": ("{% if ghi_chu %}có ghi chú", "TPL-4"),
    "stray-endif": ("{% endif %}", "TPL-4"),
    "unknown-variable": ("{{ nguoi_ky }}", "TPL-5"),
    "python-globals": ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "TPL-6"),
    "template-reference-context": ("{{ self._TemplateReference__context }}", "TPL-6"),
    "class-mro": ("{{ tieu_de.__class__.mro() }}", "TPL-6"),
    "mro-attribute": ("{{ tieu_de.mro }}", "TPL-6"),
    "func-globals": ("{% for t in nhiem_vu %}{{ t.ten.func_globals }}{% endfor %}", "TPL-6"),
    "attr-filter": ("{{ tieu_de|attr('__class__') }}", "TPL-6"),
    "subscript-dunder": ("{{ tieu_de['__class__'] }}", "TPL-6"),
    "map-attribute": ("{{ nhiem_vu|map(attribute='__class__')|list }}", "TPL-6"),
    "format-string": ("{{ '{0.__class__}'.format(tieu_de) }}", "TPL-6"),
    "private-in-condition": ("{% if tieu_de._private %}x{% endif %}", "TPL-6"),
}


def test_clean_template_has_no_finding(tmp_path):
    path = build_template(tmp_path / "t.docx", CLEAN_TEMPLATE)
    assert lint_template(path, KNOWN) == []
    assert lint_template(path) == []


@pytest.mark.parametrize("name", sorted(TEMPLATE_FAULTS))
def test_template_fault_yields_its_rule_only(tmp_path, name):
    extra, rule = TEMPLATE_FAULTS[name]
    path = build_template(tmp_path / "t.docx", CLEAN_TEMPLATE + [extra])
    findings = lint_template(path, KNOWN)
    assert {f.rule for f in findings} == {rule}, [str(f) for f in findings]
    assert all(f.paragraph == len(CLEAN_TEMPLATE) + 1 for f in findings if f.rule != "TPL-5" or f.paragraph)


def test_unknown_variables_not_checked_without_known_set(tmp_path):
    path = build_template(tmp_path / "t.docx", CLEAN_TEMPLATE + ["{{ nguoi_ky }}"])
    assert lint_template(path) == []


def test_cli_lint_template(tmp_path, capsys):
    # The CLI checks names against what kehoach's documents provide (so `tieu_de` is unknown there).
    path = build_template(tmp_path / "t.docx", ["{{ trich_yeu }}", ["{{ nguoi", "_ky }}"], "{{ tieu_de }}"])
    assert main(["lint-template", "--json", str(path)]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert sorted(r["rule"] for r in rows) == ["TPL-1", "TPL-5"]


def test_lint_on_a_template_says_to_use_lint_template(tmp_path):
    path = build_template(tmp_path / "t.docx", CLEAN_TEMPLATE)
    (f,) = lint_docx(path, spot_templates=True)
    assert f.rule == "TPL-0" and "lint-template" in f.message
    # As the gate of build and issue, the checker never steps aside: every rule runs.
    assert "TPL-0" not in {f.rule for f in lint_docx(path)}
    assert len(lint_docx(path)) > 1


@pytest.mark.parametrize("text", ["Kết quả {{ 7*7 }} điểm", "{% if %} chưa rõ", "{{ }}", "{%p endfor %}"])
def test_braces_in_prose_do_not_make_a_template(tmp_path, text):
    """Only tags Jinja parses and that use a variable make a file a template, even for `lint`."""
    path = build_plan(tmp_path / "a.docx", extra_body_paragraphs=(text,))
    assert lint_docx(path, spot_templates=True) == lint_docx(path) == []


def test_python_internals_are_found_in_footers_and_across_paragraphs(tmp_path):
    path = build_template(tmp_path / "t.docx", CLEAN_TEMPLATE + ["{{ tieu_de.", "__class__ }}"])
    doc = Document(str(path))
    doc.sections[0].footer.paragraphs[0].text = "{{ ghi_chu.__init__.__globals__ }}"
    doc.save(str(path))
    findings = lint_template(path, KNOWN)
    names = {f.found for f in findings if f.rule == "TPL-6"}
    assert {"__init__", "__globals__", "__class__"} <= names, [str(f) for f in findings]
    assert all(f.is_error for f in findings if f.rule == "TPL-6")
