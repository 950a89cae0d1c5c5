"""ND 30/2020 format tests for the three Word templates (templates/*.docx).

Each template is rendered with docxtpl (autoescaping + StrictUndefined, as the
real builder does) from the hand-made contexts in tests/template_context.py,
then the result is opened with python-docx and its *effective* formatting is
checked: run rPr -> character style -> paragraph style chain -> docDefaults.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import jinja2
import pytest
from docx import Document
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TEMPLATES = ROOT / "templates"
sys.path.insert(0, str(HERE))

import template_context as tc  # noqa: E402

KINDS = ("ke-hoach", "bao-cao-quy", "thong-bao-phan-cong")
WITH_APPENDIX = ("ke-hoach", "bao-cao-quy")
TNR = "Times New Roman"
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")
TEXT_W, TEXT_W_LANDSCAPE = 9355, 14287


def _load_generator():
    spec = importlib.util.spec_from_file_location(
        "make_templates", ROOT / "tools" / "make_templates.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def render(kind, tmp_path, ctx=None):
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    tpl = DocxTemplate(str(TEMPLATES / f"{kind}.docx"))
    tpl.render(ctx if ctx is not None else tc.CONTEXTS[kind](), env)
    out = tmp_path / f"{kind}.docx"
    tpl.save(str(out))
    return Document(str(out))


@pytest.fixture(scope="module", params=KINDS)
def rendered(request, tmp_path_factory):
    kind = request.param
    return kind, render(kind, tmp_path_factory.mktemp(kind))


# ------------------------------------------------------ effective formats --
class Fmt:
    """Resolve effective run properties the way Word does (no themes used)."""

    def __init__(self, doc):
        st = doc.styles.element
        self.styles = {s.get(qn("w:styleId")): s for s in st.findall(qn("w:style"))}
        self.defaults = st.find(qn("w:docDefaults"))

    def _chain(self, sid):
        while sid:
            s = self.styles.get(sid)
            if s is None:
                return
            yield s
            based = s.find(qn("w:basedOn"))
            sid = based.get(qn("w:val")) if based is not None else None

    def _para_style(self, p):
        ps = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        return ps.get(qn("w:val")) if ps is not None else "Normal"

    def rpr_chain(self, p, r=None):
        chain = []
        if r is not None:
            chain.append(r.find(qn("w:rPr")))
            rs = r.find(qn("w:rPr") + "/" + qn("w:rStyle"))
            if rs is not None:
                chain += [s.find(qn("w:rPr")) for s in self._chain(rs.get(qn("w:val")))]
        chain += [s.find(qn("w:rPr")) for s in self._chain(self._para_style(p))]
        chain.append(self.defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr")))
        return [c for c in chain if c is not None]

    def ppr_chain(self, p):
        chain = [p.find(qn("w:pPr"))]
        chain += [s.find(qn("w:pPr")) for s in self._chain(self._para_style(p))]
        chain.append(self.defaults.find(qn("w:pPrDefault") + "/" + qn("w:pPr")))
        return [c for c in chain if c is not None]

    def size(self, p, r=None):
        for rpr in self.rpr_chain(p, r):
            sz = rpr.find(qn("w:sz"))
            if sz is not None:
                return int(sz.get(qn("w:val"))) / 2
        return 10.0

    def flag(self, p, tag, r=None):
        for rpr in self.rpr_chain(p, r):
            el = rpr.find(qn(tag))
            if el is not None:
                return el.get(qn("w:val"), "true") not in ("0", "false", "off")
        return False

    def font(self, p, slot, r=None):
        for rpr in self.rpr_chain(p, r):
            f = rpr.find(qn("w:rFonts"))
            if f is not None and f.get(qn(slot)):
                return f.get(qn(slot))
        return None

    def pprop(self, p, tag, attr=None):
        for ppr in self.ppr_chain(p):
            el = ppr.find(qn(tag))
            if el is not None:
                if attr is None:
                    return el
                if el.get(qn(attr)) is not None:
                    return el.get(qn(attr))
        return None

    def jc(self, p):
        return self.pprop(p, "w:jc", "w:val") or "left"

    def check_runs(self, p, *, size, bold=None, italic=None):
        runs = p.findall(qn("w:r"))
        assert runs, "paragraph has no runs"
        for r in runs:
            assert self.size(p, r) == size, (_text(p), self.size(p, r), size)
            if bold is not None:
                assert self.flag(p, "w:b", r) is bold, _text(p)
            if italic is not None:
                assert self.flag(p, "w:i", r) is italic, _text(p)
            for slot in ("w:ascii", "w:hAnsi", "w:cs"):
                assert self.font(p, slot, r) == TNR, (_text(p), slot)


def _text(el):
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def _paras(el):
    return list(el.iter(qn("w:p")))


def _find_p(doc, text, start=False):
    for p in _paras(doc.element.body):
        t = _text(p)
        if (t.startswith(text) if start else t == text):
            return p
    raise AssertionError(f"paragraph {text!r} not found")


def _tables(doc):
    return doc.element.body.findall(qn("w:tbl"))


def _rows(tbl):
    return tbl.findall(qn("w:tr"))


def _cells(tr):
    return tr.findall(qn("w:tc"))


def _borders_nil(tbl):
    b = tbl.find(qn("w:tblPr") + "/" + qn("w:tblBorders"))
    assert b is not None
    sides = {c.tag.split("}")[1]: c.get(qn("w:val")) for c in b}
    assert set(sides) >= {"top", "left", "bottom", "right", "insideH", "insideV"}
    assert all(v in ("nil", "none") for v in sides.values()), sides


def _grid(tbl):
    return [int(g.get(qn("w:w"))) for g in tbl.iter(qn("w:gridCol"))]


# ------------------------------------------------------------- contracts --
@pytest.mark.parametrize("kind", KINDS)
def test_declared_variables_subset_of_contract(kind):
    tpl = DocxTemplate(str(TEMPLATES / f"{kind}.docx"))
    declared = tpl.get_undeclared_template_variables()
    assert declared <= tc.CONTRACT_KEYS[kind]
    assert declared == tc.CONTRACT_KEYS[kind]  # every contract key is used


@pytest.mark.parametrize("kind", KINDS)
def test_context_fixture_matches_contract(kind):
    assert set(tc.CONTEXTS[kind]()) == tc.CONTRACT_KEYS[kind]


def test_generator_is_deterministic_and_up_to_date():
    gen = _load_generator()
    for kind in KINDS:
        first, second = gen.build(kind), gen.build(kind)
        assert first == second, kind
        assert (TEMPLATES / f"{kind}.docx").read_bytes() == first, (
            f"templates/{kind}.docx is stale: run python tools/make_templates.py")


def test_rule_constants_fit_columns():
    gen = _load_generator()
    # Quốc hiệu (bold 13 = 5424 tw measured) must fit the right column
    assert 5424 < gen.HDR_RIGHT_W
    assert gen.HDR_LEFT_W + gen.HDR_RIGHT_W == TEXT_W
    assert gen.SIG_LEFT_W + gen.SIG_RIGHT_W == TEXT_W
    assert 2448 / 3 <= gen.BODY_RULE_W <= 2448 / 2


# ---------------------------------------------------------- page & fonts --
def test_page_setup(rendered):
    kind, doc = rendered
    secs = doc.sections
    assert len(secs) == (2 if kind in WITH_APPENDIX else 1)
    s = secs[0]._sectPr
    sz = s.find(qn("w:pgSz"))
    assert (sz.get(qn("w:w")), sz.get(qn("w:h"))) == ("11906", "16838")
    assert sz.get(qn("w:orient")) in (None, "portrait")
    for sec in secs:
        m = sec._sectPr.find(qn("w:pgMar"))
        assert int(m.get(qn("w:top"))) == 1134
        assert int(m.get(qn("w:bottom"))) == 1134
        assert int(m.get(qn("w:left"))) == 1701
        assert int(m.get(qn("w:right"))) == 850
        assert 500 <= int(m.get(qn("w:header"))) <= 720
    if kind in WITH_APPENDIX:
        a = secs[1]._sectPr
        sz = a.find(qn("w:pgSz"))
        assert (sz.get(qn("w:w")), sz.get(qn("w:h"))) == ("16838", "11906")
        assert sz.get(qn("w:orient")) == "landscape"
        assert a.find(qn("w:type")) is None or \
            a.find(qn("w:type")).get(qn("w:val")) == "nextPage"
        assert a.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_fonts_in_defaults_and_styles(rendered):
    _, doc = rendered
    st = doc.styles.element
    rpr = st.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    f = rpr.find(qn("w:rFonts"))
    for slot in FONT_SLOTS:
        assert f.get(qn(slot)) == TNR, slot
    assert not [a for a in f.attrib if "Theme" in a or "theme" in a]
    assert rpr.find(qn("w:sz")).get(qn("w:val")) == "28"
    assert rpr.find(qn("w:color")).get(qn("w:val")) == "auto"
    assert rpr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    kh = [s for s in st.findall(qn("w:style"))
          if s.find(qn("w:name")).get(qn("w:val")).startswith("KH ")]
    assert len(kh) >= 20
    for s in kh:
        f = s.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        for slot in FONT_SLOTS:
            assert f.get(qn(slot)) == TNR, (s.get(qn("w:styleId")), slot)
    # no theme fonts anywhere in the styles part
    assert "Theme=" not in doc.styles.element.xml.replace("themeFontLang", "")


def test_every_run_times_new_roman_and_no_leftover_tags(rendered):
    _, doc = rendered
    fmt = Fmt(doc)
    body = doc.element.body
    for p in _paras(body):
        for r in p.findall(qn("w:r")):
            for slot in ("w:ascii", "w:hAnsi", "w:cs"):
                assert fmt.font(p, slot, r) == TNR
    xml = body.xml
    assert "{%" not in xml and "{{" not in xml and "%}" not in xml


# -------------------------------------------------------------- header --
def test_header_band(rendered):
    kind, doc = rendered
    ctx = tc.CONTEXTS[kind]()
    fmt = Fmt(doc)
    hdr = _tables(doc)[0]
    _borders_nil(hdr)
    assert hdr.find(qn("w:tblPr") + "/" + qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    left_w, right_w = _grid(hdr)
    assert left_w + right_w == TEXT_W
    assert 3402 <= left_w <= 3686 and 5670 <= right_w <= 5953
    r1, r2 = _rows(hdr)
    left, right = _cells(r1)
    lp = [p for p in _paras(left) if _text(p)]
    assert [_text(p) for p in lp] == [ctx["chu_quan"], *ctx["co_quan"]]
    fmt.check_runs(lp[0], size=13, bold=False)
    for p in lp[1:]:
        fmt.check_runs(p, size=13, bold=True)
        assert fmt.jc(p) == "center"
    rp = [p for p in _paras(right) if _text(p)]
    assert [_text(p) for p in rp] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                       "Độc lập - Tự do - Hạnh phúc"]
    fmt.check_runs(rp[0], size=13, bold=True)
    fmt.check_runs(rp[1], size=14, bold=True)
    # rules: an empty paragraph with a top border follows each block
    for cell in (left, right):
        last = _paras(cell)[-1]
        assert _text(last) == ""
        top = fmt.pprop(last, "w:pBdr")
        assert top is not None and top.find(qn("w:top")).get(qn("w:val")) == "single"
    # row 2: Số and date on the same row
    so_c, date_c = _cells(r2)
    so_p = [p for p in _paras(so_c) if _text(p)]
    date_p = [p for p in _paras(date_c) if _text(p)]
    assert [_text(p) for p in so_p] == [ctx["so"]]
    assert [_text(p) for p in date_p] == [ctx["dia_danh_ngay"]]
    fmt.check_runs(so_p[0], size=13, bold=False, italic=False)
    fmt.check_runs(date_p[0], size=14, italic=True, bold=False)
    assert fmt.jc(so_p[0]) == fmt.jc(date_p[0]) == "center"
    for p in _paras(hdr):
        assert fmt.pprop(p, "w:spacing", "w:lineRule") in ("auto", "exact")


def test_rule_lengths(rendered):
    _, doc = rendered
    fmt = Fmt(doc)
    gen = _load_generator()
    hdr = _tables(doc)[0]
    left, right = _cells(_rows(hdr)[0])

    def length(p, avail):
        left_i = int(fmt.pprop(p, "w:ind", "w:left"))
        right_i = int(fmt.pprop(p, "w:ind", "w:right"))
        assert abs(left_i - right_i) <= 1  # centred
        return avail - left_i - right_i

    assert length(_paras(right)[-1], right_w := _grid(hdr)[1]) == gen.MOTTO_RULE_W
    assert right_w > 0
    body_rule = length(_paras(left)[-1], _grid(hdr)[0])
    assert 2448 / 3 <= body_rule <= 2448 / 2
    ty_rule = next(p for p in _paras(doc.element.body)
                   if fmt.pprop(p, "w:pBdr") is not None
                   and fmt._para_style(p) == "KHKeTrichYeu")
    assert 2835 <= length(ty_rule, TEXT_W) <= 3402  # 5.0-6.0 cm


def test_chu_quan_empty_removes_paragraph(tmp_path):
    ctx = tc.plan_context()
    ctx["chu_quan"] = ""
    doc = render("ke-hoach", tmp_path, ctx)
    left = _cells(_rows(_tables(doc)[0])[0])[0]
    assert [_text(p) for p in _paras(left) if _text(p)] == ctx["co_quan"]


# ---------------------------------------------------------- title & body --
def test_title_block_and_kinh_gui(rendered):
    kind, doc = rendered
    ctx = tc.CONTEXTS[kind]()
    fmt = Fmt(doc)
    p = _find_p(doc, ctx["ten_loai"])
    fmt.check_runs(p, size=14, bold=True)
    assert fmt.jc(p) == "center"
    p = _find_p(doc, _rich_text(ctx["trich_yeu"]))
    fmt.check_runs(p, size=14, bold=True, italic=False)
    assert fmt.jc(p) == "center"
    for k in ctx["kinh_gui"]:
        p = _find_p(doc, k)
        fmt.check_runs(p, size=14, bold=False, italic=False)
        assert fmt.jc(p) == "center"
    if not ctx["kinh_gui"]:
        assert not any(_text(p).startswith("Kính gửi") for p in _paras(doc.element.body))


def _plain(value):
    return value if isinstance(value, str) else _rich_text(value)


def _rich_text(rt):
    """Plain text of a docxtpl RichText (its runs' w:t, entities decoded)."""
    frag = etree.fromstring(
        '<x xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
        f'main">{rt.xml}</x>')
    return "".join(t.text or "" for t in frag.iter(qn("w:t")))


def _body_checks(fmt, p, *, bold):
    fmt.check_runs(p, size=14, bold=bold, italic=False)
    assert fmt.jc(p) == "both"
    assert int(fmt.pprop(p, "w:ind", "w:firstLine")) == 567
    assert int(fmt.pprop(p, "w:spacing", "w:before")) >= 120
    assert fmt.pprop(p, "w:spacing", "w:lineRule") == "auto"
    assert 240 <= int(fmt.pprop(p, "w:spacing", "w:line")) <= 276


def test_body_blocks(rendered):
    kind, doc = rendered
    ctx = tc.CONTEXTS[kind]()
    fmt = Fmt(doc)
    seen = 0
    for b in ctx["than"]:
        text = _rich_text(b["noi_dung"])
        if b["loai"] not in ("muc", "khoan", "doan") or not text:
            continue
        p = _find_p(doc, text)
        _body_checks(fmt, p, bold=b["loai"] != "doan")
        if b["loai"] != "doan":
            assert fmt.pprop(p, "w:keepNext") is not None
        seen += 1
    assert seen >= 4
    # the closing paragraph keeps with the signature block
    last = ctx["than"][-1]
    assert last["loai"] == "doan"
    assert fmt.pprop(_find_p(doc, _rich_text(last["noi_dung"])),
                     "w:keepNext") is not None


def test_escaping_survives(rendered):
    kind, doc = rendered
    full = _text(doc.element.body)
    assert "&" in full
    assert "<" in full or ">" in full


# ---------------------------------------------------------- signature --
def test_signature_block(rendered):
    kind, doc = rendered
    ctx = tc.CONTEXTS[kind]()
    fmt = Fmt(doc)
    sig = next(t for t in _tables(doc) if "Nơi nhận:" in _text(t))
    _borders_nil(sig)
    assert sum(_grid(sig)) == TEXT_W
    assert 3402 <= _grid(sig)[0] <= 4026
    (tr,) = _rows(sig)
    assert tr.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None
    left, right = _cells(tr)
    lp = _paras(left)
    assert _text(lp[0]) == "Nơi nhận:"
    fmt.check_runs(lp[0], size=12, bold=True, italic=True)
    items = [p for p in lp[1:] if _text(p)]
    assert [_text(p) for p in items] == ctx["noi_nhan"]
    for p in items:
        fmt.check_runs(p, size=11, bold=False, italic=False)
        assert fmt.jc(p) in ("left", "start")
        assert int(fmt.pprop(p, "w:ind", "w:firstLine") or 0) == 0
        assert int(fmt.pprop(p, "w:ind", "w:left") or 0) == 0
        assert int(fmt.pprop(p, "w:spacing", "w:line")) == 240
    rp = _paras(right)
    texts = [_text(p) for p in rp]
    n = len(ctx["tham_quyen"])
    assert texts[:n] == ctx["tham_quyen"]
    assert texts[-1] == ctx["nguoi_ky"]
    assert texts[n:-1] == [""] * 4
    for p in rp[:n]:
        fmt.check_runs(p, size=14, bold=True)
        assert fmt.jc(p) == "center"
    fmt.check_runs(rp[-1], size=14, bold=True)
    assert fmt.jc(rp[-1]) == "center"
    # first lines level: both cells start with their first paragraph, no
    # spacing before either
    assert int(fmt.pprop(lp[0], "w:spacing", "w:before")) == 0
    assert int(fmt.pprop(rp[0], "w:spacing", "w:before")) == 0
    # keep the whole block (and everything but the name) with the next line
    for p in lp[:-1] + rp[:-1]:
        assert fmt.pprop(p, "w:keepNext") is not None
    # something separates body and signature
    prev = sig.getprevious()
    assert prev.tag == qn("w:p")
    assert fmt.pprop(prev, "w:keepNext") is not None


# ------------------------------------------------------------- numbering --
def test_page_numbers(rendered):
    kind, doc = rendered
    for sec in doc.sections:
        sp = sec._sectPr
        assert sp.find(qn("w:titlePg")) is not None
        assert sec.different_first_page_header_footer
        assert not sec.header.is_linked_to_previous
        hx = sec.header._element
        instr = "".join(i.text for i in hx.iter(qn("w:instrText")))
        assert instr.strip() == "PAGE"
        fmt = Fmt(doc)
        (p,) = [p for p in _paras(hx) if p.find(qn("w:r")) is not None]
        assert fmt.jc(p) == "center"
        assert fmt.size(p, p.find(qn("w:r"))) in (13, 14)
        first = sec.first_page_header
        assert not first.is_linked_to_previous
        assert _text(first._element).strip() == ""
        assert not list(first._element.iter(qn("w:instrText")))


# ------------------------------------------------------------- appendix --
APPENDIX_HEADS = {
    "ke-hoach": ["TT", "Nội dung nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn",
                 "Sản phẩm"],
    "bao-cao-quy": ["TT", "Nhiệm vụ", "Chủ trì", "Thời hạn", "Tiến độ",
                    "Tình trạng", "Ghi chú"],
}


def _data_table_checks(fmt, tbl, heads, width):
    assert sum(_grid(tbl)) == width
    assert len(_grid(tbl)) == len(heads)
    borders = tbl.find(qn("w:tblPr") + "/" + qn("w:tblBorders"))
    assert all(b.get(qn("w:val")) == "single" for b in borders)
    hdr = _rows(tbl)[0]
    trpr = hdr.find(qn("w:trPr"))
    assert trpr.find(qn("w:tblHeader")) is not None
    assert trpr.find(qn("w:cantSplit")) is not None
    assert [_text(c) for c in _cells(hdr)] == heads
    for c in _cells(hdr):
        p = _paras(c)[0]
        fmt.check_runs(p, size=12, bold=True)
        assert fmt.jc(p) == "center"


@pytest.mark.parametrize("kind", WITH_APPENDIX)
def test_appendix(kind, tmp_path):
    doc = render(kind, tmp_path)
    ctx = tc.CONTEXTS[kind]()
    pl = ctx["phu_luc"]
    fmt = Fmt(doc)
    body = doc.element.body
    # the appendix starts after the paragraph that closes section 1
    sect_p = next(p for p in _paras(body)
                  if p.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None)
    after = []
    el = sect_p.getnext()
    while el is not None:
        after.append(el)
        el = el.getnext()
    paras = [e for e in after if e.tag == qn("w:p") and _text(e)]
    assert [_text(p) for p in paras[:3]] == [pl["nhan"], pl["tieu_de"], pl["kem_theo"]]
    fmt.check_runs(paras[0], size=14, bold=True)
    fmt.check_runs(paras[1], size=14, bold=True)
    fmt.check_runs(paras[2], size=14, italic=True, bold=False)
    assert all(fmt.jc(p) == "center" for p in paras[:3])
    (tbl,) = [e for e in after if e.tag == qn("w:tbl")]
    _data_table_checks(fmt, tbl, APPENDIX_HEADS[kind], TEXT_W_LANDSCAPE)
    rows = _rows(tbl)[1:]
    expected = []
    for g in pl["nhom"]:
        expected.append(("g", g["so"], g["ten"]))
        expected += [("r", r["tt"], _plain(r["noi_dung"])) for r in g["dong"]]
    assert len(rows) == len(expected)
    ncols = len(APPENDIX_HEADS[kind])
    for tr, (k, first, second) in zip(rows, expected):
        cells = _cells(tr)
        assert tr.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None
        assert (_text(cells[0]), _text(cells[1])) == (first, second)
        if k == "g":
            assert len(cells) == 2
            span = cells[1].find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
            assert int(span.get(qn("w:val"))) == ncols - 1
            for c in cells:
                fmt.check_runs(_paras(c)[0], size=12, bold=True)
        else:
            assert len(cells) == ncols
            tt = _paras(cells[0])[0]
            fmt.check_runs(tt, size=12, bold=False)
            assert fmt.jc(tt) == "center"
            assert fmt.jc(_paras(cells[1])[0]) == "left"
            th = APPENDIX_HEADS[kind].index("Thời hạn")
            assert fmt.jc(_paras(cells[th])[0]) == "center"


def test_report_prints_its_area_table_and_leaves_the_chart_paragraph(tmp_path):
    doc = render("bao-cao-quy", tmp_path)
    tbl = next(t for t in _tables(doc) if [_text(c) for c in _cells(_rows(t)[0])] == tc.AREA_HEADS)
    assert sum(_grid(tbl)) == TEXT_W
    assert [_text(c) for c in _cells(_rows(tbl)[-1])][:3] == ["", "Tổng cộng", "5"]
    tables = _tables(doc)
    assert tables.index(tbl) < next(i for i, t in enumerate(tables) if "Nơi nhận:" in _text(t))


def test_notice_task_tables(tmp_path):
    """Body tables (`bang` blocks): the document gives columns and widths; the header repeats on each page."""
    doc = render("thong-bao-phan-cong", tmp_path)
    ctx = tc.notice_context()
    fmt = Fmt(doc)
    heads = tc.NOTICE_HEADS
    tbls = [t for t in _tables(doc)
            if [_text(c) for c in _cells(_rows(t)[0])] == heads]
    blocks = [b for b in ctx["than"] if b["loai"] == "bang"]
    assert len(tbls) == len(blocks) == 2
    for tbl, b in zip(tbls, blocks):
        assert sum(_grid(tbl)) == TEXT_W and len(_grid(tbl)) == 50
        borders = tbl.find(qn("w:tblPr") + "/" + qn("w:tblBorders"))
        assert all(x.get(qn("w:val")) == "single" for x in borders)
        hdr, *data = _rows(tbl)
        assert hdr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None
        for tr in _rows(tbl):
            spans = [int(c.find(qn("w:tcPr") + "/" + qn("w:gridSpan")).get(qn("w:val"))) for c in _cells(tr)]
            assert spans == tc.NOTICE_SPANS
            assert tr.find(qn("w:trPr") + "/" + qn("w:cantSplit")) is not None
        for c in _cells(hdr):
            fmt.check_runs(_paras(c)[0], size=12, bold=True)
            assert fmt.jc(_paras(c)[0]) == "center"
        assert [[_text(c) for c in _cells(r)] for r in data] == [
            [_rich_text(c["noi_dung"]) for c in row] for row in b["dong"]]
        for tr in data:
            cells = _cells(tr)
            assert len(_paras(cells[0])) == 1  # the if/else tags left one paragraph
            assert fmt.jc(_paras(cells[0])[0]) == "center" and fmt.jc(_paras(cells[1])[0]) == "left"
    assert len(doc.sections) == 1


def test_a_template_cannot_reach_python_internals(project, run, tmp_path):
    """Sandboxed rendering: a tag that walks to `os` is refused with a message, and runs nothing."""
    import docx

    path = project / "templates" / "thong-bao-phan-cong.docx"
    document = docx.Document(str(path))
    marker = tmp_path / "ran"
    document.paragraphs[-1].add_run(
        "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}")
    document.save(str(path))
    code, out, err = run("--data", project / "data", "--out", project / "out")
    assert code == 1
    assert "thẻ bị cấm" in err and "thong-bao-phan-cong.docx" in err
    assert "Traceback" not in err
    assert not marker.exists()
