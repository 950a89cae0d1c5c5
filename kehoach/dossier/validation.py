"""Cross-field rules over a loaded dossier → every problem at once. No I/O."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from ..errors import ERROR, WARNING, Problem
from ..rules import vn
from ..rules.district import ABOLISHED as DISTRICT_ABOLISHED
from ..rules.district import after_abolition, names_district
from ..rules.doc_types import TYPE_NAMES
from ..rules.numbering import code_problem, ky_hieu, shown
from ..rules.periods import periods_for_plan, plan_start
from .model import DIEM, Dossier, Item
from .reader import Marks

AUTHORITY_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")
_ID = re.compile(r"^[0-9a-zđ][0-9a-zđ.\-]*$")


@dataclass(frozen=True)
class _Files:
    """The path of each file of the dossier, as problems name them."""

    org: str
    plan: str
    tasks: str
    progress: str
    report: str
    notice: str

    @classmethod
    def of(cls, folder: str) -> _Files:
        return cls(*(f"{folder}/{name}" for name in ("co-quan.yaml", "ke-hoach.yaml", "nhiem-vu.yaml",
                                                      "tien-do.yaml", "bao-cao.yaml", "thong-bao.yaml")))


class _Found:
    """The problems found so far, located through the dossier's line marks, each kept once."""

    def __init__(self, marks: Marks):
        self.marks, self.problems = marks, []

    def __call__(self, file: str, path: str, message: str, severity: str = ERROR) -> None:
        problem = self.marks.problem(file, path, message, severity)
        if problem not in self.problems:  # e.g. every task of one wrong area would repeat it
            self.problems.append(problem)


def check_dossier(d: Dossier, marks: Marks) -> list[Problem]:
    """Return every problem of `d` that reading alone could not see (errors and warnings)."""
    files, add = _Files.of(marks.folder), _Found(marks)
    _check_organisation(d, files, add)
    _check_documents(d, files, add)
    _check_point_counts(d, files, add)
    _check_tasks(d, marks.task_paths, files, add)
    _check_progress(d, files, add)
    _check_years(d, files, add)
    _check_district_names(d, files, add)
    if d.report is not None and d.plan.year is not None and d.plan.month is not None:
        _check_report_periods(d, files.report, add)
    add.problems += _impossible_dates(marks)
    _check_sample_data(d, files, add)
    return add.problems


# A number the reader could not read is None: it was reported there, and every check that needs it
# is skipped here rather than run on a stand-in value (which only adds errors that are not the clerk's).


def _check_organisation(d: Dossier, files: _Files, add: _Found) -> None:
    """Codes of officers and units (form, unique) and the signer's authority."""
    org = d.organisation
    officer_ids = [a.id for a in org.assignees]
    paths = [f"don_vi[{i + 1}].ma" for i in range(len(org.units))] + \
        [f"can_bo[{i + 1}].ma" for i in range(len(org.officers))]
    for i, (oid, path) in enumerate(zip(officer_ids, paths)):
        if not _ID.match(oid):
            add(files.org, path, f"mã “{oid}” chỉ được gồm chữ thường, số, dấu “-”")
        if oid in officer_ids[:i]:
            add(files.org, path, f"mã “{oid}” bị trùng (mã của đơn vị và công chức không được trùng nhau)")
    if org.signer.authority and not org.signer.authority.upper().startswith(AUTHORITY_PREFIXES):
        add(files.org, "nguoi_ky.tham_quyen",
            "thẩm quyền ký phải bắt đầu bằng TM., KT., Q., TL. hoặc TUQ. (hoặc để trống khi ký trực tiếp)")


def _documents(d: Dossier, files: _Files) -> list[tuple[str, object]]:
    """Return (file, settings) of the plan and of the report and notice where their files exist (schema.md)."""
    return [(files.plan, d.plan)] + [(f, x) for f, x in ((files.report, d.report), (files.notice, d.notice))
                                     if x is not None]


def _check_documents(d: Dossier, files: _Files, add: _Found) -> None:
    """Each document's type code, the ký hiệu it makes with the body's, and its Nơi nhận."""
    documents = _documents(d, files)
    for file, doc in documents:
        if doc.type_code not in TYPE_NAMES:
            add(file, "loai", f"“{doc.type_code}” không có trong bảng chữ viết tắt loại văn bản (Phụ lục III "
                f"NĐ 30/2020), ví dụ KH, BC, TB")
    _check_issuer_code(d, [doc.type_code for _, doc in documents], files, add)
    for file, doc in documents:
        _check_recipients(doc.recipients, file, add)
    if d.report and d.report.addressees and d.report.recipients and d.report.recipients[0] != "Như trên":
        add(files.report, "noi_nhan[1]", "báo cáo có “Kính gửi” nên dòng đầu của Nơi nhận nên là “Như trên”",
            WARNING)


def _check_issuer_code(d: Dossier, type_codes: list[str], files: _Files, add: _Found) -> None:
    """Check the ký hiệu each document will carry as issuing will: co-quan.yaml's `ky_hieu` is half of it."""
    issuer = d.organisation.code
    if not issuer:
        return  # reading reported the missing value
    for type_code in dict.fromkeys(c for c in type_codes if c in TYPE_NAMES):
        code = ky_hieu(type_code, issuer)
        why = code_problem(code)
        if why is not None:
            add(files.org, "ky_hieu", f"ký hiệu văn bản sẽ là “{shown(code)}”, mà ký hiệu {why}: “ky_hieu” là "
                "chữ viết tắt tên cơ quan, chữ in hoa, ví dụ UBND")
            return


def _check_point_counts(d: Dossier, files: _Files, add: _Found) -> None:
    """A container of the plan body cannot hold more điểm than there are letters to number them."""
    for path, count in _point_counts(d):
        if count > len(vn.LETTERS):
            add(files.plan, path, f"có {count} điểm, quá {len(vn.LETTERS)} chữ cái a … y dùng để đánh điểm; "
                "hãy tách thành khoản mới")


def _check_tasks(d: Dossier, task_paths: list[str], files: _Files, add: _Found) -> None:
    """Each task: a unique id, an area the plan has, known lead and support, a deadline in the plan's year."""
    year, month = d.plan.year, d.plan.month
    officer_ids = [a.id for a in d.organisation.assignees]
    sections = d.plan.sections
    task_section = (d.appendix.task_section or 0) if d.appendix else 0
    areas = 0
    if task_section > len(sections):
        add(files.tasks, "muc", f"kế hoạch chỉ có {len(sections)} mục, không có mục {task_section}")
    elif task_section:
        areas = len(sections[task_section - 1].clauses)
    seen: set[str] = set()
    for task, path in zip(d.appendix.tasks if d.appendix else (), task_paths):
        if task.id in seen:
            add(files.tasks, f"{path}.ma", f"mã nhiệm vụ “{task.id}” bị trùng")
        seen.add(task.id)
        if areas and task.area is not None and not 1 <= task.area <= areas:
            add(files.tasks, path.rsplit(".nhiem_vu", 1)[0] + ".khoan",
                f"mục {vn.roman(task_section)} của kế hoạch chỉ có {areas} khoản, không có khoản {task.area}")
        if task.lead and task.lead not in officer_ids:
            add(files.tasks, f"{path}.chu_tri", _unknown_officer(task.lead, officer_ids))
        for k, sid in enumerate(task.support):
            if sid not in officer_ids:
                add(files.tasks, f"{path}.phoi_hop[{k + 1}]", _unknown_officer(sid, officer_ids))
            elif sid == task.lead:
                add(files.tasks, f"{path}.phoi_hop[{k + 1}]", "nơi chủ trì không đồng thời là nơi phối hợp")
        if year is not None and isinstance(task.deadline, dt.date) and task.deadline.year != year:
            add(files.tasks, f"{path}.thoi_han",
                f"thời hạn {vn.table_date(task.deadline)} nằm ngoài năm {year} của kế hoạch")
        elif year is not None and month is not None and isinstance(task.deadline, dt.date) \
                and task.deadline < plan_start(year, month):
            add(files.tasks, f"{path}.thoi_han",
                f"thời hạn {vn.table_date(task.deadline)} ở trước tháng {month}/{year} ký kế hoạch: "
                "nhiệm vụ không thể quá hạn trước khi kế hoạch ra đời", WARNING)


def _check_progress(d: Dossier, files: _Files, add: _Found) -> None:
    """Progress names tasks that exist, on dates inside the plan's year (Quý I's window opens 15/12 before)."""
    known = list(dict.fromkeys(t.id for t in (d.appendix.tasks if d.appendix else ())))
    year = d.plan.year
    for task_id, updates in d.progress.items():
        if task_id not in known:
            close = difflib.get_close_matches(task_id, known, n=1, cutoff=0.6) or \
                [t for t in known if t.lower() == task_id.lower()]
            hint = f"; có phải là “{close[0]}”?" if close else ""
            add(files.progress, f"cap_nhat.{task_id}", f"không có nhiệm vụ mã “{task_id}” trong nhiem-vu.yaml{hint}")
        for k, u in enumerate(updates):
            if year is not None and not dt.date(year - 1, 12, 15) <= u.date <= dt.date(year, 12, 31):
                add(files.progress, f"cap_nhat.{task_id}[{k + 1}].ngay",
                    f"ngày {vn.table_date(u.date)} nằm ngoài thời gian thực hiện kế hoạch năm {year}")


def _check_years(d: Dossier, files: _Files, add: _Found) -> None:
    """The plan and its notice are signed in the same year."""
    year = d.plan.year
    notice = [(files.notice, d.notice.year)] if d.notice is not None else []
    for file, doc_year in [(files.plan, d.plan.year)] + notice:
        if doc_year is not None and year is not None and doc_year != year:
            add(file, "nam", f"năm {doc_year} khác năm {year} của kế hoạch")


def _check_district_names(d: Dossier, files: _Files, add: _Found) -> None:
    """Since 01/07/2025 there is no district level: no district supervisor, addressee or recipient."""
    late = []
    if _after_abolition(d.plan.year, d.plan.month):
        late.append((files.plan, "noi_nhan", d.plan.recipients))
    if d.notice and _after_abolition(d.notice.year, d.notice.month):
        late.append((files.notice, "noi_nhan", d.notice.recipients))
    if d.report is not None and d.appendix is not None and d.plan.year is not None and d.plan.month is not None:
        late += _late_report_lists(d, files.report)
    if late:
        _check_district(d.organisation.supervisor, files.org, "co_quan_chu_quan", add)
    for file, key, items in late:
        for i, item in enumerate(items):
            _check_district(item, file, f"{key}[{i + 1}]", add)


def _check_sample_data(d: Dossier, files: _Files, add: _Found) -> None:
    """Sample data left in a file would be issued as if it were real."""
    task_sample = bool(d.appendix and d.appendix.sample)
    for file, sample in ((files.tasks, task_sample), (files.progress, d.progress_sample)):
        if sample:
            add(file, "du_lieu_mau", "tệp đang là dữ liệu mẫu: thay bằng số liệu thật, rồi đổi thành "
                "“du_lieu_mau: false” trước khi ban hành", WARNING)


def _after_abolition(year: int | None, month: int | None) -> bool:
    """rules.district.after_abolition, False when the date is unknown (another check reports that)."""
    return year is not None and month is not None and after_abolition(year, month)


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
