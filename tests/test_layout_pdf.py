"""PDF layout checks (LibreOffice + poppler-utils): signature split from Nơi nhận, Quốc hiệu wrapped, rule lengths."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from lint_docs import build_plan  # noqa: E402

from kehoach.cli.main import main  # noqa: E402
from kehoach.lint.layout import lint_pdf_layout, tools_available  # noqa: E402
from kehoach.render.pdf import find_libreoffice  # noqa: E402

pytestmark = pytest.mark.skipif(find_libreoffice() is None or not tools_available(),
                                reason="cần LibreOffice và poppler-utils (pdftotext, pdftocairo)")

FILLER = "Nội dung bổ sung."


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    """Convert every test document in one LibreOffice run; return {name: (docx, findings)}."""
    d = tmp_path_factory.mktemp("layout")
    docs = {
        "clean": build_plan(d / "clean.docx"),
        "national-wraps": build_plan(d / "wrap.docx", band_widths=(4800, 4555), national_size=13),
        "motto-rule-too-long": build_plan(d / "long.docx", motto_rule_indent=100),
    }
    # Where the page ends depends on the renderer's metrics: try a few body lengths around the
    # one that pushes the signer's name to the next page.
    for n in range(7, 14):
        docs[f"split-{n}"] = build_plan(d / f"split-{n}.docx", extra_body_paragraphs=(FILLER,) * n)
    found = lint_pdf_layout(list(docs.values()), d / "work")
    return {name: (path, found[path]) for name, path in docs.items()}


def _rules(findings):
    return {f.rule for f in findings}


def test_clean_document_has_no_layout_finding(layout):
    assert layout["clean"][1] == []


def test_national_name_wrapping_is_found(layout):
    assert "LAYOUT-2" in _rules(layout["national-wraps"][1])


def test_rule_longer_than_motto_is_found(layout):
    (f,) = [f for f in layout["motto-rule-too-long"][1]]
    assert f.rule == "LAYOUT-3" and f.text.startswith("Độc lập")


def _pages_text(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    return out.split("\f")


def test_signature_split_from_recipients_is_found(layout, tmp_path):
    flagged = [name for name, (_, f) in layout.items() if name.startswith("split-") and "LAYOUT-1" in _rules(f)]
    assert flagged, "no body length split the signature block"
    assert set(_rules(layout[flagged[0]][1])) == {"LAYOUT-1"}
    # Independent confirmation on the PDF text: "Nơi nhận:" and the signer's name on different pages.
    from kehoach.render.pdf import convert_to_pdf

    for name, (docx, findings) in layout.items():
        if not name.startswith("split-"):
            continue
        (pdf,) = convert_to_pdf([docx], tmp_path / name)
        pages = _pages_text(pdf)
        rec_page = next(i for i, t in enumerate(pages) if "Nơi nhận:" in t)
        name_page = next(i for i, t in enumerate(pages) if "Nguyễn Văn An" in t)
        assert ("LAYOUT-1" in _rules(findings)) == (rec_page != name_page), name


def test_cli_lint_pdf(layout, capsys):
    docx = layout["national-wraps"][0]
    code = main(["lint", "--pdf", "--json", str(docx)])
    out = capsys.readouterr().out
    assert code == 1 and "LAYOUT-2" in out


def test_cli_lint_pdf_counts_pages_on_the_rendering(tmp_path, capsys):
    """A decision the estimate puts just past one page (a warning) prints on two: with --pdf, page numbers are due."""
    import json

    from word_docs import build_decision, more_articles

    path = build_decision(tmp_path / "qd.docx", articles=more_articles(3))
    main(["lint", "--json", str(path)])
    estimated = [f for f in json.loads(capsys.readouterr().out) if f["rule"] == "PGN-1"]
    assert [f["severity"] for f in estimated] == ["cảnh báo"]
    code = main(["lint", "--pdf", "--json", str(path)])
    rendered = [f for f in json.loads(capsys.readouterr().out) if f["rule"] == "PGN-1"]
    assert code == 1 and [f["severity"] for f in rendered] == ["lỗi"] and "2 trang" in rendered[0]["message"]
