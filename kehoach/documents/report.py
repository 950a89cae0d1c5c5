"""The periodic report on carrying out the plan: figures computed from progress data, never typed. No I/O."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..dossier.model import Dossier, Task
from ..rules import vn
from ..rules.numbering import Issue
from ..rules.periods import (DONE_LATE, DONE_ON_TIME, IN_PROGRESS, OVERDUE, STATES, Recurrence, Window,
                             quarter_window, status)
from .common import (PLAN, REPORT, TYPE_NAMES, Block, DocumentModel, addressee_lines, appendix_link, citation,
                     deadline_text, lower_first, make_model, task_groups)

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
    body = [Block("doan", f"Thực hiện {plan_cite} về {lower_first(plan.summary)}, "
                          f"Ủy ban nhân dân xã báo cáo kết quả thực hiện {period} "
                          f"(số liệu tính {cut}) như sau:")]

    body.append(Block("muc", "I. KẾT QUẢ THỰC HIỆN"))
    body.append(Block("khoan", "1. Kết quả chung"))
    done = counts[DONE_ON_TIME] + counts[DONE_LATE]
    summary_parts = "; ".join(f"{lower_first(s)} {counts[s]} nhiệm vụ ({vn.percent(counts[s], total)})"
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
            cause = f"; nguyên nhân, ghi chú: {lower_first(s.note)}" if s.note else ""
            body.append(Block("doan", f"- {s.task.content} (chủ trì: {org.officer(s.task.lead).label}): "
                                      f"{lower_first(s.state)}{cause}."))
    else:
        body.append(Block("doan", "Không có nhiệm vụ quá hạn hoặc hoàn thành trễ hạn."))

    body.extend(_next_period(d, states, quarter, window))
    body.append(Block("muc", "IV. ĐỀ XUẤT, KIẾN NGHỊ"))
    proposals = d.report.proposals.get(quarter, ())
    body.extend(Block("doan", p) for p in proposals or ("Không có.",))
    body.append(Block("doan", f"Trên đây là báo cáo kết quả thực hiện Kế hoạch {period} của "
                              f"{org.name}./."))

    groups = task_groups(d, states, lambda s: s.task, lambda s: {
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
    model = make_model(d, REPORT, f"{REPORT}-{quarter}", rtype, summary, d.report.recipients, issue,
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
    phrase = lower_first(s.state)
    if s.state in (IN_PROGRESS, OVERDUE) and s.percent:
        phrase += f", đạt {s.percent}%"
    if s.note:
        phrase += f" ({lower_first(s.note)})"
    return phrase
