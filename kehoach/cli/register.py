"""Commands of the Văn thư: `list`, `issue`, `cancel`, `verify`, `register` (number, archive, register book)."""
from __future__ import annotations

from pathlib import Path

from ..errors import KehoachError, Problem
from .console import Progress, say_once
from .values import data_parent, day, number, year

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without loading `typing` on every start
if TYPE_CHECKING:
    import datetime as dt


def add_subcommands(sub) -> None:
    data = data_parent()

    p = sub.add_parser("list", parents=[data], help="liệt kê văn bản: loại, trạng thái, số, ngày",
                       epilog="Ví dụ: kehoach list --json")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=run_list)

    p = sub.add_parser("issue", parents=[data], help="ban hành văn bản: cấp số, ngày, lưu bản gốc, vào sổ",
                       epilog="Ví dụ: kehoach issue son-giang-2024/ke-hoach --ngay 15/03/2024")
    p.add_argument("id", metavar="MÃ", help="mã văn bản, ví dụ son-giang-2024/ke-hoach (xem `kehoach list`)")
    p.add_argument("--ngay", type=day(), metavar="DD/MM/YYYY",
                   help="ngày ký ban hành; bắt buộc, trừ khi văn bản dự kiến ký đúng tháng này (khi đó: hôm nay)")
    p.add_argument("--xac-nhan", action="store_true",
                   help="xác nhận một ngày ở tương lai hoặc ngoài năm của văn bản là đúng ngày ký")
    p.add_argument("--thay-the", action="store_true",
                   help="ban hành văn bản thay thế (số mới) cho văn bản đã ban hành cùng mã")
    p.add_argument("--bo-qua-kiem-tra", action="store_true",
                   help="vẫn ban hành khi kiểm tra thể thức báo lỗi (sổ ghi chú việc này)")
    p.add_argument("--khong-pdf", action="store_true", help="không lưu kèm bản PDF")
    p.set_defaults(func=run_issue)

    p = sub.add_parser("cancel", parents=[data], help="hủy số văn bản đã cấp (số không bao giờ cấp lại)",
                       epilog="Ví dụ: kehoach cancel --so 05/KH-UBND --nam 2024 --ly-do \"Ký nhầm ngày\"")
    p.add_argument("id", metavar="MÃ", nargs="?", help="mã văn bản")
    p.add_argument("--so", metavar="SỐ/KÝ-HIỆU", help="hủy theo số, ví dụ 05/KH-UBND (cần --nam)")
    p.add_argument("--nam", type=year(), help="năm của số cần hủy")
    p.add_argument("--ly-do", required=True, help="lý do hủy, ghi vào cột ghi chú của sổ")
    p.set_defaults(func=run_cancel)

    p = sub.add_parser("verify", parents=[data], help="đối chiếu sổ đăng ký với kho lưu bản gốc",
                       epilog="Ví dụ: kehoach verify --sua")
    p.add_argument("--sua", action="store_true",
                   help="hoàn tất các lần ban hành bị ngắt và xóa tệp tạm (không bao giờ sửa bản gốc)")
    p.add_argument("--khong-pdf", action="store_true", help="khi hoàn tất, không tạo bản PDF")
    p.add_argument("--dung-lai", action="store_true",
                   help="dựng lại sổ đăng ký từ kho lưu khi sổ bị mất, hỏng, bị thay hoặc cũ hơn kho lưu "
                        "(tệp sổ cũ được giữ lại bên cạnh)")
    p.set_defaults(func=run_verify)

    p = sub.add_parser("bo-qua", parents=[data],
                       help="ghi quyết định giữ nguyên văn bản đã ban hành dù dữ liệu/mẫu đã đổi (thôi cảnh báo)",
                       epilog="Ví dụ: kehoach bo-qua son-giang-2024/ke-hoach --ly-do \"Chỉ sửa lỗi gõ trong dữ liệu\"")
    p.add_argument("id", metavar="MÃ", help="mã văn bản đã ban hành")
    p.add_argument("--ly-do", required=True, help="vì sao văn bản đã ban hành vẫn đúng (sổ lưu lại)")
    p.set_defaults(func=run_waive)

    p = sub.add_parser("register", parents=[data], help="in sổ đăng ký văn bản đi của một năm (.docx)",
                       epilog="Ví dụ: kehoach register --nam 2024")
    p.add_argument("--nam", type=year(), help="năm (mặc định: năm gần nhất có văn bản)")
    p.add_argument("--out", dest="book_out", type=Path, metavar="TỆP_HOẶC_THƯ_MỤC",
                   help="tệp hoặc thư mục ghi sổ (mặc định: thư mục lưu văn bản)")
    p.add_argument("--quyen", type=number("--quyen", 1, 99), default=1, help="quyển số (mặc định: 01)")
    p.set_defaults(func=run_register)


def _project(args):
    from ..pipeline import load_project

    return load_project(args.data)


def run_list(args) -> int:
    import json

    from ..register import issuing
    from ..rules.vn import table_date

    project = _project(args)
    states = issuing.document_states(project, args.out)
    folders = {d.name: d.folder for d in project.dossiers}  # ma_ho_so → the folder it lives in today
    if args.json:
        print(json.dumps([
            {"id": s.id, "ma_ho_so": s.id.rsplit("/", 1)[0], "folder": str(folders[s.id.rsplit("/", 1)[0]]),
             "kind": s.kind, "state": s.state, "number": s.number,
             "date": s.date.isoformat() if s.date else None, "path": str(s.path)}
            for s in states
        ], ensure_ascii=False, indent=2))
        return 0
    for name, folder in folders.items():
        print(f"Hồ sơ {name} (ma_ho_so) — thư mục {folder}")
    rows = [("MÃ VĂN BẢN", "LOẠI", "TRẠNG THÁI", "SỐ", "NGÀY")]
    rows += [(s.id, s.kind, s.state, s.number or "", table_date(s.date) if s.date else "") for s in states]
    _print_table(rows)
    return 0


def run_issue(args) -> int:
    import datetime as dt

    from ..pipeline import builder, find_document
    from ..register import issuing
    from ..rules.numbering import issue_date
    from ..rules.vn import table_date

    project = _project(args)
    _refuse_closed(project, args.id)
    _, model = find_document(project, args.id)
    given = args.ngay
    when, problems = issue_date(model.date, given, dt.date.today(), confirmed=args.xac_nhan)
    if problems:
        raise KehoachError(f"Chưa ban hành {args.id}: {'; '.join(problems)}. Chưa số nào được cấp.")
    _refuse_warnings(project, args.id)
    _check_date(project, args.id, when)
    with Progress(f"Đang ban hành {args.id}") as progress:
        entry = issuing.issue(project, args.id, when, builder=builder(), replace=args.thay_the,
                              skip_lint=args.bo_qua_kiem_tra, make_pdf=not args.khong_pdf, say=say_once(progress.say))
    root = issuing.archive_dir(project)
    print(f"Đã ban hành {entry.doc_id}: số {entry.number} ngày {table_date(entry.date)}.")
    print(f"Bản gốc (chỉ đọc): {root / entry.file_path}")
    if entry.pdf_path:
        print(f"Bản PDF (chỉ đọc): {root / entry.pdf_path}")
    if entry.note:
        print(f"Ghi chú trong sổ: {entry.note}")
    if args.thay_the:
        _say_citing(project, entry)
    return 0


def _say_citing(project, entry) -> None:
    """After a replacement, list the issued documents that cite the replaced one: the clerk decides about each."""
    from ..register.lifecycle import citing_replaced

    old, found = citing_replaced(project, entry)
    if old is None:
        return
    if not found:
        print(f"Không văn bản nào đã ban hành (trong kho lưu) trích dẫn văn bản số {old.label}.")
        return
    print(f"Các văn bản đã ban hành trích dẫn văn bản số {old.label} (nay bị thay thế) — xem xét ban hành văn bản "
          "thay thế hoặc công văn đính chính cho từng văn bản:")
    for c in found:
        print(f"  - Số {c.entry.label}: {c.entry.type_name} {c.entry.summary} («{c.where}»)")


def _refuse_closed(project, doc_id: str) -> None:
    from ..pipeline import find_document

    dossier, _ = find_document(project, doc_id)
    if dossier.closed:
        raise KehoachError(Problem(
            f"Chưa ban hành {doc_id}: hồ sơ {dossier.name} đã đóng (dong: true). Muốn ban hành tiếp, xóa dòng "
            "“dong: true” trong ke-hoach.yaml.", file=str(dossier.folder / "ke-hoach.yaml")))


def _refuse_warnings(project, doc_id: str) -> None:
    """A number, once given, is never given again: issue only from data with no warning left."""
    from ..pipeline import find_document

    dossier, _ = find_document(project, doc_id)
    warnings = [w for w in project.warnings if w.file and Path(w.file).parent == dossier.folder]
    if warnings:
        raise KehoachError(warnings + [Problem(
            f"Chưa ban hành {doc_id}: dữ liệu của hồ sơ còn {len(warnings)} cảnh báo. Ban hành sẽ dùng hết một số "
            "trong sổ (không bao giờ cấp lại), nên hãy xử lý các cảnh báo trên trước.")])


def _check_date(project, doc_id: str, when: dt.date) -> None:
    from ..documents.common import issue_date_problem
    from ..pipeline import find_document
    from ..register import issuing

    _, model = find_document(project, doc_id)
    problem = issue_date_problem(model, when, issuing.current_issues(project))
    if problem:
        raise KehoachError(f"Chưa ban hành {doc_id}: {problem}. Ghi ngày ký đúng bằng --ngay DD/MM/YYYY.")


def run_cancel(args) -> int:
    from ..register import issuing

    project = _project(args)
    if (args.id is None) == (args.so is None):
        raise KehoachError("Cho biết văn bản cần hủy: MÃ văn bản, hoặc --so 05/KH-UBND --nam 2024 (chỉ một cách).")
    if args.so is not None:
        if args.nam is None:
            raise KehoachError("Hủy theo số cần ghi năm: --nam 2024 (số bắt đầu lại từ 01 mỗi năm).")
        entry = issuing.cancel(project, args.ly_do, number=issuing.parse_number(args.so), year=args.nam)
    else:
        entry = issuing.cancel(project, args.ly_do, doc_id=args.id)
    what = entry.doc_id or entry.type_name.lower()
    print(f"Đã hủy văn bản số {entry.label} ({what}). Lý do: {entry.cancel_reason}. Số này không được cấp lại.")
    if entry.file_path and "/da-huy/" in entry.file_path:
        print(f"Bản gốc được chuyển vào {issuing.archive_dir(project) / entry.file_path}.")
    return 0


def run_verify(args) -> int:
    from ..pipeline import builder
    from ..register import issuing

    project = _project(args)
    if args.dung_lai:
        return _rebuild(project)
    from ..register.backup import hints

    try:
        with Progress("Đang đối chiếu sổ với kho lưu") as progress:
            problems = issuing.verify(project, repair=args.sua, make_pdf=not args.khong_pdf, builder=builder(),
                                      say=say_once(progress.say))
    except KehoachError as e:
        raise KehoachError(e.problems + hints(project)) from e
    if problems:
        raise KehoachError(problems + hints(project))
    count = sum(len(issuing.register_rows(project, y)) for y in issuing.register_years(project))
    print(f"Sổ đăng ký và kho lưu khớp nhau: {count} dòng, không có lỗi.")
    return 0


def _rebuild(project) -> int:
    from ..register import issuing

    done = issuing.rebuild(project)
    for path in done.set_aside:
        print(f"Tệp sổ cũ được giữ lại: {path}")
    print(f"Đã dựng lại sổ đăng ký {issuing.register_path(project)} từ kho lưu: {len(done.entries)} dòng, "
          f"{done.events} sự kiện, chuỗi mã băm khớp từ sự kiện đầu đến sự kiện cuối.")
    last: dict[tuple[int, str], str] = {}
    for e in done.entries:
        last[(e.year, e.series)] = str(e.number)
    for (in_year, series), highest in sorted(last.items()):
        series_name = "" if series == "chung" else f" (dãy số {series})"
        print(f"  Năm {in_year}{series_name}: số lớn nhất đã cấp {highest}; số tiếp theo tiếp nối sau số này.")
    problems = issuing.verify(project, say=say_once())
    if problems:
        raise KehoachError(problems)
    print("Sổ dựng lại và kho lưu khớp nhau.")
    return 0


def run_waive(args) -> int:
    from ..pipeline import builder
    from ..register import issuing

    project = _project(args)
    entry = issuing.waive(project, args.id, args.ly_do, builder())
    print(f"Đã ghi vào sổ: văn bản số {entry.label} ({entry.doc_id}) giữ nguyên dù dữ liệu/mẫu đã thay đổi. "
          f"Lý do: {entry.waive_reason}. Cảnh báo sẽ hiện lại nếu dữ liệu hoặc mẫu đổi tiếp.")
    return 0


def run_register(args) -> int:
    from ..files import write_atomic
    from ..register import issuing
    from ..register.book import SHORT_TITLES, render_register_book, row_cells

    project = _project(args)
    year, rows = issuing.year_rows(project, args.nam)
    supervisor, body = _body_names(project, year)
    table = [tuple(f"({i + 1}) {name}" for i, name in enumerate(SHORT_TITLES))]
    for entry, remarks in rows:
        cells = row_cells(entry, remarks)
        table.append(tuple(c.replace("\n", " ") for c in cells))
    print(f"SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM {year} — {body}")
    if rows:
        _print_table(table, limit=40)
    else:
        print(f"Năm {year} sổ chưa có văn bản nào được đăng ký.")
    data = render_register_book(rows, year, body=body, supervisor=supervisor, volume=args.quyen)
    target = args.book_out or issuing.archive_dir(project)
    if target.suffix.lower() != ".docx":
        target = target / f"so-van-ban-di-{year}.docx"
    write_atomic(target, data)
    print(f"Đã ghi sổ để in và đóng quyển: {target}")
    return 0


def _body_names(project, year: int) -> tuple[str, str]:
    """Return (cơ quan chủ quản, tên cơ quan) of the body issuing in `year`; blank when the data has no dossier."""
    from ..pipeline import issuing_body

    org = issuing_body(project, year)
    return (org.supervisor, org.name) if org is not None else ("", "")


def _print_table(rows: list[tuple[str, ...]], limit: int = 60) -> None:
    cut = [tuple(c if len(c) <= limit else c[: limit - 1] + "…" for c in row) for row in rows]
    widths = [max(len(row[i]) for row in cut) for i in range(len(cut[0]))]
    for row in cut:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
