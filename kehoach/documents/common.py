"""The document model: a dossier (+ quarter, + issue) → one value per document with its template context. No I/O."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from ..rules import vn
from ..dossier.model import Dossier, Organisation, Task
from ..rules.numbering import Issue, ky_hieu, number_line
from ..rules.periods import (DONE_LATE, DONE_ON_TIME, IN_PROGRESS, OVERDUE, STATES,
                      Recurrence, Window, quarter_window, status)

PLAN, REPORT, NOTICE = "ke-hoach", "bao-cao-quy", "thong-bao-phan-cong"
TEMPLATES = {PLAN: "ke-hoach.docx", REPORT: "bao-cao-quy.docx", NOTICE: "thong-bao-phan-cong.docx"}
TYPE_NAMES = {PLAN: "Kế hoạch", REPORT: "Báo cáo", NOTICE: "Thông báo"}
# The context each template receives (templates/README.md documents them for the clerk).
COMMON_KEYS = frozenset({"chu_quan", "co_quan", "so", "dia_danh_ngay", "ten_loai", "trich_yeu", "kinh_gui",
                         "than", "tham_quyen", "nguoi_ky", "noi_nhan"})
CONTEXT_KEYS = {PLAN: COMMON_KEYS | {"phu_luc"}, REPORT: COMMON_KEYS | {"phu_luc"}, NOTICE: COMMON_KEYS}


@dataclass(frozen=True)
class Block:
    """One body element: `muc`/`khoan`/`doan` text (with *italic* markup) or a table (`dong` rows)."""

    loai: str
    noi_dung: str = ""
    dong: tuple = ()


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


def styled(text: str) -> tuple[tuple[str, bool], ...]:
    """Split `*italic*` markup into (text, italic) runs: `a (*b*) c` → (a (, F), (b, T), () c, F)."""
    parts = re.split(r"\*([^*]+)\*", text)
    return tuple((part, i % 2 == 1) for i, part in enumerate(parts) if part)


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


def _number_phrase(type_name: str, code: str, issue: Issue | None) -> str:
    """Return `Kế hoạch số 05/KH-UBND`, or with a blank number before issue."""
    return f"{type_name} số {issue.number}" if issue else f"{type_name} số{vn.BLANK}/{code}"


def citation(type_name: str, type_code: str, org: Organisation, issue: Issue | None,
             month: int, year: int) -> str:
    """Return how later documents cite a document: `Kế hoạch số 05/KH-UBND ngày 15/3/2024 của UBND xã Sơn Giang`.

    Before issue the number and day are blank, as in the draft itself.
    """
    head = _number_phrase(type_name, ky_hieu(type_code, org.code), issue)
    when = f"ngày {vn.short_date(issue.date)}" if issue else f"ngày{vn.BLANK}/{month}/{year}"
    return f"{head} {when} của {org.short_name}"


def appendix_link(type_name: str, type_code: str, org: Organisation, issue: Issue | None,
                  month: int, year: int) -> str:
    """Return the line under an appendix title: date written out, full body name (spec §8)."""
    head = _number_phrase(type_name, ky_hieu(type_code, org.code), issue)
    when = vn.long_date(issue.date) if issue else f"ngày{vn.BLANK}tháng {vn.month_text(month)} năm {year}"
    return f"(Kèm theo {head} {when} của {org.name})"


def _task_groups(d: Dossier, items: list, task_of, row) -> list[dict]:
    """Return the appendix table groups: one per area (khoản of the task section) that has items."""
    groups = []
    for area_no, clause in enumerate(d.plan.sections[d.appendix.task_section - 1].clauses, start=1):
        members = [x for x in items if task_of(x).area == area_no]
        if members:
            groups.append({"so": vn.roman(area_no), "ten": clause.title or clause.text,
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


def _model(d: Dossier, kind: str, suffix: str, type_code: str, summary: str, recipients,
           issue: Issue | None, month: int, year: int, cites: tuple[str, ...], context: dict) -> DocumentModel:
    org = d.organisation
    code = ky_hieu(type_code, org.code)
    full = {
        **_header(org, code, issue, month, year),
        "ten_loai": vn.upper(TYPE_NAMES[kind]),
        "trich_yeu": summary,
        "kinh_gui": [],
        **_signature(org),
        "noi_nhan": recipient_lines(recipients),
        **context,
    }
    return DocumentModel(
        id=f"{d.name}/{suffix}", kind=kind, template=TEMPLATES[kind], type_code=type_code,
        code=code, type_name=TYPE_NAMES[kind], summary=summary, signer=org.signer.name,
        signer_title=_signer_title(org), recipients=tuple(recipients), issuer_short=org.short_name,
        date=issue.date if issue else dt.date(year, month, 1), cites=cites, context=full)


# ---------------------------------------------------------------- the plan

def plan_document(d: Dossier, issue: Issue | None = None) -> DocumentModel:
    """Return the Kế hoạch with its Phụ lục; `issue` None → draft form."""
    plan, org = d.plan, d.organisation
    body = [Block("doan", p) for p in plan.preamble]
    for si, section in enumerate(plan.sections):
        body.append(Block("muc", f"{vn.roman(si + 1)}. {vn.upper(section.title)}"))
        for ci, clause in enumerate(section.clauses):
            if clause.text:
                body.append(Block("doan", f"{ci + 1}. {clause.text}"))
                continue
            body.append(Block("khoan", f"{ci + 1}. {clause.title}"))
            body.extend(Block("doan", p) for p in clause.paragraphs)
            body.extend(Block("doan", f"{vn.letter(k)}) {p}") for k, p in enumerate(clause.points))
    body.extend(Block("doan", p) for p in plan.closing)

    groups = _task_groups(d, list(d.appendix.tasks), lambda t: t, lambda t: {
        "noi_dung": t.content, "chu_tri": org.officer(t.lead).label,
        "phoi_hop": ", ".join(org.officer(s).label for s in t.support),
        "thoi_han": deadline_text(t.deadline), "san_pham": t.output,
    })
    appendix = {
        "nhan": "Phụ lục",
        "tieu_de": vn.upper(d.appendix.title),
        "kem_theo": appendix_link(TYPE_NAMES[PLAN], plan.type_code, org, issue, plan.month, plan.year),
        "nhom": groups,
    }
    return _model(d, PLAN, PLAN, plan.type_code, plan.summary, plan.recipients, issue,
                  plan.month, plan.year, (), {"than": body, "phu_luc": appendix})


def deadline_text(deadline: dt.date | Recurrence) -> str:
    """Return a deadline as a table cell shows it: `30/06/2024` or `Hằng quý`."""
    return deadline.label if isinstance(deadline, Recurrence) else vn.table_date(deadline)


# ---------------------------------------------------------------- quarterly report

@dataclass(frozen=True)
class TaskState:
    task: Task
    state: str
    percent: int
    note: str


def task_states(d: Dossier, window: Window) -> list[TaskState]:
    """Return each task's state at the end of `window`, from the progress data known by then."""
    out = []
    for task in d.appendix.tasks:
        updates = [u for u in d.progress.get(task.id, ()) if u.date <= window.end]
        if isinstance(task.deadline, Recurrence) and task.deadline.key in ("hang_thang", "hang_quy"):
            updates = [u for u in updates if u.date in window]  # recurring work starts afresh each period
        done = next((u.date for u in updates if u.percent == 100), None)
        percent = updates[-1].percent if updates else 0
        if done is not None:
            percent = 100
        note = next((u.note for u in reversed(updates) if u.note), "")
        out.append(TaskState(task, status(task.deadline, percent, done, window), percent, note))
    return out


def quarter_report(d: Dossier, quarter: int, issue: Issue | None = None,
                   plan_issue: Issue | None = None) -> DocumentModel:
    """Return the report on carrying out the plan in `quarter` (Quý I–IV of the plan's year)."""
    org, plan = d.organisation, d.plan
    window = quarter_window(plan.year, quarter)
    states = task_states(d, window)
    total = len(states)
    counts = {s: sum(1 for t in states if t.state == s) for s in STATES}
    period = f"quý {vn.roman(quarter)} năm {plan.year}"
    plan_cite = citation(TYPE_NAMES[PLAN], plan.type_code, org, plan_issue, plan.month, plan.year)
    cut = f"từ ngày {vn.short_date(window.start)} đến ngày {vn.short_date(window.end)}"
    body = [Block("doan", f"Thực hiện {plan_cite} về {_lower_first(plan.summary)}, "
                          f"Ủy ban nhân dân xã báo cáo kết quả thực hiện {period} "
                          f"(số liệu tính {cut}) như sau:")]

    body.append(Block("muc", "I. KẾT QUẢ THỰC HIỆN"))
    body.append(Block("khoan", "1. Kết quả chung"))
    done = counts[DONE_ON_TIME] + counts[DONE_LATE]
    summary_parts = "; ".join(f"{_lower_first(s)} {counts[s]} nhiệm vụ ({vn.percent(counts[s], total)})"
                              for s in STATES)
    body.append(Block("doan", f"Kế hoạch có {total} nhiệm vụ. Đến ngày {vn.short_date(window.end)}: "
                              f"{summary_parts}."))
    rows = [{"chi_tieu": s, "so_luong": str(counts[s]), "ty_le": vn.percent(counts[s], total)}
            for s in STATES]
    rows.append({"chi_tieu": "Tổng số", "so_luong": str(total), "ty_le": vn.percent(total, total)})
    body.append(Block("tong_hop", dong=tuple(rows)))
    body.append(Block("khoan", "2. Kết quả theo từng lĩnh vực"))
    areas = plan.sections[d.appendix.task_section - 1].clauses
    lettered = 0
    for area_no, clause in enumerate(areas, start=1):
        in_area = [s for s in states if s.task.area == area_no]
        if not in_area:
            continue
        letter = vn.letter(lettered)
        lettered += 1
        finished = sum(1 for s in in_area if s.state in (DONE_ON_TIME, DONE_LATE))
        body.append(Block("doan", f"{letter}) {clause.title}: {len(in_area)} nhiệm vụ, "
                                  f"đã hoàn thành {finished}."))
        body.extend(Block("doan", f"- {s.task.content}: {_state_phrase(s)}.") for s in in_area)

    body.append(Block("muc", "II. ĐÁNH GIÁ CHUNG"))
    body.append(Block("khoan", "1. Ưu điểm"))
    body.append(Block("doan", f"Đã hoàn thành {done}/{total} nhiệm vụ ({vn.percent(done, total)}), "
                              f"trong đó {counts[DONE_ON_TIME]} nhiệm vụ hoàn thành đúng hạn; "
                              f"{counts[IN_PROGRESS]} nhiệm vụ đang được triển khai trong thời hạn."))
    body.append(Block("khoan", "2. Tồn tại, hạn chế và nguyên nhân"))
    weak = [s for s in states if s.state in (OVERDUE, DONE_LATE)]
    if weak:
        body.append(Block("doan", f"Còn {counts[OVERDUE]} nhiệm vụ quá hạn và {counts[DONE_LATE]} "
                                  f"nhiệm vụ hoàn thành trễ hạn:"))
        for s in weak:
            cause = f"; nguyên nhân, ghi chú: {_lower_first(s.note)}" if s.note else ""
            body.append(Block("doan", f"- {s.task.content} (chủ trì: {org.officer(s.task.lead).label}): "
                                      f"{_lower_first(s.state)}{cause}."))
    else:
        body.append(Block("doan", "Không có nhiệm vụ quá hạn hoặc hoàn thành trễ hạn."))

    body.extend(_next_period(d, states, quarter, window))
    body.append(Block("muc", "IV. ĐỀ XUẤT, KIẾN NGHỊ"))
    proposals = d.report.proposals.get(quarter, ())
    body.extend(Block("doan", p) for p in proposals or ("Không có.",))
    body.append(Block("doan", f"Trên đây là báo cáo kết quả thực hiện Kế hoạch {period} của "
                              f"{org.name}./."))

    groups = _task_groups(d, states, lambda s: s.task, lambda s: {
        "noi_dung": s.task.content, "chu_tri": org.officer(s.task.lead).label,
        "thoi_han": deadline_text(s.task.deadline), "tien_do": f"{s.percent}%",
        "tinh_trang": s.state, "ghi_chu": s.note,
    })
    rtype = d.report.type_code
    appendix = {
        "nhan": "Phụ lục",
        "tieu_de": vn.upper(f"Tiến độ thực hiện các nhiệm vụ của Kế hoạch đến ngày {vn.short_date(window.end)}"),
        "kem_theo": appendix_link(TYPE_NAMES[REPORT], rtype, org, issue, window.end.month, window.end.year),
        "nhom": groups,
    }
    summary = f"{d.report.summary} {period}"
    model = _model(d, REPORT, f"{REPORT}-{quarter}", rtype, summary, d.report.recipients, issue,
                   window.end.month, window.end.year, (f"{d.name}/{PLAN}",),
                   {"than": body, "phu_luc": appendix, "kinh_gui": addressee_lines(d.report.addressees)})
    return replace(model, data_until=window.end)


def _next_period(d: Dossier, states: list[TaskState], quarter: int, window: Window) -> list[Block]:
    org = d.organisation
    unfinished = [s for s in states if s.state not in (DONE_ON_TIME, DONE_LATE)]
    if quarter < 4:
        nxt = quarter_window(window.year, quarter + 1)
        title = f"III. NHIỆM VỤ TRỌNG TÂM {vn.upper(vn.quarter_name(quarter + 1))} NĂM {window.year}"
        due = [s for s in unfinished
               if s.state == OVERDUE or (isinstance(s.task.deadline, dt.date) and s.task.deadline <= nxt.end)]
    else:
        title = "III. NHIỆM VỤ TIẾP TỤC THỰC HIỆN"
        due = unfinished
    blocks = [Block("muc", title)]
    dated = [s for s in due if not isinstance(s.task.deadline, Recurrence) or s.state == OVERDUE]
    for s in dated:
        blocks.append(Block("doan", f"- {s.task.content} (chủ trì: {org.officer(s.task.lead).label}; "
                                    f"thời hạn: {deadline_text(s.task.deadline)})."))
    if any(isinstance(s.task.deadline, Recurrence) for s in states):
        blocks.append(Block("doan", "- Tiếp tục thực hiện các nhiệm vụ thường xuyên, định kỳ theo Kế hoạch."))
    return blocks


def _state_phrase(s: TaskState) -> str:
    phrase = _lower_first(s.state)
    if s.state in (IN_PROGRESS, OVERDUE) and s.percent:
        phrase += f", đạt {s.percent}%"
    if s.note:
        phrase += f" ({_lower_first(s.note)})"
    return phrase


def _lower_first(text: str) -> str:
    # Keep acronyms (CCHC, UBND) and proper nouns: only lower a capital followed by a lowercase letter.
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


# ---------------------------------------------------------------- assignment notice

def assignment_notice(d: Dossier, issue: Issue | None = None,
                      plan_issue: Issue | None = None) -> DocumentModel:
    """Return the Thông báo phân công: for each officer, the tasks they lead or support."""
    org, plan, notice = d.organisation, d.plan, d.notice
    plan_cite = citation(TYPE_NAMES[PLAN], plan.type_code, org, plan_issue, plan.month, plan.year)
    body = [Block("doan", f"Thực hiện {plan_cite} về {_lower_first(plan.summary)}, Ủy ban nhân dân xã "
                          f"thông báo phân công nhiệm vụ cho các công chức như sau:")]
    n = 0
    for officer in org.officers:
        rows = []
        for t in d.appendix.tasks:
            role = "Chủ trì" if t.lead == officer.id else "Phối hợp" if officer.id in t.support else None
            if role:
                rows.append({"noi_dung": t.content, "vai_tro": role,
                             "thoi_han": deadline_text(t.deadline), "san_pham": t.output})
        if not rows:
            continue
        rows.sort(key=lambda r: r["vai_tro"] != "Chủ trì")  # stable: lead tasks first, plan order kept
        for i, r in enumerate(rows, start=1):
            r["tt"] = str(i)
        n += 1
        who = f"{officer.role} ({officer.name})" if officer.name else officer.role
        lead = sum(1 for r in rows if r["vai_tro"] == "Chủ trì")
        body.append(Block("khoan", f"{n}. {who}"))
        counts = [f"{verb} {n} nhiệm vụ" for verb, n in (("chủ trì", lead), ("phối hợp", len(rows) - lead)) if n]
        body.append(Block("doan", vn.sentence(", ".join(counts)) + ":"))
        body.append(Block("nhiem_vu", dong=tuple(rows)))
    body.extend(Block("doan", p) for p in notice.closing)
    return _model(d, NOTICE, NOTICE, notice.type_code, notice.summary, notice.recipients, issue,
                  notice.month, notice.year, (f"{d.name}/{PLAN}",), {"than": body})


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


def all_documents(d: Dossier, issued: dict[str, Issue] | None = None) -> list[DocumentModel]:
    """Return every document of the dossier; `issued` (by id) gives numbers, dates and citations."""
    issued = issued or {}
    plan_id = f"{d.name}/{PLAN}"
    plan_issue = issued.get(plan_id)
    docs = [plan_document(d, plan_issue)]
    docs += [quarter_report(d, q, issued.get(f"{d.name}/{REPORT}-{q}"), plan_issue) for q in (1, 2, 3, 4)]
    docs.append(assignment_notice(d, issued.get(f"{d.name}/{NOTICE}"), plan_issue))
    return docs
