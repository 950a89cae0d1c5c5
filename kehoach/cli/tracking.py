"""Commands that follow the plan through the year: `tinh-hinh` (where tasks stand on a day), `xuat-tien-do` /
`nhap-tien-do` (progress sheets for the officers, in Excel) and `lich` (deadlines as calendars)."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import KehoachError, Problem
from .values import add_data, number

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without loading `typing` on every start
if TYPE_CHECKING:
    import datetime as dt

    from ..rules.periods import Period
    from ..tracking.status import Counts, Snapshot

# The dossier, report and tracking code loads when one of these commands runs, not when the
# parser is built: `kehoach --help` and every other command start without it.


def add_subcommands(sub) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("ho_so", metavar="HỒ_SƠ", help="tên thư mục hồ sơ trong data/, ví dụ son-giang-2024")
    # SUPPRESS: a value given before the subcommand (`--data X tinh-hinh`) is not reset to the default.
    add_data(common)

    p = sub.add_parser("tinh-hinh", parents=[common],
                       help="tình hình thực hiện đến một ngày: quá hạn, sắp đến hạn, đã xong, theo người và lĩnh vực",
                       epilog="Ví dụ: kehoach tinh-hinh son-giang-2024 --ngay 14/06/2024")
    p.add_argument("--ngay", metavar="DD/MM/YYYY", help="tính đến hết ngày này, trong năm của kế hoạch (mặc định: hôm nay; kế hoạch đã hết năm thì ngày 31/12)")
    p.add_argument("--so-ngay", type=number("--so-ngay", 0, 366), default=30, metavar="N", help="“sắp đến hạn” là trong bao nhiêu ngày (mặc định 30)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=run_status)

    p = sub.add_parser("xuat-tien-do", parents=[common],
                       help="xuất phiếu Excel cập nhật tiến độ cho từng công chức, đơn vị chủ trì",
                       epilog="Ví dụ: kehoach xuat-tien-do son-giang-2024 --ky 6-thang")
    p.add_argument("--ky", metavar="KỲ", help="kỳ báo cáo: quy-1, 6-thang, quy-3, nam (hoặc quy-2, quy-4 khi báo "
                                               "cáo theo quý); mặc định: kỳ của hôm nay")
    p.add_argument("--out", type=Path, metavar="THƯ_MỤC", default=argparse.SUPPRESS, help="thư mục ghi phiếu (mặc định: out)")
    p.set_defaults(func=run_export)

    p = sub.add_parser("nhap-tien-do", parents=[common],
                       help="nhập các phiếu Excel đã điền vào tien-do.yaml (kiểm tra từng ô; lỗi thì không ghi gì)",
                       epilog="Ví dụ: kehoach nhap-tien-do son-giang-2024 out/son-giang-2024/tien-do-6-thang/*.xlsx")
    p.add_argument("files", metavar="TỆP", nargs="+", type=Path, help="các tệp .xlsx đã điền")
    p.set_defaults(func=run_import)

    p = sub.add_parser("lich", parents=[common],
                       help="ghi lịch các thời hạn (.ics) cho từng công chức, đơn vị và cho cả kế hoạch",
                       epilog="Ví dụ: kehoach lich son-giang-2024")
    p.add_argument("--out", type=Path, metavar="THƯ_MỤC", default=argparse.SUPPRESS, help="thư mục ghi lịch (mặc định: out)")
    p.set_defaults(func=run_calendar)


def _open(args):
    """Return the folder and data of the dossier named on the command line, when it has tasks to follow."""
    from ..pipeline import open_dossier
    from ..tracking.status import tasks

    folder, d, _ = open_dossier(args.data, args.ho_so)
    if not tasks(d):
        raise KehoachError(Problem(f"hồ sơ “{d.name}” chưa có nhiệm vụ: không có gì để theo dõi",
                                   file=str(folder / "nhiem-vu.yaml")))
    return folder, d


def _day(text: str | None, year: int) -> dt.date:
    """Return the day of --ngay, refused outside the plan's `year`; without it today, or the plan's last day
    once its year is over (a clerk looking back at last year's plan wants where it ended)."""
    import datetime as dt
    import sys

    from ..rules import vn
    from .values import day as date_option

    if not text:
        today = dt.date.today()
        if today.year > year:
            day = dt.date(year, 12, 31)
            print(f"Kế hoạch năm {year} đã hết năm: tính đến hết ngày {vn.table_date(day)} "
                  f"(ghi --ngay để chọn ngày khác trong năm {year}).", file=sys.stderr)
            return day
        if today.year < year:  # every task would read "chưa triển khai" of a plan not yet in force
            raise KehoachError(f"hôm nay ({vn.table_date(today)}) kế hoạch năm {year} chưa bắt đầu: ghi --ngay "
                               f"một ngày trong năm {year}, ví dụ --ngay 14/06/{year}")
        return today
    day = date_option("--ngay")(text)
    if day.year != year:
        raise KehoachError(Problem(f"ngày {vn.table_date(day)} không thuộc năm {year} của kế hoạch; ghi một ngày "
                                   f"trong năm {year}", field="--ngay"))
    return day


def run_status(args) -> int:
    import json

    from ..tracking.status import as_dict, snapshot

    _, d = _open(args)
    snap = snapshot(d, _day(args.ngay, d.plan.year))
    if args.json:
        print(json.dumps(as_dict(snap, args.so_ngay), ensure_ascii=False, indent=2))
        return 0
    print(_status_text(snap, args.so_ngay))
    return 0


def _status_text(snap: Snapshot, days: int) -> str:
    import datetime as dt

    from ..rules import markup, vn

    c = snap.counts
    out = [(f"Tình hình thực hiện Kế hoạch đến hết ngày {vn.table_date(snap.day)} — kỳ {snap.period.label} "
            f"(số liệu tính từ ngày {vn.table_date(snap.period.start)})"),
           f"Tổng số {c.total} nhiệm vụ: {_counts_line(c)}.", ""]

    def listing(title: str, items, extra) -> None:
        out.append(f"{title} ({len(items)}):")
        out.extend(f"  {s.task.id:<5} {markup.plain(s.task.content)} — {extra(s)}" for s in items)
        if not items:
            out.append("  (không có)")
        out.append("")

    names = {g.key: g.name for g in snap.leads}

    def lead(s) -> str:
        return names[s.task.lead]

    listing("Quá hạn", snap.in_state("Quá hạn"), lambda s: f"{lead(s)}; tiến độ {s.progress}")
    until = snap.day + dt.timedelta(days=days)
    listing(f"Đến hạn trong {days} ngày tới (đến hết {vn.table_date(until)})", snap.due_soon(days),
            lambda s: f"{lead(s)}; hạn {vn.table_date(s.next_due)}; tiến độ {s.progress}")
    listing("Đã hoàn thành", [s for s in snap.tasks if s.is_done],
            lambda s: f"{lead(s)}; {s.state.lower()}" + (f" ngày {vn.table_date(s.done_on)}" if s.done_on else ""))
    for title, groups in (("Theo người, đơn vị chủ trì", snap.leads), ("Theo lĩnh vực", snap.areas)):
        out.append(f"{title}:")
        out.extend(f"  {g.name}: {g.counts.total} nhiệm vụ; {_counts_line(g.counts)}" for g in groups)
        out.append("")
    return "\n".join(out).rstrip()


def _counts_line(c: Counts) -> str:
    return (f"hoàn thành {c.done} ({c.share(c.done)}; đúng hạn {c.on_time}, trễ hạn {c.late}), "
            f"đang thực hiện {c.in_progress} ({c.share(c.in_progress)}), "
            f"chưa triển khai {c.not_started} ({c.share(c.not_started)}), quá hạn {c.overdue} ({c.share(c.overdue)})")


def _period(d, key: str | None) -> Period:
    import datetime as dt

    from ..documents.report import report_periods_of
    from ..rules.periods import period_on
    from ..tracking.status import schedule

    periods = {p.key: p for p in report_periods_of(d)}
    if key is None:
        today = dt.date.today()
        key = period_on(today, d.plan.year, schedule(d)).key if today.year == d.plan.year else None
        if key not in periods:
            raise KehoachError(Problem(f"hôm nay không thuộc kỳ báo cáo nào của kế hoạch năm {d.plan.year}: "
                                       f"ghi --ky, một trong: {', '.join(periods) or '(không có)'}", field="--ky"))
    if key not in periods:
        raise KehoachError(Problem(f"kế hoạch không có kỳ báo cáo “{key}”; các kỳ: "
                                   f"{', '.join(periods) or '(không có)'}", field="--ky"))
    return periods[key]


def _write_set(folder: Path, files: dict[str, bytes]) -> None:
    """Write `files` (name → bytes) into `folder`, all of them or none, and list them."""
    from ..files import write_all_atomic

    write_all_atomic([(folder / name, data) for name, data in files.items()])
    for name in files:
        print(f"  {folder / name}")


def run_export(args) -> int:
    # openpyxl and icalendar load only for the commands that use them: every other command starts faster.
    from ..inputs.progress_excel import export_sheets

    _, d = _open(args)
    period = _period(d, args.ky)
    sheets = export_sheets(d, period)
    folder = Path(args.out) / d.name / f"tien-do-{period.key}"
    _write_set(folder, sheets)
    print(f"Đã ghi {len(sheets)} phiếu tiến độ {period.label} vào {folder}/. Gửi mỗi người chủ trì tệp của mình; "
          f"khi nhận lại: kehoach nhap-tien-do {args.ho_so} {folder}/*.xlsx")
    return 0


def run_import(args) -> int:
    import datetime as dt

    from ..inputs.progress_excel import describe_change, read_sheets, write_changes
    from ..pipeline import open_dossier
    from ..tracking.status import tasks

    folder, d = _open(args)
    if d.plan.closed:
        raise KehoachError(Problem(f"hồ sơ “{d.name}” đã đóng (dong: true): không ghi thêm tiến độ",
                                   file=str(folder / "ke-hoach.yaml"), field="dong"))
    changes = read_sheets(d, args.files, dt.date.today())
    if not changes:
        print("Không có thay đổi nào so với tiến độ đã ghi.")
        return 0
    target = folder / "tien-do.yaml"
    write_changes(target, changes, [t.id for t in tasks(d)])
    open_dossier(args.data, str(folder))  # the file just written must load as before: fail loudly if not
    print(f"Đã ghi {len(changes)} thay đổi vào {target}:")
    for c in changes:
        print(f"  {describe_change(c, d.organisation)}")
    print("Dựng lại các báo cáo bằng lệnh: kehoach build")
    return 0


def run_calendar(args) -> int:
    from ..rules import vn
    from ..tracking.calendar import lead_calendars, plan_calendar

    _, d = _open(args)
    files = {"lich-ke-hoach.ics": plan_calendar(d)}
    files.update({f"lich-{vn.ascii_name(code) or 'x'}.ics": data for code, data in lead_calendars(d).items()})
    folder = Path(args.out) / d.name / "lich"
    _write_set(folder, files)
    print(f"Đã ghi {len(files)} tệp lịch vào {folder}/: mở bằng Outlook hoặc gửi vào điện thoại "
          f"(mỗi thời hạn có lời nhắc trước 7 ngày).")
    return 0
