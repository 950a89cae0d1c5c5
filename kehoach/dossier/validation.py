"""Cross-field rules over a loaded dossier → every problem at once. No I/O."""
from __future__ import annotations

import datetime as dt
import difflib
import re

from ..errors import WARNING, Problem
from ..rules import vn
from ..rules.district import ABOLISHED as DISTRICT_ABOLISHED
from ..rules.district import names_district
from ..rules.periods import periods_for_plan, plan_start
from .model import DIEM, Dossier, Item
from .reader import Marks

# Phụ lục III of ND 30 (case-sensitive): the type codes a typed document may carry.
TYPE_CODES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế", "QyĐ": "Quy định",
    "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn", "CTr": "Chương trình",
    "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án", "BC": "Báo cáo",
    "BB": "Biên bản", "TTr": "Tờ trình", "HĐ": "Hợp đồng", "CĐ": "Công điện", "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận", "GUQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo",
}
AUTHORITY_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
_ID = re.compile(r"^[0-9a-zđ][0-9a-zđ.\-]*$")


def check_dossier(d: Dossier, marks: Marks) -> list[Problem]:
    """Return every problem of `d` that reading alone could not see (errors and warnings)."""
    problems: list[Problem] = []
    folder = marks.folder
    org_file, plan_file = f"{folder}/co-quan.yaml", f"{folder}/ke-hoach.yaml"
    task_file, progress_file = f"{folder}/nhiem-vu.yaml", f"{folder}/tien-do.yaml"
    report_file, notice_file = f"{folder}/bao-cao.yaml", f"{folder}/thong-bao.yaml"

    def add(file, path, message, severity="lỗi"):
        problem = marks.problem(file, path, message, severity)
        if problem not in problems:  # e.g. every task of one wrong area would repeat it
            problems.append(problem)

    org = d.organisation
    officer_ids = [a.id for a in org.assignees]
    paths = [f"don_vi[{i + 1}].ma" for i in range(len(org.units))] + \
        [f"can_bo[{i + 1}].ma" for i in range(len(org.officers))]
    for i, (oid, path) in enumerate(zip(officer_ids, paths)):
        if not _ID.match(oid):
            add(org_file, path, f"mã “{oid}” chỉ được gồm chữ thường, số, dấu “-”")
        if oid in officer_ids[:i]:
            add(org_file, path, f"mã “{oid}” bị trùng (mã của đơn vị và công chức không được trùng nhau)")
    if org.signer.authority and not org.signer.authority.upper().startswith(AUTHORITY_PREFIXES):
        add(org_file, "nguoi_ky.tham_quyen",
            "thẩm quyền ký phải bắt đầu bằng TM., KT., Q., TL. hoặc TUQ. (hoặc để trống khi ký trực tiếp)")

    # Optional files (schema.md): each setting is checked only where its file exists.
    report = [(report_file, d.report)] if d.report is not None else []
    notice = [(notice_file, d.notice)] if d.notice is not None else []
    for file, code in [(plan_file, d.plan.type_code)] + [(f, x.type_code) for f, x in report + notice]:
        if code not in TYPE_CODES:
            add(file, "loai", f"“{code}” không có trong bảng chữ viết tắt loại văn bản (Phụ lục III "
                f"NĐ 30/2020), ví dụ KH, BC, TB")

    for file, recipients in [(plan_file, d.plan.recipients)] + [(f, x.recipients) for f, x in report + notice]:
        _check_recipients(recipients, file, add)
    if d.report and d.report.addressees and d.report.recipients and d.report.recipients[0] != "Như trên":
        add(report_file, "noi_nhan[1]", "báo cáo có “Kính gửi” nên dòng đầu của Nơi nhận nên là “Như trên”",
            WARNING)

    # A number the reader could not read is None: it was reported there, and every check that needs it
    # is skipped here rather than run on a stand-in value (which only adds errors that are not the clerk's).
    year = d.plan.year
    dated = year is not None and d.plan.month is not None  # the plan's month and year (periods, start)
    for path, count in _point_counts(d):
        if count > len(vn.LETTERS):
            add(plan_file, path, f"có {count} điểm, quá {len(vn.LETTERS)} chữ cái a … y dùng để đánh điểm; "
                "hãy tách thành khoản mới")

    sections = d.plan.sections
    task_section = (d.appendix.task_section or 0) if d.appendix else 0
    tasks = d.appendix.tasks if d.appendix else ()
    areas = 0
    if task_section > len(sections):
        add(task_file, "muc", f"kế hoạch chỉ có {len(sections)} mục, không có mục {task_section}")
    elif task_section:
        areas = len(sections[task_section - 1].clauses)
    seen: dict[str, int] = {}
    for task, path in zip(tasks, marks.task_paths):
        if task.id in seen:
            add(task_file, f"{path}.ma", f"mã nhiệm vụ “{task.id}” bị trùng")
        seen[task.id] = 1
        if areas and task.area is not None and not 1 <= task.area <= areas:
            add(task_file, path.rsplit(".nhiem_vu", 1)[0] + ".khoan",
                f"mục {vn.roman(task_section)} của kế hoạch chỉ có {areas} khoản, không có khoản {task.area}")
        if task.lead and task.lead not in officer_ids:
            add(task_file, f"{path}.chu_tri", _unknown_officer(task.lead, officer_ids))
        for k, sid in enumerate(task.support):
            if sid not in officer_ids:
                add(task_file, f"{path}.phoi_hop[{k + 1}]", _unknown_officer(sid, officer_ids))
            elif sid == task.lead:
                add(task_file, f"{path}.phoi_hop[{k + 1}]", "nơi chủ trì không đồng thời là nơi phối hợp")
        if year is not None and isinstance(task.deadline, dt.date) and task.deadline.year != year:
            add(task_file, f"{path}.thoi_han",
                f"thời hạn {vn.table_date(task.deadline)} nằm ngoài năm {year} của kế hoạch")
        elif dated and isinstance(task.deadline, dt.date) and task.deadline < plan_start(year, d.plan.month):
            add(task_file, f"{path}.thoi_han",
                f"thời hạn {vn.table_date(task.deadline)} ở trước tháng {d.plan.month}/{year} ký kế hoạch: "
                "nhiệm vụ không thể quá hạn trước khi kế hoạch ra đời", WARNING)

    for task_id, updates in d.progress.items():
        if task_id not in seen:
            close = difflib.get_close_matches(task_id, list(seen), n=1, cutoff=0.6) or \
                [t for t in seen if t.lower() == task_id.lower()]
            hint = f"; có phải là “{close[0]}”?" if close else ""
            add(progress_file, f"cap_nhat.{task_id}", f"không có nhiệm vụ mã “{task_id}” trong nhiem-vu.yaml{hint}")
        for k, u in enumerate(updates):
            # Quý I's data window opens on 15/12 of the year before.
            if year is not None and not dt.date(year - 1, 12, 15) <= u.date <= dt.date(year, 12, 31):
                add(progress_file, f"cap_nhat.{task_id}[{k + 1}].ngay",
                    f"ngày {vn.table_date(u.date)} nằm ngoài thời gian thực hiện kế hoạch năm {year}")

    for file, doc_year in [(plan_file, d.plan.year)] + [(f, x.year) for f, x in notice]:
        if doc_year is not None and year is not None and doc_year != year:
            add(file, "nam", f"năm {doc_year} khác năm {year} của kế hoạch")

    # Since 01/07/2025 there is no district level: no district supervisor, addressee or recipient.
    late = []
    if _on_or_after(d.plan.year, d.plan.month, DISTRICT_ABOLISHED):
        late.append((plan_file, "noi_nhan", d.plan.recipients))
    if d.notice and _on_or_after(d.notice.year, d.notice.month, DISTRICT_ABOLISHED):
        late.append((notice_file, "noi_nhan", d.notice.recipients))
    if d.report is not None and d.appendix is not None and dated:
        late += _late_report_lists(d, report_file)
    if late:
        _check_district(org.supervisor, org_file, "co_quan_chu_quan", add)
    for file, key, items in late:
        for i, item in enumerate(items):
            _check_district(item, file, f"{key}[{i + 1}]", add)
    if d.report is not None and dated:
        _check_report_periods(d, report_file, add)
    problems += _impossible_dates(marks)
    task_sample = bool(d.appendix and d.appendix.sample)
    if d.progress_sample or task_sample:
        which = [f for f, s in ((task_file, task_sample), (progress_file, d.progress_sample)) if s]
        for f in which:
            add(f, "du_lieu_mau", "tệp đang là dữ liệu mẫu: thay bằng số liệu thật, rồi đổi thành “du_lieu_mau: false” trước khi ban hành",
                WARNING)
    return problems


def _on_or_after(year: int | None, month: int | None, day: dt.date) -> bool:
    """Return whether month/year falls on or after `day`'s month; False when either is unknown."""
    return year is not None and month is not None and dt.date(year, month, 1) >= day


def _late_report_lists(d: Dossier, report_file: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """Return the Kính gửi and Nơi nhận lists of the reports dated after the district level ended."""
    built = periods_for_plan(d.plan.year, d.plan.month, d.report.schedule) if d.appendix.tasks else ()
    out, shared = [], set()
    for period in built:
        if period.end < DISTRICT_ABOLISHED:  # a report is dated on or after its cut-off
            continue
        texts = d.report.texts(period.key)
        for key, own in (("kinh_gui", texts.addressees), ("noi_nhan", texts.recipients)):
            if own is not None:
                out.append((report_file, f"ky.{period.key}.{key}", own))
            else:
                shared.add(key)
    out += [(report_file, key, items) for key, items in (("kinh_gui", d.report.addressees),
                                                         ("noi_nhan", d.report.recipients)) if key in shared]
    return out


def _check_report_periods(d: Dossier, report_file: str, add) -> None:
    """Warn about texts written for a period the plan has no report for (it ended before the plan)."""
    built = {p.key for p in periods_for_plan(d.plan.year, d.plan.month, d.report.schedule)}
    for key in d.report.periods:
        if key not in built:
            add(report_file, f"ky.{key}", f"kỳ “{key}” không có báo cáo vì đã kết thúc trước tháng "
                f"{d.plan.month}/{d.plan.year} ký kế hoạch: phần viết cho kỳ này không được dùng", WARNING)


def _unknown_officer(oid: str, known: list[str]) -> str:
    close = difflib.get_close_matches(oid, known, n=1, cutoff=0.6)
    hint = f"; có phải là “{close[0]}”?" if close else ""
    return f"không có đơn vị hay công chức mã “{oid}” trong co-quan.yaml{hint} (các mã: {', '.join(known)})"


def _point_counts(d: Dossier):
    """Yield (field path, number of điểm) for every container of the plan body that holds điểm."""
    def walk(nodes, path):
        points = sum(1 for n in nodes if isinstance(n, Item) and n.level == DIEM)
        if points:
            yield path, points
        for k, n in enumerate(nodes):
            if isinstance(n, Item) and n.content:
                yield from walk(n.content, f"{path}[{k + 1}].noi_dung")

    for i, section in enumerate(d.plan.sections):
        yield from walk(section.content, f"muc[{i + 1}].noi_dung")


def _check_recipients(recipients, file, add) -> None:
    if not recipients:
        return
    last = recipients[-1]
    if not re.match(r"^Lưu: VT(, .+)?$", last):
        add(file, f"noi_nhan[{len(recipients)}]",
            "dòng cuối của Nơi nhận phải là “Lưu: VT” (có thể thêm đơn vị: “Lưu: VT, VP”)")
    for i, item in enumerate(recipients):
        if item.startswith("-") or item.endswith((";", ".")):
            add(file, f"noi_nhan[{i + 1}]", "không gõ dấu “-” đầu dòng và dấu “;” hay “.” cuối dòng: "
                "chương trình tự thêm", WARNING)


def _check_district(text, file, path, add) -> None:
    if names_district(text):
        add(file, path, "từ ngày 01/7/2025 không còn cấp huyện: văn bản ký sau ngày đó không ghi "
            "cơ quan chủ quản, kính gửi hay nơi nhận là UBND huyện", WARNING)


# Dates typed inside prose: 31/02/2023, 31-02-2023, 31.02.2023, ngày 30 tháng 2 năm 2024 (ASCII digits only).
_PROSE_DATE = re.compile(r"(?<![0-9/.\-])([0-9]{1,2})([/.\-])([0-9]{1,2})\2([0-9]{4})(?![0-9])"
                         r"|ngày\s+([0-9]{1,2})\s+tháng\s+([0-9]{1,2})(?:\s+năm\s+([0-9]{4}))?", re.IGNORECASE)

_DATE_ONLY = re.compile(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}")


def _impossible_dates(marks: Marks) -> list[Problem]:
    """Warn about each date written in a text that is not on the calendar (e.g. `ngày 31/02/2023`)."""
    out = []
    for file, path, line, text in marks.texts:
        if _DATE_ONLY.fullmatch(text):
            continue  # a date field: reading it already reported an impossible date as an error
        for m in _PROSE_DATE.finditer(text):
            if m.group(1):
                day, month, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
            else:  # without a year, 29/2 may be right: check against a leap year
                day, month, year = int(m.group(5)), int(m.group(6)), int(m.group(7) or 2024)
            try:
                dt.date(year, month, day)
            except ValueError:
                out.append(Problem(f"“{m.group(0)}” viết trong nội dung là ngày không có trên lịch; hãy kiểm tra lại",
                                   file=file, line=line, field=path, severity=WARNING))
    return out
