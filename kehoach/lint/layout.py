"""Layout checks on the printed form: LibreOffice → PDF, then word boxes (`pdftotext -bbox-layout`) and rules (`pdftocairo -svg`).

LAYOUT-1 signature block (quyền hạn, họ tên) on another page than "Nơi nhận:";
LAYOUT-2 Quốc hiệu wrapped onto two lines;
LAYOUT-3 rule under the Tiêu ngữ not as long as the motto, or rule under the issuing body not 1/3–1/2 of it.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import KehoachError
from ..messages import tool_reason
from ..render.pdf import convert_to_pdf
from .checker import open_docx
from .findings import ERROR, WARNING, Finding, snippet
from .ooxml import Line
from .structure import Parts, locate

POPPLER_HINT = ("Chưa cài poppler-utils (pdftotext, pdftocairo) nên không kiểm tra được cách dàn trang. "
                "Cài bằng lệnh: sudo apt-get install poppler-utils")


@dataclass(frozen=True)
class Word:
    page: int
    line: int  # running line number across the document
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def tools_available() -> bool:
    return all(shutil.which(t) for t in ("pdftotext", "pdftocairo"))


def lint_pdf_layout(docx_paths: list[Path], work_dir: Path) -> dict:
    """Return {path: [Finding]} of the layout rules for each .docx, converting all of them in one LibreOffice run.

    Raise KehoachError when LibreOffice or poppler-utils is missing.
    """
    return {src: check_pdf(src, pdf) for src, pdf in render_pdfs(docx_paths, work_dir).items()}


def render_pdfs(docx_paths: list[Path], work_dir: Path) -> dict[Path, Path]:
    """Return {path: its PDF in `work_dir`} for each .docx, converted in one LibreOffice run.

    Raise KehoachError when a file is not a .docx, or LibreOffice or poppler-utils is missing.
    """
    if not tools_available():
        raise KehoachError(POPPLER_HINT)
    docx_paths = [Path(p) for p in docx_paths]
    for p in docx_paths:
        open_docx(p)  # user errors before the slow conversion
    pdfs = convert_to_pdf(docx_paths, Path(work_dir) / "pdf")  # a shared name gets a folder of its own
    return dict(zip(docx_paths, pdfs))


def check_pdf(docx_path: Path, pdf_path: Path) -> list[Finding]:
    """Return the layout findings of the PDF rendering `pdf_path` of `docx_path`."""
    parts = locate(open_docx(docx_path))
    words = read_words(pdf_path)
    rules = read_rules(pdf_path, page=1)
    findings = []
    findings += _signature_split(parts, words)
    findings += _national_wrapped(parts, words)
    findings += _rule_lengths(parts, words, rules)
    return findings


def read_words(pdf_path: Path) -> list[Word]:
    done = subprocess.run(["pdftotext", "-bbox-layout", str(pdf_path), "-"], capture_output=True)
    if done.returncode != 0:
        raise KehoachError(f"pdftotext không đọc được {pdf_path.name}: {tool_reason(done.stderr)}")
    root = etree.fromstring(done.stdout, etree.XMLParser(recover=True))
    words = []
    line_no = 0
    for page_no, page in enumerate(root.iter("{*}page"), start=1):
        for line in page.iter("{*}line"):
            line_no += 1
            for w in line.iter("{*}word"):
                words.append(Word(page_no, line_no, float(w.get("xMin")), float(w.get("yMin")),
                                  float(w.get("xMax")), float(w.get("yMax")), w.text or ""))
    return words


_MATRIX = re.compile(r"matrix\(([^)]*)\)")
_HLINE = re.compile(r"^M\s*([-\d.]+)\s+([-\d.]+)\s+L\s*([-\d.]+)\s+([-\d.]+)\s*$")


def read_rules(pdf_path: Path, page: int) -> list[tuple[float, float, float]]:
    """Return the horizontal stroked lines of `page` as (x0, x1, y) in points, y from the top."""
    out_svg = pdf_path.with_suffix(f".p{page}.svg")
    done = subprocess.run(["pdftocairo", "-svg", "-f", str(page), "-l", str(page), str(pdf_path), str(out_svg)],
                          capture_output=True)
    if done.returncode != 0 or not out_svg.exists():
        return []
    root = etree.parse(str(out_svg), etree.XMLParser(recover=True, huge_tree=True)).getroot()
    found = set()
    for path in root.iter("{*}path"):
        style = path.get("style", "")
        if "stroke:none" in style or "stroke" not in style:
            continue
        m = _HLINE.match((path.get("d") or "").strip())
        if not m:
            continue
        x0, y0, x1, y1 = map(float, m.groups())
        a, b, c, d, e, f = 1, 0, 0, 1, 0, 0
        t = _MATRIX.search(path.get("transform", ""))
        if t:
            a, b, c, d, e, f = map(float, re.split(r"[ ,]+", t.group(1).strip()))
        X0, Y0 = a * x0 + c * y0 + e, b * x0 + d * y0 + f
        X1, Y1 = a * x1 + c * y1 + e, b * x1 + d * y1 + f
        if abs(Y0 - Y1) < 0.5 and abs(X1 - X0) > 5:
            found.add((round(min(X0, X1), 1), round(max(X0, X1), 1), round(Y0, 1)))
    return sorted(found, key=lambda r: (r[2], r[0]))


def _find_line(words: list[Word], text: str, start: int = 0) -> list[Word]:
    """Return the words of the first PDF line (from word `start`) that begins with the words of `text`."""
    target = text.split()
    if not target:
        return []
    for i in range(start, len(words)):
        if words[i].text != target[0]:
            continue
        seq = words[i:i + len(target)]
        if [w.text for w in seq] == target:
            return seq
    return []


def _at(rule, severity, line: Line | None, message, found="", required="") -> Finding:
    if line is None:
        return Finding(rule, severity, message, found, required)
    return Finding(rule, severity, message, found, required, line.para.index, snippet(line.text))


def _signature_split(parts: Parts, words: list[Word]) -> list[Finding]:
    if not parts.recipients or not parts.signature:
        return []
    rec = _find_line(words, parts.recipients[0].text)
    sig_lines = [ln for p in parts.signature for ln in p.lines() if ln.text]
    if not rec or not sig_lines:
        return []
    pages = {}
    for ln in (sig_lines[0], sig_lines[-1]):
        found = _find_line(words, ln.text)
        if found:
            pages[ln.text] = found[0].page
    rec_page = rec[0].page
    out = []
    for text, page in pages.items():
        if page != rec_page:
            line = next(ln for ln in sig_lines if ln.text == text)
            out.append(_at("LAYOUT-1", ERROR, line, "phần chữ ký bị tách khỏi «Nơi nhận:» sang trang khác",
                           f"«Nơi nhận:» ở trang {rec_page}, dòng này ở trang {page}",
                           "quyền hạn, chức vụ, họ tên người ký cùng trang với «Nơi nhận:»"))
    return out[:1]


def _national_wrapped(parts: Parts, words: list[Word]) -> list[Finding]:
    if parts.national is None:
        return []
    target = parts.national.text.split()
    first = next((i for i, w in enumerate(words) if w.page == 1 and w.text == target[0]), None)
    if first is None:
        return []
    seq = words[first:first + len(target)]
    lines = {w.line for w in seq}
    if len(lines) > 1:
        return [_at("LAYOUT-2", ERROR, parts.national, "Quốc hiệu bị xuống dòng (tách thành hai dòng)",
                    f"{len(lines)} dòng", "một dòng (nới rộng cột phải hoặc dùng cỡ chữ 12)")]
    return []


def _rule_lengths(parts: Parts, words: list[Word], rules: list) -> list[Finding]:
    out = []
    checks = [(parts.motto, 0.9, 1.1, "HDR-3")]
    if parts.body_names:
        checks.append((parts.body_names[-1], 1 / 3 - 0.05, 0.5 + 0.05, "HDR-4"))
    for line, lo, hi, _ in checks:
        if line is None:
            continue
        seq = [w for w in _find_line(words, line.text) if w.page == 1]
        if not seq:
            continue
        x0, x1 = min(w.x0 for w in seq), max(w.x1 for w in seq)
        y = max(w.y1 for w in seq)
        if line is not parts.motto:  # the issuing body may wrap: compare with its widest line
            widths = []
            for ln in parts.body_names:
                s = [w for w in _find_line(words, ln.text) if w.page == 1]
                if s:
                    widths.append(max(w.x1 for w in s) - min(w.x0 for w in s))
            text_w = max(widths or [x1 - x0])
        else:
            text_w = x1 - x0
        centre = (x0 + x1) / 2
        below = [r for r in rules if y - 2 <= r[2] <= y + 16 and r[0] <= centre <= r[1]]
        if not below:
            continue
        rx0, rx1, _ = below[0]
        ratio = (rx1 - rx0) / text_w if text_w else 1
        if not lo <= ratio <= hi:
            what = "Tiêu ngữ" if line is parts.motto else "tên cơ quan ban hành"
            want = "bằng độ dài dòng Tiêu ngữ" if line is parts.motto else "1/3–1/2 độ dài dòng chữ"
            out.append(_at("LAYOUT-3", WARNING, line, f"đường kẻ dưới {what} dài không đúng trên bản in",
                           f"đường kẻ {(rx1 - rx0) / 72 * 2.54:.1f} cm, dòng chữ {text_w / 72 * 2.54:.1f} cm "
                           f"({ratio:.0%})", want))
    return out
