"""What every document kind shares: the model value, kinds and templates, header, signature, citations. No I/O."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from ..dossier.model import (
    DIEM,
    KHOAN,
    TIEU_KHOAN,
    Dossier,
    Item,
    Node,
    Organisation,
    Para,
    Table,
    Y,
)
from ..rules import layout, markup, vn
from ..rules.numbering import Issue, ky_hieu, number_line
from .kinds import (  # part of this module's API
    NOTICE,
    PLAN,
    REPORT,
    TEMPLATES,
    TYPE_NAMES,
)

# The context each template receives (templates/README.md documents them for the clerk).
COMMON_KEYS = frozenset({"chu_quan", "co_quan", "so", "dia_danh_ngay", "ten_loai", "trich_yeu", "kinh_gui",
                         "than", "tham_quyen", "nguoi_ky", "noi_nhan", "ke_duoi"})
# Context values the program uses itself (render/ruling.py); a template need not mention them.
PROGRAM_KEYS = frozenset({"ke_duoi"})
# The `loai` of the body blocks each kind of document may hold: its template must print them all.
BODY_BLOCKS = frozenset({"muc", "khoan", "tieu_khoan", "doan", "bang"})
BLOCK_KINDS = {PLAN: BODY_BLOCKS, REPORT: BODY_BLOCKS | {"bieu_do"}, NOTICE: BODY_BLOCKS}
CONTEXT_KEYS = {PLAN: COMMON_KEYS | {"phu_luc"}, REPORT: COMMON_KEYS | {"phu_luc", "bieu_do"},
                NOTICE: COMMON_KEYS}


@dataclass(frozen=True)
class Block:
    """One body element, in document order.

    `loai`: `muc`, `khoan`, `tieu_khoan` (headings), `doan` (a paragraph; numbered items that are
    sentences come as `doan` with their number), `bang` (a table: `cot` header cells, `dong` rows of
    cells, each cell a dict `noi_dung` (Rich), `rong` (grid columns it spans), `giua` (centred)), or
    a table kind of one template (`tong_hop`, `nhiem_vu`: `dong` holds dict rows).
    `noi_dung` keeps the clerk's inline markup (rules.markup).
    """

    loai: str
    noi_dung: str = ""
    dong: tuple = ()
    cot: tuple = ()


@dataclass(frozen=True)
class Rich:
    """A text with inline markup (rules.markup), printed as formatted runs; `bold`/`italic` apply to all of it."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Chart:
    """A horizontal 100 % stacked bar chart, as data: one bar per category, one segment per series.

    render/chart.py draws it as a picture the width of the text; the same values give the same bytes.
    """

    title: str
    categories: tuple[str, ...]                        # bar labels, top to bottom
    series: tuple[tuple[str, tuple[int, ...]], ...]    # (legend label, one count per category)
    ends: tuple[str, ...] = ()                         # text written after each bar ("1/4 (25%)")


@dataclass(frozen=True)
class DocumentModel:
    """Everything needed to render one document and to enter it in the register."""

    id: str             # "son-giang-2024/bao-cao-quy-1"
    kind: str           # PLAN / REPORT / NOTICE
    template: str       # file name under templates/
    type_code: str
    code: str           # ký hiệu, "KH-UBND"
    type_name: str
    summary: str
    signer: str
    signer_title: str
    recipients: tuple[str, ...]
    issuer_short: str
    date: dt.date       # issue date, or the first of the draft month (fixes core properties)
    cites: tuple[str, ...]
    context: dict = field(compare=False, hash=False)
    data_until: dt.date | None = None  # a report's data cut-off: it cannot be dated before that


    @property
    def filename(self) -> str:
        return self.id.rsplit("/", 1)[1] + ".docx"


def body_blocks(nodes: tuple[Node, ...], khoan_no: int = 0) -> list[Block]:
    """Return the blocks of a plan body (or part of it), numbering its items as ND 30 does.

    Khoản are numbered 1., 2. within their container, tiểu khoản 1.1. under khoản 1, điểm a), b)
    within their container (letters restart in each), ý with a dash. A khoản or tiểu khoản with
    content is a heading; without, a numbered sentence.
    """
    blocks: list[Block] = []
    counts = {KHOAN: 0, TIEU_KHOAN: 0, DIEM: 0}
    for node in nodes:
        if isinstance(node, Para):
            blocks.append(Block("doan", node.text))
        elif isinstance(node, Table):
            blocks.append(table_block(node.header, node.rows))
        elif isinstance(node, Item):
            if node.level == Y:
                blocks.append(Block("doan", f"- {node.text}"))
                blocks.extend(body_blocks(node.content, khoan_no))
                continue
            counts[node.level] += 1
            n = counts[node.level]
            if node.level == KHOAN:
                number, inner = f"{n}.", n
            elif node.level == TIEU_KHOAN:
                number, inner = f"{khoan_no}.{n}.", khoan_no
            else:
                number, inner = f"{vn.letter(n - 1)})", khoan_no
            kind = node.level if node.titled else "doan"
            blocks.append(Block(kind, f"{number} {node.text}"))
            blocks.extend(body_blocks(node.content, inner))
    return blocks


def table_columns(header, rows) -> list[list[str]]:
    """Return the printed texts of a table column by column: header cell first."""
    return [[markup.plain(header[k])] + [markup.plain(row[k]) if k < len(row) else "" for row in rows]
            for k in range(len(header))]


def table_block(header, rows, spans: list[int] | None = None) -> Block:
    """Return a `bang` block: column widths from what the cells hold (or `spans`), short columns centred.

    Tables that must line up (one per officer in a notice) share the `spans` of all their rows.
    """
    columns = table_columns(header, rows)
    spans = spans or layout.column_spans(columns)
    # A column of short values (numbers, dates, percentages, "TT") reads best centred.
    centred = [all(len(c) <= 12 for c in col[1:]) for col in columns]

    def cells(texts, bold=False):
        return tuple({"noi_dung": Rich(t, bold=bold), "rong": spans[k], "giua": centred[k] or bold}
                     for k, t in enumerate(texts))

    return Block("bang", cot=cells(header, bold=True),
                 dong=tuple(cells(tuple(row) + ("",) * (len(header) - len(row))) for row in rows))


def recipient_lines(items: tuple[str, ...]) -> list[str]:
    """Return Nơi nhận lines: `- X;` for each, the last (`Lưu: VT`) ending with a full stop."""
    return [f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


def addressee_lines(items: tuple[str, ...]) -> list[str]:
    """Return the Kính gửi lines: one recipient on one line; several as a dash list (spec §7)."""
    if not items:
        return []
    if len(items) == 1:
        return [f"Kính gửi: {items[0]}."]
    return ["Kính gửi:"] + [f"- {x}{'.' if i == len(items) - 1 else ';'}" for i, x in enumerate(items)]


def number_phrase(type_name: str, code: str, issue: Issue | None) -> str:
    """Return `Kế hoạch số 05/KH-UBND`, or with a blank number before issue."""
    return f"{type_name} số {issue.number}" if issue else f"{type_name} số{vn.BLANK}/{code}"


def citation(type_name: str, type_code: str, org: Organisation, issue: Issue | None,
             month: int, year: int) -> str:
    """Return how later documents cite a document: `Kế hoạch số 05/KH-UBND ngày 15/3/2024 của UBND xã Sơn Giang`.

    Before issue the number and day are blank, as in the draft itself.
    """
    head = number_phrase(type_name, ky_hieu(type_code, org.code), issue)
    when = f"ngày {vn.short_date(issue.date)}" if issue else f"ngày{vn.BLANK}/{month}/{year}"
    return f"{head} {when} của {org.short_name}"


def appendix_link(type_name: str, type_code: str, org: Organisation, issue: Issue | None,
                  month: int, year: int) -> str:
    """Return the line under an appendix title: date written out, full body name (spec §8)."""
    head = number_phrase(type_name, ky_hieu(type_code, org.code), issue)
    when = vn.long_date(issue.date) if issue else f"ngày{vn.BLANK}tháng {vn.month_text(month)} năm {year}"
    return f"(Kèm theo {head} {when} của {org.name})"


def with_replacement(body: list[Block], type_name: str, type_code: str, org: Organisation,
                     issue: Issue) -> list[Block]:
    """Return `body` closed by what the document replaces: `Kế hoạch này thay thế Kế hoạch số 01/KH-UBND ngày
    15/3/2024 của UBND xã Sơn Giang./.` — the last sentence of the body, as replacing documents say it."""
    sentence = f"{type_name} này thay thế {citation(type_name, type_code, org, issue.replaces, 1, 1)}"
    body = list(body)
    last = next((k for k in range(len(body) - 1, -1, -1) if body[k].loai == "doan"), None)
    if last is not None and body[last].noi_dung.rstrip().endswith("./."):
        body[last] = replace(body[last], noi_dung=body[last].noi_dung.rstrip()[:-3].rstrip() + ".")
        return body + [Block("doan", f"{sentence}./.")]
    return body + [Block("doan", f"{sentence}.")]


def task_groups(d: Dossier, items: list, task_of, row) -> list[dict]:
    """Return the appendix table groups: one per area (khoản of the task section) that has items."""
    groups = []
    for area_no, clause in enumerate(d.plan.sections[d.appendix.task_section - 1].clauses, start=1):
        members = [x for x in items if task_of(x).area == area_no]
        if members:
            groups.append({"so": vn.roman(area_no), "ten": markup.plain(clause.text),
                           "dong": [{"tt": str(i), **row(x)} for i, x in enumerate(members, start=1)]})
    return groups


def _header(org: Organisation, code: str, issue: Issue | None, month: int, year: int) -> dict:
    return {
        "chu_quan": vn.upper(org.supervisor),
        "co_quan": [vn.upper(line) for line in org.header_lines],
        "so": number_line(code, issue.number if issue else None),
        "dia_danh_ngay": vn.place_date(org.place, issue.date if issue else None, month=month, year=year),
    }


def _signature(org: Organisation) -> dict:
    lines = [vn.upper(org.signer.authority)] if org.signer.authority else []
    return {"tham_quyen": lines + [vn.upper(org.signer.position)], "nguoi_ky": org.signer.name}


def _signer_title(org: Organisation) -> str:
    return " / ".join(filter(None, [vn.upper(org.signer.authority), vn.upper(org.signer.position)]))


def make_model(d: Dossier, kind: str, suffix: str, type_code: str, summary: str, recipients,
           issue: Issue | None, month: int, year: int, cites: tuple[str, ...], context: dict) -> DocumentModel:
    org = d.organisation
    code = ky_hieu(type_code, org.code)
    if issue is not None and issue.replaces is not None and "than" in context:
        context = {**context, "than": with_replacement(context["than"], TYPE_NAMES[kind], type_code, org, issue)}
    header = _header(org, code, issue, month, year)
    title = layout.balanced(summary, layout.TEXT_W, layout.TITLE_PT, bold=True)
    full = {
        **header,
        "ten_loai": vn.upper(TYPE_NAMES[kind]),
        "trich_yeu": Rich(title, bold=True),
        "kinh_gui": [],
        **_signature(org),
        "noi_nhan": recipient_lines(recipients),
        # ND 30: the rules under the issuing body and the trích yếu are 1/3–1/2 of the line above.
        "ke_duoi": {
            "co_quan": layout.rule_length(layout.longest_line(
                header["co_quan"], layout.HDR_LEFT_W, layout.ISSUER_PT, bold=True)),
            "trich_yeu": layout.rule_length(layout.longest_line(
                [markup.plain(title)], layout.TEXT_W, layout.TITLE_PT, bold=True)),
        },
        **context,
    }
    if isinstance(full.get("phu_luc"), dict) and "tieu_de" in full["phu_luc"]:
        full["phu_luc"] = {**full["phu_luc"], "tieu_de": layout.balanced(
            full["phu_luc"]["tieu_de"], layout.TEXT_W_LANDSCAPE, layout.TITLE_PT, bold=True)}
    return DocumentModel(
        id=f"{d.name}/{suffix}", kind=kind, template=TEMPLATES[kind], type_code=type_code,
        code=code, type_name=TYPE_NAMES[kind], summary=markup.plain(summary), signer=org.signer.name,
        signer_title=_signer_title(org), recipients=tuple(recipients), issuer_short=org.short_name,
        date=issue.date if issue else dt.date(year, month, 1), cites=cites, context=full)


def assignee_kinds(org: Organisation, codes) -> str:
    """Return what the assignees `codes` are: `đơn vị`, `công chức` or `đơn vị, công chức` (schema: units or
    officers); `công chức` when there are none."""
    units = {u.id for u in org.units}
    kinds = {code in units for code in codes}
    return "đơn vị" if kinds == {True} else "đơn vị, công chức" if kinds == {True, False} else "công chức"


def lower_first(text: str) -> str:
    # Keep acronyms (CCHC, UBND) and proper nouns: only lower a capital followed by a lowercase letter.
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def issue_date_problem(model: DocumentModel, when: dt.date, issued: dict[str, Issue]) -> str | None:
    """Return why `model` cannot be dated `when`, or None: not before its data cut-off or what it cites."""
    if model.data_until is not None and when < model.data_until:
        return (f"báo cáo có số liệu tính đến ngày {vn.short_date(model.data_until)} nên không thể ký ngày "
                f"{vn.short_date(when)}")
    for cited in model.cites:
        if cited in issued and when < issued[cited].date:
            return (f"văn bản trích dẫn {cited} ngày {vn.short_date(issued[cited].date)} nên không thể ký "
                    f"trước ngày đó ({vn.short_date(when)})")
    return None
