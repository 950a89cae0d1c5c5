"""Commands of the one register for the whole commune: `vao-so`, `nhap-so`, `xuat-so`, `chuyen`, `dinh-chinh`."""
from __future__ import annotations

from pathlib import Path

from ..errors import KehoachError, Problem
from .console import say_once
from .values import data_parent, day, year

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without loading `typing` on every start
if TYPE_CHECKING:
    import datetime as dt


def add_subcommands(sub) -> None:
    data = data_parent()

    p = sub.add_parser(
        "vao-so", parents=[data], help="vào sổ văn bản làm bằng Word, hoặc số đã cấp ở nơi khác",
        description="Vào sổ đăng ký văn bản đi một văn bản không do kehoach soạn. Cách 1: TỆP.docx soạn bằng Word "
        "theo Nghị định 30, để trống số và ngày: kiểm tra thể thức, cấp số tiếp theo, ghi số và ngày vào tệp, lưu "
        "bản gốc. Cách 2: --so 15/QĐ-UBND --ngay … --trich-yeu … --nguoi-ky …: ghi số đã cấp trên giấy hoặc trên "
        "hệ thống điện tử của tỉnh (kèm --ban-goc TỆP.pdf nếu có); số tiếp theo nối sau số này.",
        epilog="Ví dụ: kehoach vao-so QD-khen-thuong.docx --ngay 02/04/2024  |  kehoach vao-so --so 15/QĐ-UBND "
               "--ngay 02/04/2024 --trich-yeu \"Về việc thành lập Tổ công tác\" --nguoi-ky \"Nguyễn Đức Thắng\" "
               "--ban-goc 15-QD-UBND.pdf")
    p.add_argument("file", metavar="TỆP.docx", nargs="?", type=Path, help="văn bản Word để trống số và ngày")
    p.add_argument("--ngay", type=day(), metavar="DD/MM/YYYY",
                   help="ngày ký (văn bản Word: mặc định hôm nay nếu đúng tháng ghi trên văn bản; số cấp ngoài: bắt buộc)")
    p.add_argument("--xac-nhan", action="store_true", help="xác nhận một ngày ở tương lai hoặc ngoài năm ghi trên văn bản")
    p.add_argument("--bo-qua-kiem-tra", action="store_true",
                   help="vẫn vào sổ khi kiểm tra thể thức báo lỗi (người ký đã chấp thuận; sổ ghi chú việc này)")
    p.add_argument("--khong-pdf", action="store_true", help="không lưu kèm bản PDF")
    p.add_argument("--so", metavar="SỐ/KÝ-HIỆU", help="số đã cấp ở nơi khác, ví dụ 15/QĐ-UBND hoặc 07/UBND-VP")
    p.add_argument("--trich-yeu", metavar="\"…\"", help="trích yếu nội dung (với --so)")
    p.add_argument("--nguoi-ky", metavar="\"Họ tên\"", help="họ tên người ký (với --so)")
    p.add_argument("--noi-nhan", metavar="\"A; B\"", action="append",
                   help="nơi nhận, cách nhau bằng dấu chấm phẩy (với --so; mặc định: Lưu: VT)")
    p.add_argument("--loai", metavar="\"Tờ trình\"", help="tên loại văn bản (với --so; mặc định: theo ký hiệu)")
    p.add_argument("--ghi-chu", metavar="\"…\"", help="ghi chú vào cột (10) của sổ (với --so)")
    p.add_argument("--ban-goc", metavar="TỆP.pdf", type=Path,
                   help="bản gốc đã ký (PDF ký số hoặc bản quét, hay .docx) để lưu vào kho (với --so)")
    p.set_defaults(func=run_vao_so)

    p = sub.add_parser(
        "nhap-so", parents=[data], help="nhập sổ đăng ký văn bản đi của một năm từ tệp Excel (.xlsx)",
        description="Nhập các dòng sổ đăng ký văn bản đi đã lập bằng Excel (mười cột của Phụ lục IV Nghị định 30, "
        "dòng tiêu đề (1) … (10)). Mọi ô được kiểm tra trước; có ô sai thì không nhập dòng nào.",
        epilog="Ví dụ: kehoach nhap-so so-van-ban-di-2023.xlsx")
    p.add_argument("file", metavar="TỆP.xlsx", type=Path, help="tệp Excel của sổ")
    p.set_defaults(func=run_nhap_so)

    p = sub.add_parser("xuat-so", parents=[data], help="xuất sổ đăng ký văn bản đi của một năm ra tệp Excel (.xlsx)",
                       epilog="Ví dụ: kehoach xuat-so --nam 2024 --out so-2024.xlsx")
    p.add_argument("--nam", type=year(), help="năm (mặc định: năm gần nhất có văn bản)")
    p.add_argument("--out", dest="xlsx_out", type=Path, metavar="TỆP.xlsx",
                   help="tệp hoặc thư mục ghi (mặc định: thư mục lưu văn bản)")
    p.set_defaults(func=run_xuat_so)
    add_life_commands(sub, data)


def add_life_commands(sub, data) -> None:
    p = sub.add_parser("chuyen", parents=[data], help="ghi cột (8) ngày chuyển và (9) ký nhận của văn bản đã ban hành",
                       epilog="Ví dụ: kehoach chuyen 03/QĐ-UBND --ngay 03/04/2024 --ky-nhan \"Nguyễn Thị Hoa\"")
    p.add_argument("so", metavar="SỐ/KÝ-HIỆU", help="số văn bản, ví dụ 03/QĐ-UBND")
    p.add_argument("--nam", type=year(), help="năm của số (khi nhiều năm có cùng số)")
    p.add_argument("--ngay", type=day(), metavar="DD/MM/YYYY", required=True, help="ngày chuyển văn bản đi")
    p.add_argument("--ky-nhan", required=True, metavar="\"Họ tên\"", help="người (nơi) nhận ký nhận")
    p.add_argument("--xac-nhan", action="store_true", help="xác nhận một ngày chuyển ở tương lai")
    p.set_defaults(func=run_chuyen)

    p = sub.add_parser(
        "dinh-chinh", parents=[data], help="ban hành công văn đính chính sai sót thể thức của văn bản đã ban hành",
        description="Soạn và ban hành (số mới trong sổ) công văn đính chính một văn bản đã ban hành có sai sót về "
        "thể thức, gửi các nơi đã nhận văn bản đó; sổ ghi chú văn bản được đính chính.",
        epilog="Ví dụ: kehoach dinh-chinh 01/KH-UBND --ngay 25/03/2024 --noi-dung \"Tại dòng Nơi nhận, đã ghi "
               "'UBND huyện Hương Sơn'; nay đính chính là 'UBND huyện Hương Sơn (Phòng Nội vụ)'.\"")
    p.add_argument("so", metavar="SỐ/KÝ-HIỆU", help="số của văn bản cần đính chính, ví dụ 01/KH-UBND")
    p.add_argument("--nam", type=year(), help="năm của số (khi nhiều năm có cùng số)")
    p.add_argument("--noi-dung", action="append", required=True, metavar="\"…\"",
                   help="một nội dung đính chính (ghi nhiều lần cho nhiều nội dung)")
    p.add_argument("--ngay", type=day(), metavar="DD/MM/YYYY", help="ngày ký công văn (mặc định: hôm nay)")
    p.add_argument("--xac-nhan", action="store_true", help="xác nhận một ngày ký ở tương lai")
    p.add_argument("--ky-hieu", metavar="UBND-VP", help="ký hiệu công văn (mặc định: <ký hiệu cơ quan>-VP)")
    p.add_argument("--kinh-gui", metavar="\"A; B\"", action="append",
                   help="nơi nhận công văn (mặc định: các nơi đã nhận văn bản được đính chính)")
    p.add_argument("--bo-qua-kiem-tra", action="store_true", help="vẫn ban hành khi kiểm tra thể thức báo lỗi")
    p.add_argument("--khong-pdf", action="store_true", help="không lưu kèm bản PDF")
    p.set_defaults(func=run_dinh_chinh)


def register_project(args):
    """Return the project as the register commands need it: settings and data folder, no dossier required."""
    from ..dossier.settings import load_settings
    from ..pipeline import Project

    data_dir = Path(args.data)
    if not data_dir.is_dir():
        raise KehoachError(f"không có thư mục dữ liệu “{data_dir}”")
    return Project(data_dir, load_settings(data_dir), [])


def run_vao_so(args) -> int:
    import datetime as dt

    from ..register import intake

    project = register_project(args)
    given = args.ngay
    if args.so is not None:
        entry = _record_outside(project, args, given)
    else:
        outside_only = [name for name, value in (("--trich-yeu", args.trich_yeu), ("--nguoi-ky", args.nguoi_ky),
                                                 ("--noi-nhan", args.noi_nhan), ("--loai", args.loai),
                                                 ("--ghi-chu", args.ghi_chu), ("--ban-goc", args.ban_goc))
                        if value]
        if args.file is None:
            raise KehoachError("Cho biết văn bản cần vào sổ: TỆP.docx (văn bản Word để trống số và ngày), hoặc "
                               "--so SỐ/KÝ-HIỆU --ngay … --trich-yeu … --nguoi-ky … cho số đã cấp ở nơi khác.")
        if outside_only:
            raise KehoachError(f"{', '.join(outside_only)} chỉ dùng với --so (số đã cấp ở nơi khác); văn bản Word "
                               "được đọc các thông tin này từ chính văn bản.")
        if args.file.suffix.lower() != ".docx":
            raise KehoachError(Problem("vào sổ từ tệp chỉ nhận văn bản Word .docx để trống số; văn bản đã có số "
                                       "(PDF, bản quét) thì dùng --so … --ban-goc TỆP", file=str(args.file)))
        doc = intake.read_word(args.file)
        when = intake.word_issue_date(doc, given, dt.date.today(), confirmed=args.xac_nhan)
        entry = intake.issue_word(project, doc, when, skip_lint=args.bo_qua_kiem_tra,
                                  make_pdf=not args.khong_pdf, say=say_once())
    _print_entry(project, entry)
    return 0


def _record_outside(project, args, given: dt.date | None):
    import datetime as dt

    from ..register import intake, issuing
    from ..rules.numbering import issue_date

    if args.file is not None:
        raise KehoachError("Với --so, bản gốc đã ký ghi bằng --ban-goc TỆP (không ghi tên tệp riêng).")
    missing = [name for name, value in (("--ngay", given), ("--trich-yeu", args.trich_yeu),
                                        ("--nguoi-ky", args.nguoi_ky)) if not value]
    if missing:
        raise KehoachError(f"Vào sổ số đã cấp ở nơi khác cần {', '.join(missing)}.")
    _, problems = issue_date(given.replace(day=1), given, dt.date.today(), args.xac_nhan)
    if problems:
        raise KehoachError(f"Chưa vào sổ số {args.so}: {'; '.join(problems)}.")
    number = issuing.parse_number(args.so)
    recipients = split_recipients(args.noi_nhan)
    doc = intake.Outside(number, given, args.trich_yeu, args.nguoi_ky, recipients, args.loai, args.ghi_chu or "",
                         args.ban_goc)
    return intake.record_outside(project, doc, say=say_once())


def split_recipients(values: list[str] | None) -> tuple[str, ...]:
    """Return Nơi nhận items from `--noi-nhan "A; B"` (repeatable), `Lưu: VT` added last when missing."""
    items = [" ".join(part.strip().lstrip("-").split()).rstrip(".;") for value in values or () for part in value.split(";")]
    items = [i for i in items if i]
    if not any(i.startswith("Lưu:") for i in items):
        items.append("Lưu: VT")
    return tuple(sorted(items, key=lambda i: i.startswith("Lưu:")))


def _print_entry(project, entry) -> None:
    from ..register import issuing
    from ..rules.vn import table_date

    root = issuing.archive_dir(project)
    print(f"Đã vào sổ: số {entry.number} ngày {table_date(entry.date)} — {entry.type_name} {entry.summary}.")
    if entry.file_path:
        print(f"Bản gốc (chỉ đọc): {root / entry.file_path}")
    else:
        print("Bản gốc: giữ ở Văn thư (bản giấy hoặc trên hệ thống khác), kho lưu chỉ ghi dòng sổ.")
    if entry.pdf_path:
        print(f"Bản PDF (chỉ đọc): {root / entry.pdf_path}")
    if entry.note:
        print(f"Ghi chú trong sổ: {entry.note}")


def run_nhap_so(args) -> int:
    from ..register import workbook

    project = register_project(args)
    rows = workbook.read_workbook(args.file)
    done = workbook.import_rows(project, rows, str(args.file), say=say_once())
    print(f"Đã nhập vào sổ {workbook.summary_line(done)} từ {args.file}.")
    return 0


def run_xuat_so(args) -> int:
    from ..files import write_atomic
    from ..register import issuing, workbook

    project = register_project(args)
    year, rows = issuing.year_rows(project, args.nam)
    target = args.xlsx_out or issuing.archive_dir(project)
    if target.suffix.lower() != ".xlsx":
        target = target / f"so-van-ban-di-{year}.xlsx"
    write_atomic(target, workbook.export_workbook(rows, year, body_name(project, year)))
    print(f"Đã xuất sổ năm {year} ({len(rows)} dòng) ra {target}.")
    return 0


def body_name(project, year: int) -> str:
    """Return the full name of the body issuing in `year`, or a neutral heading when the data has no dossier."""
    from ..pipeline import issuing_body

    org = issuing_body(project, year)
    return org.name if org is not None else "Sổ đăng ký văn bản đi"


def _checked_day(given: dt.date | None, confirmed: bool, what: str) -> dt.date:
    import datetime as dt

    from ..rules.numbering import issue_date

    given = given or dt.date.today()
    _, problems = issue_date(given.replace(day=1), given, dt.date.today(), confirmed)
    if problems:
        raise KehoachError(f"{what}: {'; '.join(problems)}.")
    return given


def run_chuyen(args) -> int:
    from ..register import issuing, lifecycle
    from ..rules.vn import table_date

    project = register_project(args)
    when = _checked_day(args.ngay, args.xac_nhan, "Chưa ghi ngày chuyển")
    before, after = lifecycle.send(project, issuing.parse_number(args.so), args.nam, when, args.ky_nhan)
    print(f"Đã ghi vào sổ: văn bản số {after.label} — (8) ngày chuyển {table_date(after.sent_date)}, "
          f"(9) ký nhận {after.received_by}.")
    if before.sent_date is not None:
        print(f"(Thay cho lần ghi trước: ngày chuyển {table_date(before.sent_date)}, ký nhận {before.received_by}; "
              "nhật ký sổ vẫn giữ lần ghi đó.)")
    return 0


def run_dinh_chinh(args) -> int:
    from ..pipeline import correction_letters, issuing_body
    from ..register import issuing, lifecycle
    from ..rules.vn import table_date

    project = register_project(args)
    when = _checked_day(args.ngay, args.xac_nhan, "Chưa ban hành công văn đính chính")
    recipients = tuple(r for r in split_recipients(args.kinh_gui) if not r.startswith("Lưu:")) or None
    org = issuing_body(project, when.year)
    if org is None:
        raise KehoachError(Problem("cần một hồ sơ có co-quan.yaml để biết cơ quan ban hành và người ký công văn",
                                   file=str(project.data_dir)))
    target, letter = lifecycle.correct(
        project, issuing.parse_number(args.so), args.nam, args.noi_dung, when, code=args.ky_hieu or f"{org.code}-VP",
        letters=correction_letters(project, org), recipients=recipients, skip_lint=args.bo_qua_kiem_tra,
        make_pdf=not args.khong_pdf, say=say_once())
    root = issuing.archive_dir(project)
    print(f"Đã ban hành công văn đính chính số {letter.number} ngày {table_date(letter.date)}: {letter.summary}.")
    print(f"Bản gốc (chỉ đọc): {root / letter.file_path}")
    if letter.pdf_path:
        print(f"Bản PDF (chỉ đọc): {root / letter.pdf_path}")
    print(f"Sổ ghi chú văn bản số {target.label}: {target.note}.")
    return 0
