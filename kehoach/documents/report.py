"""The periodic report on carrying out the plan: sections in the order a province expects, figures from
tracking.status (never typed), the clerk's own words where bao-cao.yaml has them. No I/O."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

from ..dossier.model import Dossier, PeriodTexts
from ..rules import layout, vn
from ..rules.fontmetrics import text_width
from ..rules.numbering import Issue
from ..rules.periods import (
    DONE_LATE,
    IN_PROGRESS,
    NOT_STARTED,
    OVERDUE,
    STATES,
    Period,
    Recurrence,
    deadline_text,
    period_ahead,
    periods_for_plan,
    previous_period,
)
from ..tracking.status import (
    Counts,
    Snapshot,
    TaskStatus,
    assignee_name,
    schedule,
    snapshot,
    tasks,
)
from .common import (
    PLAN,
    REPORT,
    TYPE_NAMES,
    Block,
    Chart,
    DocumentModel,
    Rich,
    addressee_lines,
    appendix_link,
    assignee_kinds,
    citation,
    lower_first,
    make_model,
    table_block,
    table_columns,
    task_groups,
)

ID_PREFIX = "bao-cao"  # son-giang-2024/bao-cao-6-thang
_FIT = 0.97  # word processors kern a little wider than the advance widths add up to (as rules.layout)
AREA_HEADER = ("TT", "Lĩnh vực", "Số nhiệm vụ", "Hoàn thành đúng hạn", "Hoàn thành trễ hạn", "Đang thực hiện",
               "Chưa triển khai", "Quá hạn", "Tỷ lệ hoàn thành")
APPENDIX_REF = "Kết quả thực hiện từng nhiệm vụ chi tiết tại Phụ lục kèm theo Báo cáo này."
# Short legend words for the chart, in the order of STATES.
_LEGEND = ("Đúng hạn", "Trễ hạn", "Đang thực hiện", "Chưa triển khai", "Quá hạn")


def report_id(d: Dossier, period: Period) -> str:
    """Return the document id of the report for `period`: `son-giang-2024/bao-cao-quy-1`."""
    return f"{d.name}/{ID_PREFIX}-{period.key}"


def report_periods_of(d: Dossier) -> tuple[Period, ...]:
    """Return the periods `d` has a report for: its schedule, less those that ended before the plan."""
    if not tasks(d):
        return ()
    return periods_for_plan(d.plan.year, d.plan.month, schedule(d))


def period_report(d: Dossier, period: Period, issue: Issue | None = None,
                  plan_issue: Issue | None = None) -> DocumentModel:
    """Return the report on carrying out the plan in `period` (figures as they stand on its last day)."""
    org, plan, settings = d.organisation, d.plan, d.report
    texts = settings.texts(period.key)
    now = snapshot(d, period.end, period)
    before = _previous(d, period)
    plan_cite = citation(TYPE_NAMES[PLAN], plan.type_code, org, plan_issue, plan.month, plan.year)
    cut = f"từ ngày {vn.short_date(period.start)} đến ngày {vn.short_date(period.end)}"
    body = [Block("doan", f"Thực hiện {plan_cite} về {lower_first(plan.summary)}, "
                          f"Ủy ban nhân dân xã báo cáo kết quả thực hiện {period.label} "
                          f"(số liệu tính {cut}) như sau:")]
    body += _direction(d, now, texts)
    body += _results(d, now, before, texts)
    body += _assessment(d, now, texts)
    body += _ahead(d, now, texts)
    body.append(Block("muc", "V. ĐỀ XUẤT, KIẾN NGHỊ"))
    body += [Block("doan", p) for p in texts.proposals or ("Không có.",)]
    body.append(Block("doan", f"Trên đây là báo cáo kết quả thực hiện Kế hoạch {period.label} của "
                              f"{org.name}./."))

    groups = task_groups(d, list(now.tasks), lambda s: s.task, lambda s: {
        "noi_dung": Rich(s.task.content), "chu_tri": assignee_name(org, s.task.lead),
        "thoi_han": deadline_text(s.task.deadline), "tien_do": s.progress,
        "tinh_trang": s.state, "ghi_chu": Rich(_note(s)),
    })
    appendix = {
        "nhan": "Phụ lục",
        "tieu_de": vn.upper(f"Tiến độ thực hiện các nhiệm vụ của Kế hoạch đến ngày {vn.short_date(period.end)}"),
        "kem_theo": appendix_link(TYPE_NAMES[REPORT], settings.type_code, org, issue, period.end.month,
                                  period.end.year),
        "nhom": groups,
    }
    addressees = texts.addressees if texts.addressees is not None else settings.addressees
    recipients = texts.recipients if texts.recipients is not None else settings.recipients
    model = make_model(d, REPORT, report_id(d, period).rsplit("/", 1)[1], settings.type_code,
                       f"{settings.summary} {period.label}", recipients, issue, period.end.month, period.end.year,
                       (f"{d.name}/{PLAN}",),
                       {"than": body, "phu_luc": appendix, "kinh_gui": addressee_lines(addressees),
                        "bieu_do": completion_chart(now)})
    return replace(model, data_until=period.end)


def _previous(d: Dossier, period: Period) -> Snapshot | None:
    """Return the figures of the report before `period`, when the plan had one."""
    prev = previous_period(period, schedule(d))
    if prev is None or prev.key not in {p.key for p in report_periods_of(d)}:
        return None
    return snapshot(d, prev.end, prev)


def _direction(d: Dossier, now: Snapshot, texts: PeriodTexts) -> list[Block]:
    blocks = [Block("muc", "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH")]
    if texts.direction:
        return blocks + [Block("doan", p) for p in texts.direction]
    who = assignee_kinds(d.organisation, [g.key for g in now.leads])
    return blocks + [Block("doan", f"Ủy ban nhân dân xã đã triển khai Kế hoạch, giao {len(now.leads)} {who} chủ "
                                   f"trì thực hiện {now.counts.total} nhiệm vụ thuộc {len(now.areas)} lĩnh vực, kèm "
                                   "theo thời hạn và sản phẩm của từng nhiệm vụ; định kỳ theo dõi, đôn đốc và tổng "
                                   "hợp tiến độ thực hiện.")]


def _results(d: Dossier, now: Snapshot, before: Snapshot | None, texts: PeriodTexts) -> list[Block]:
    c = now.counts
    blocks = [Block("muc", "II. KẾT QUẢ THỰC HIỆN"), Block("khoan", "1. Kết quả chung")]
    blocks.append(Block("doan", f"Kế hoạch có {c.total} nhiệm vụ. Đến ngày {vn.short_date(now.day)}, "
                                f"{_figures(c)}."))
    if before is not None:
        blocks.append(Block("doan", _comparison(before, now)))
    rows = _area_rows(now)
    blocks.append(table_block(AREA_HEADER, rows, _area_spans(table_columns(AREA_HEADER, rows))))
    blocks.append(Block("bieu_do"))
    blocks.append(Block("doan", APPENDIX_REF))
    blocks.append(Block("khoan", "2. Kết quả theo từng lĩnh vực"))
    for i, group in enumerate(now.areas):
        g = group.counts
        blocks.append(Block("doan", f"{vn.letter(i)}) {group.name}: {g.total} nhiệm vụ; {_figures(g, brief=True)}."))
        own = texts.areas.get(int(group.key))
        if own:
            blocks += [Block("doan", p) for p in own]
        else:
            blocks += [Block("doan", f"- {s.task.content}: {_state_phrase(s)}.") for s in group.tasks]
    return blocks


def _assessment(d: Dossier, now: Snapshot, texts: PeriodTexts) -> list[Block]:
    org = d.organisation
    c = now.counts
    blocks = [Block("muc", "III. ĐÁNH GIÁ CHUNG"), Block("khoan", "1. Kết quả đạt được")]
    if texts.results:
        blocks += [Block("doan", p) for p in texts.results]
    else:
        blocks.append(Block("doan", f"Đã hoàn thành {c.done}/{c.total} nhiệm vụ ({c.share(c.done)}), trong đó "
                                    f"{c.on_time} nhiệm vụ hoàn thành đúng hạn; {c.in_progress} nhiệm vụ đang "
                                    f"được triển khai trong thời hạn."))
        full = [g.name for g in now.areas if g.counts.done == g.counts.total]
        if full:
            blocks.append(Block("doan", f"Hoàn thành toàn bộ nhiệm vụ của {len(full)} lĩnh vực: "
                                        f"{'; '.join(lower_first(n) for n in full)}."))
    blocks.append(Block("khoan", "2. Tồn tại, hạn chế và nguyên nhân"))
    if texts.shortcomings or texts.causes:
        return blocks + [Block("doan", p) for p in texts.shortcomings + texts.causes]
    weak = now.in_state(OVERDUE, DONE_LATE)
    if not weak:
        return blocks + [Block("doan", "Không có nhiệm vụ quá hạn hoặc hoàn thành trễ hạn.")]
    blocks.append(Block("doan", f"Còn {c.overdue} nhiệm vụ quá hạn và {c.late} nhiệm vụ hoàn thành trễ hạn:"))
    for s in weak:
        cause = f"; nguyên nhân: {lower_first(s.difficulty)}" if s.difficulty else ""
        blocks.append(Block("doan", f"- {s.task.content} (chủ trì: {assignee_name(org, s.task.lead)}): "
                                    f"{_state_phrase(s, with_note=False)}{cause}."))
    return blocks


def _ahead(d: Dossier, now: Snapshot, texts: PeriodTexts) -> list[Block]:
    org = d.organisation
    ahead = period_ahead(now.period, schedule(d))
    if ahead is None:
        blocks = [Block("muc", "IV. NHIỆM VỤ TIẾP TỤC THỰC HIỆN")]
    else:
        blocks = [Block("muc", f"IV. NHIỆM VỤ TRỌNG TÂM {vn.upper(ahead.label)}")]
    if texts.next_tasks:
        return blocks + [Block("doan", p) for p in texts.next_tasks]
    open_ = [s for s in now.tasks if not s.is_done or isinstance(s.task.deadline, Recurrence)]
    listed = [s for s in open_ if s.state == OVERDUE or (
        not isinstance(s.task.deadline, Recurrence) and (ahead is None or s.task.deadline <= ahead.end))]
    # What is already late first, then by deadline; the plan's order among equals.
    listed.sort(key=lambda s: (s.state != OVERDUE, s.task.deadline if isinstance(s.task.deadline, dt.date)
                               else dt.date.max))
    for s in listed:
        blocks.append(Block("doan", f"- {s.task.content} (chủ trì: {assignee_name(org, s.task.lead)}; "
                                    f"thời hạn: {deadline_text(s.task.deadline)})."))
    if any(isinstance(s.task.deadline, Recurrence) for s in now.tasks):
        blocks.append(Block("doan", "- Tiếp tục thực hiện các nhiệm vụ thường xuyên, định kỳ theo Kế hoạch."))
    if len(blocks) == 1:
        blocks.append(Block("doan", "Các nhiệm vụ của Kế hoạch đã hoàn thành; tiếp tục duy trì kết quả đạt được."))
    return blocks


def _figures(c: Counts, brief: bool = False) -> str:
    """Return `đã hoàn thành 9 nhiệm vụ (36%), trong đó đúng hạn 9, trễ hạn 0; đang thực hiện 8 (32%); …`.

    `brief` leaves out the states no task is in (an area's sentence), never the share done.
    """
    done = f"đã hoàn thành {c.done} nhiệm vụ ({c.share(c.done)})"
    if not brief or c.late:
        done += f", trong đó đúng hạn {c.on_time}, trễ hạn {c.late}"
    parts = [done] + [f"{lower_first(state)} {c[state]} ({c.share(c[state])})"
                      for state in (IN_PROGRESS, NOT_STARTED, OVERDUE) if c[state] or not brief]
    return "; ".join(parts)


def _comparison(before: Snapshot, now: Snapshot) -> str:
    """Return `So với quý I năm 2024: tăng 4 nhiệm vụ hoàn thành (từ 5 lên 9); …`."""
    def change(what: str, old: int, new: int) -> str:
        if old == new:
            return f"số nhiệm vụ {what} không đổi ({new})"
        verb = "tăng" if new > old else "giảm"
        return f"{verb} {abs(new - old)} nhiệm vụ {what} (từ {old} {'lên' if new > old else 'xuống'} {new})"

    a, b = before.counts, now.counts
    return (f"So với {before.period.label}: {change('hoàn thành', a.done, b.done)}; "
            f"{change('quá hạn', a.overdue, b.overdue)}.")


def _area_rows(now: Snapshot) -> list[list[str]]:
    def row(tt: str, name: str, c: Counts) -> list[str]:
        return [tt, name, str(c.total), str(c.on_time), str(c.late), str(c.in_progress), str(c.not_started),
                str(c.overdue), c.share(c.done)]

    return [row(vn.roman(int(g.key)), g.name, g.counts) for g in now.areas] + [row("", "Tổng cộng", now.counts)]


def _area_spans(columns: list[list[str]]) -> list[int]:
    """Return the grid spans of the area table: TT and each figure column as narrow as its longest word
    (its header wraps word by word), the area names all the rest — they are what needs the room."""
    unit = layout.TEXT_W / layout.TABLE_GRID

    def least(cells: list[str]) -> int:
        width = max(text_width(w, layout.TABLE_PT, bold=k == 0) for k, c in enumerate(cells) for w in c.split())
        return math.ceil((width / _FIT + layout.CELL_PAD) / unit)

    spans = [least(col) for col in columns]
    spans[1] += layout.TABLE_GRID - sum(spans)
    return spans


def completion_chart(now: Snapshot) -> Chart:
    """Return the chart of each area's tasks by state on the report's day, with the share done."""
    areas = now.areas
    return Chart(
        title=f"Kết quả thực hiện nhiệm vụ theo lĩnh vực đến ngày {vn.short_date(now.day)}",
        categories=tuple(f"{vn.roman(int(g.key))}. {g.name}" for g in areas),  # names are plain text
        series=tuple((label, tuple(g.counts[state] for g in areas)) for label, state in zip(_LEGEND, STATES)),
        ends=tuple(f"{g.counts.done}/{g.counts.total} ({g.counts.share(g.counts.done)})" for g in areas),
    )


def _note(s: TaskStatus) -> str:
    if s.difficulty and s.state in (OVERDUE, DONE_LATE, IN_PROGRESS):
        return f"{s.note}; {lower_first(s.difficulty)}" if s.note else s.difficulty
    return s.note


def _state_phrase(s: TaskStatus, with_note: bool = True) -> str:
    phrase = lower_first(s.state)
    recurring = isinstance(s.task.deadline, Recurrence) and s.task.deadline.unit and s.owed
    if recurring and (s.done or s.state != IN_PROGRESS):
        phrase += f", đã thực hiện {s.done}/{s.owed} {s.task.deadline.unit}"
    elif s.state in (IN_PROGRESS, OVERDUE) and s.percent:
        phrase += f", đạt {s.percent}%"
    if with_note and s.note:
        phrase += f" ({lower_first(s.note)})"
    return phrase
