"""Load a dossier's YAML (Vietnamese keys) into typed values, keeping line marks; the only code that sees raw YAML."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..errors import WARNING, KehoachError, Problem
from ..rules import markup
from ..rules.dossier_id import DOSSIER_ID_RULE, dossier_id_from, is_dossier_id
from ..rules.periods import CCHC, QUARTERLY, RECURRENCES, SCHEDULES, report_periods
from ..rules.typed_numbers import typed_number
from .model import (
    DIEM,
    KHOAN,
    LEVELS,
    TIEU_KHOAN,
    Appendix,
    Dossier,
    Item,
    NoticeSettings,
    Officer,
    Organisation,
    Para,
    PeriodTexts,
    PlanText,
    ReportSettings,
    Section,
    Signer,
    Table,
    Task,
    Unit,
    Update,
    Y,
)
from .reader import Marks, Node, Reader, read_yaml

DOSSIER_ID_KEY = "ma_ho_so"
# Only the organisation and the plan are needed; the rest is built when its data exist (schema.md).
REQUIRED = ("co-quan.yaml", "ke-hoach.yaml")
OPTIONAL = ("nhiem-vu.yaml", "tien-do.yaml", "bao-cao.yaml", "thong-bao.yaml")
FILES = REQUIRED + OPTIONAL


def load_dossier(folder: Path) -> tuple[Dossier, Marks, list[Problem]]:
    """Read one dossier folder; return it with the field problems found while reading.

    Raise KehoachError when a file is missing or not YAML at all. Field problems are
    returned instead, so that validation can add its own and the clerk sees all at once.
    """
    folder = Path(folder)
    problems: list[Problem] = []
    marks = Marks(folder=str(folder))
    roots: dict[str, Node] = {}
    for name in FILES:
        path = folder / name
        shown = str(path)
        if not path.exists() and not path.is_symlink():  # a folder or a link is read (and refused) below
            if name in REQUIRED:
                problems.append(Problem(f"thiếu tệp dữ liệu {name} trong hồ sơ {folder.name}", file=shown))
            continue
        try:
            roots[name] = read_yaml(path, shown, folder)
        except KehoachError as e:
            problems.extend(e.problems)
    if problems:
        raise KehoachError(problems)

    def reader(name: str) -> Reader:
        return Reader(str(folder / name), marks, problems)

    dossier_id = _dossier_id(reader("ke-hoach.yaml"), roots["ke-hoach.yaml"], folder)
    org = _organisation(reader("co-quan.yaml"), roots["co-quan.yaml"])
    plan = _plan(reader("ke-hoach.yaml"), roots["ke-hoach.yaml"])
    def optional(name, read, absent=None):
        return read(reader(name), roots[name]) if name in roots else absent

    appendix = optional("nhiem-vu.yaml", _appendix)
    progress, sample = optional("tien-do.yaml", _progress, ({}, False))
    report = optional("bao-cao.yaml", _report)
    notice = optional("thong-bao.yaml", _notice)
    dossier = Dossier(dossier_id, org, plan, appendix, progress, sample, report, notice)
    return dossier, marks, problems


def default_dossier_id(folder: Path) -> str:
    """Return the id a dossier without `ma_ho_so` gets: its folder name as lowercase ASCII with `-`."""
    return dossier_id_from(folder.name)


def _dossier_id(r: Reader, root: Node, folder: Path) -> str:
    """Return the dossier's stable id (`ma_ho_so`, schema.md): document ids survive a renamed folder."""
    node = root.value.get(DOSSIER_ID_KEY) if isinstance(root.value, dict) else None
    if node is None:
        return default_dossier_id(folder)
    value = r.text(node, DOSSIER_ID_KEY)
    if value and not is_dossier_id(value):
        r.fail(node, DOSSIER_ID_KEY, f"mã hồ sơ {DOSSIER_ID_RULE} (ví dụ son-giang-2024)")
    return value or default_dossier_id(folder)


def _organisation(r: Reader, root: Node) -> Organisation:
    m = r.mapping(root, "", ("co_quan", "ten_viet_tat", "dong_ten_co_quan", "ky_hieu", "dia_danh",
                             "nguoi_ky"), ("co_quan_chu_quan", "can_bo", "don_vi"))
    signer_map = r.mapping(m["nguoi_ky"], "nguoi_ky", ("tham_quyen", "chuc_vu", "ho_ten")) \
        if "nguoi_ky" in m else {}
    signer = Signer(r.text(signer_map.get("tham_quyen"), "nguoi_ky.tham_quyen", default=""),
                    r.text(signer_map.get("chuc_vu"), "nguoi_ky.chuc_vu"),
                    r.text(signer_map.get("ho_ten"), "nguoi_ky.ho_ten"))
    if m and "can_bo" not in m and "don_vi" not in m:
        r.fail(root, "can_bo", "cần ít nhất một trong hai danh sách “can_bo” (công chức) hoặc “don_vi” "
               "(đơn vị) để giao nhiệm vụ")
    officers = []
    for path, node in r.items(m.get("can_bo"), "can_bo"):
        o = r.mapping(node, path, ("ma", "chuc_danh"), ("ho_ten",))
        officers.append(Officer(r.text(o.get("ma"), f"{path}.ma"),
                                r.text(o.get("chuc_danh"), f"{path}.chuc_danh"),
                                r.text(o.get("ho_ten"), f"{path}.ho_ten", default="")))
    units = []
    for path, node in r.items(m.get("don_vi"), "don_vi"):
        u = r.mapping(node, path, ("ma", "ten"))
        units.append(Unit(r.text(u.get("ma"), f"{path}.ma"), r.text(u.get("ten"), f"{path}.ten")))
    return Organisation(
        supervisor=r.text(m.get("co_quan_chu_quan"), "co_quan_chu_quan", default=""),
        name=r.text(m.get("co_quan"), "co_quan"),
        short_name=r.text(m.get("ten_viet_tat"), "ten_viet_tat"),
        header_lines=r.texts(m.get("dong_ten_co_quan"), "dong_ten_co_quan"),
        code=r.text(m.get("ky_hieu"), "ky_hieu"),
        place=r.text(m.get("dia_danh"), "dia_danh"),
        signer=signer,
        officers=tuple(officers),
        units=tuple(units),
    )


def _plan(r: Reader, root: Node) -> PlanText:
    m = r.mapping(root, "", ("loai", "thang", "nam", "trich_yeu", "muc", "noi_nhan"),
                  ("mo_dau", "ket_thuc", "dong", DOSSIER_ID_KEY))
    sections = []
    for path, node in r.items(m.get("muc"), "muc"):
        sections.append(_section(r, node, path))
    return PlanText(
        type_code=r.text(m.get("loai"), "loai"),
        month=r.integer(m.get("thang"), "thang", 1, 12),
        year=r.integer(m.get("nam"), "nam", 1945, 2999),
        summary=_rich(r, m.get("trich_yeu"), "trich_yeu"),
        preamble=_body(r, m.get("mo_dau"), "mo_dau", _OUTSIDE, allow_empty=True),
        sections=tuple(sections),
        closing=_body(r, m.get("ket_thuc"), "ket_thuc", _OUTSIDE, allow_empty=True),
        recipients=r.texts(m.get("noi_nhan"), "noi_nhan"),
        closed=r.boolean(m.get("dong"), "dong"),
    )


# ---------------------------------------------------------------- plan body
# Which numbered items a container may hold: a level may be skipped (a mục may hold điểm), never
# reversed, and a tiểu khoản (1.1.) only exists inside a khoản. Ý (-) may sit anywhere.
_OUTSIDE, _MUC = "ngoai", "muc"
_CHILDREN = {
    _OUTSIDE: (Y,),
    _MUC: (KHOAN, DIEM, Y),
    KHOAN: (TIEU_KHOAN, DIEM, Y),
    TIEU_KHOAN: (DIEM, Y),
    DIEM: (Y,),
}
_ITEM_KEYS = LEVELS + ("bang",)
_WHERE = {_OUTSIDE: "ở phần mở đầu/kết thúc", _MUC: "trong một mục", KHOAN: "trong một khoản",
          TIEU_KHOAN: "trong một tiểu khoản", DIEM: "trong một điểm"}
_LEVEL_NAMES = {KHOAN: "khoản (1.)", TIEU_KHOAN: "tiểu khoản (1.1.)", DIEM: "điểm (a))", Y: "ý (-)"}


def _section(r: Reader, node: Node, path: str) -> Section:
    s = r.mapping(node, path, ("tieu_de",), ("noi_dung", "khoan"))
    title = _rich(r, s.get("tieu_de"), f"{path}.tieu_de", numbered=True)
    if "noi_dung" in s and "khoan" in s:
        r.fail(node, path, "mục dùng “noi_dung” (cách viết mới) hoặc “khoan” (cách viết cũ), không dùng cả hai")
    if "khoan" in s:
        return Section(title, tuple(_legacy_clause(r, n, p) for p, n in r.items(s["khoan"], f"{path}.khoan")))
    if "noi_dung" not in s:
        r.fail(node, f"{path}.noi_dung", "mục cần có “noi_dung”: các đoạn, khoản, điểm của mục")
        return Section(title, ())
    return Section(title, _body(r, s["noi_dung"], f"{path}.noi_dung", _MUC))


def _legacy_clause(r: Reader, node: Node, path: str) -> Item:
    """Read a khoản of the first data form (`tieu_de` + `doan` + `diem`, or `noi_dung` alone)."""
    c = r.mapping(node, path, (), ("tieu_de", "diem", "doan", "noi_dung"))
    title = _rich(r, c.get("tieu_de"), f"{path}.tieu_de", default="", numbered=True)
    text = _rich(r, c.get("noi_dung"), f"{path}.noi_dung", default="", numbered=True)
    paragraphs = tuple(Para(_rich(r, n, p, paragraph=True)) for p, n in r.items(c.get("doan"), f"{path}.doan"))
    points = tuple(Item(DIEM, _rich(r, n, p, numbered=True))
                   for p, n in r.items(c.get("diem"), f"{path}.diem"))
    if c and not title and not text:
        r.fail(node, path, "khoản cần có “tieu_de” (khoản có tên) hoặc “noi_dung” (khoản không tên)")
    if text and (title or points or paragraphs):
        r.fail(node, path, "khoản không tên chỉ có “noi_dung”; khoản có tên dùng “tieu_de” với “diem”/“doan”")
    if text:
        return Item(KHOAN, text)
    # The first form always printed the paragraphs of a khoản before its points.
    return Item(KHOAN, title, paragraphs + points, titled=True)


def _body(r: Reader, node: Node | None, path: str, container: str, allow_empty: bool = False) -> tuple:
    """Read an ordered `noi_dung` list: strings are paragraphs, mappings are items or tables."""
    out = []
    numbered_level = None
    for ipath, inode in r.items(node, path, allow_empty=allow_empty):
        if isinstance(inode.value, str):
            out.append(Para(_rich(r, inode, ipath, paragraph=True)))
            continue
        if not isinstance(inode.value, dict):
            r.fail(inode, ipath, "mỗi phần của “noi_dung” là một đoạn chữ hoặc một nhóm khóa "
                   "(khoan, tieu_khoan, diem, y, bang)")
            continue
        keys = [k for k in _ITEM_KEYS if k in inode.value]
        if len(keys) != 1:
            found = ", ".join(keys) if keys else ", ".join(inode.value) or "không có khóa"
            r.fail(inode, ipath, f"mỗi phần chỉ có đúng một trong các khóa khoan, tieu_khoan, diem, y, bang "
                   f"(gặp: {found})")
            continue
        kind = keys[0]
        if kind == "bang":
            r.mapping(inode, ipath, ("bang",))
            out.append(_table(r, inode.value["bang"], f"{ipath}.bang"))
            continue
        if kind not in _CHILDREN[container]:
            allowed = ", ".join(_LEVEL_NAMES[k] for k in _CHILDREN[container])
            r.fail(inode, f"{ipath}.{kind}", f"không đặt {_LEVEL_NAMES[kind]} {_WHERE[container]}; "
                   f"ở đây chỉ dùng đoạn, bảng, {allowed}")
            continue
        if kind != Y:
            if numbered_level not in (None, kind):
                r.fail(inode, f"{ipath}.{kind}", f"{_WHERE[container]} đã đánh số theo "
                       f"{_LEVEL_NAMES[numbered_level]}, không xen {_LEVEL_NAMES[kind]} cùng cấp")
            numbered_level = numbered_level or kind
        optional = ("noi_dung",) if kind != Y else ()
        item = r.mapping(inode, ipath, (kind,), optional)
        text = _rich(r, item.get(kind), f"{ipath}.{kind}", numbered=True)
        if "noi_dung" in item:
            content = _body(r, item["noi_dung"], f"{ipath}.noi_dung", kind)
            out.append(Item(kind, text, content, titled=kind in (KHOAN, TIEU_KHOAN)))
        else:
            out.append(Item(kind, text))
    return tuple(out)


def _table(r: Reader, node: Node, path: str) -> Table:
    t = r.mapping(node, path, ("cot", "dong"))
    header = tuple(_rich(r, n, p) for p, n in r.items(t.get("cot"), f"{path}.cot"))
    rows = []
    for rpath, rnode in r.items(t.get("dong"), f"{path}.dong"):
        cells = tuple(_rich(r, n, p, default="") for p, n in r.items(rnode, rpath, allow_empty=True))
        if header and cells and len(cells) != len(header):
            r.fail(rnode, rpath, f"dòng có {len(cells)} ô nhưng bảng có {len(header)} cột")
        rows.append(cells)
    return Table(header, tuple(rows))


def _rich(r: Reader, node: Node | None, path: str, default: str | None = None, *,
          numbered: bool = False, paragraph: bool = False) -> str:
    """Read a text that may carry inline markup; report broken markup and numbering typed by hand.

    `numbered`: the program puts a number before this text (mục, khoản, điểm, ý); `paragraph`: an
    unnumbered paragraph, where a typed number means a khoản or điểm written as plain text.
    """
    text = r.text(node, path, default=default)
    if not text:
        return text
    problem = markup.check(text)
    if problem:
        r.fail(node, path, f"định dạng chữ sai: {problem}")
    typed = typed_number(markup.plain(text)) if numbered or paragraph else None
    if typed:
        # A warning, as for every typed number: the draft still builds, issuing waits for the fix.
        message = (f"đã gõ số thứ tự “{typed}” ở đầu; chương trình tự đánh số nên số thứ tự sẽ in hai lần: "
                   f"hãy xóa “{typed}”" if numbered else
                   f"đoạn văn bắt đầu bằng số thứ tự gõ tay “{typed}”: hãy xóa “{typed}” và ghi đoạn này thành "
                   "khoan, tieu_khoan, diem hoặc y để chương trình tự đánh số")
        r.problems.append(Problem(message, file=r.file, line=node.line if node else None, field=path,
                                  severity=WARNING))
    return text


def _appendix(r: Reader, root: Node) -> Appendix:
    m = r.mapping(root, "", ("tieu_de", "linh_vuc"), ("du_lieu_mau", "muc"))
    section = r.integer(m.get("muc"), "muc", 1, 50) if "muc" in m else 2
    tasks = []
    for path, node in r.items(m.get("linh_vuc"), "linh_vuc"):
        g = r.mapping(node, path, ("khoan", "nhiem_vu"))
        area = r.integer(g.get("khoan"), f"{path}.khoan", 1, 50)
        for tpath, tnode in r.items(g.get("nhiem_vu"), f"{path}.nhiem_vu"):
            t = r.mapping(tnode, tpath, ("ma", "noi_dung", "chu_tri", "thoi_han", "san_pham"),
                          ("phoi_hop",))
            task_id = r.text(t.get("ma"), f"{tpath}.ma")
            r.marks.task_paths.append(tpath)
            tasks.append(Task(
                id=task_id,
                area=area,
                content=_rich(r, t.get("noi_dung"), f"{tpath}.noi_dung"),
                lead=r.text(t.get("chu_tri"), f"{tpath}.chu_tri"),
                support=r.texts(t.get("phoi_hop"), f"{tpath}.phoi_hop", allow_empty=True),
                deadline=_deadline(r, t.get("thoi_han"), f"{tpath}.thoi_han"),
                output=_rich(r, t.get("san_pham"), f"{tpath}.san_pham"),
            ))
    return Appendix(r.text(m.get("tieu_de"), "tieu_de"), section, tuple(tasks),
                    r.boolean(m.get("du_lieu_mau"), "du_lieu_mau"))


def _deadline(r: Reader, node: Node | None, path: str):
    value = r.text(node, path)
    if value in RECURRENCES:
        return RECURRENCES[value]
    if "/" in value:
        return r.date(node, path)
    if value:
        r.fail(node, path, "thời hạn cần là ngày/tháng/năm (ví dụ 30/06/2024) hoặc một trong: "
               + ", ".join(RECURRENCES))
    return None


def _progress(r: Reader, root: Node) -> tuple[dict[str, tuple[Update, ...]], bool]:
    m = r.mapping(root, "", (), ("du_lieu_mau", "cap_nhat"))
    out: dict[str, tuple[Update, ...]] = {}
    updates_node = m.get("cap_nhat")
    if updates_node is not None:
        for task_id, node in r.entries(updates_node, "cap_nhat").items():
            updates = []
            for path, unode in r.items(node, f"cap_nhat.{task_id}"):
                u = r.mapping(unode, path, ("ngay", "tien_do"), ("ghi_chu", "kho_khan"))
                day = r.date(u.get("ngay"), f"{path}.ngay")
                percent = r.integer(u.get("tien_do"), f"{path}.tien_do", 0, 100)
                if day is not None:
                    updates.append(Update(day, percent, _rich(r, u.get("ghi_chu"), f"{path}.ghi_chu", default=""),
                                          _rich(r, u.get("kho_khan"), f"{path}.kho_khan", default="")))
            out[task_id] = tuple(sorted(updates, key=lambda u: u.date))
    return out, r.boolean(m.get("du_lieu_mau"), "du_lieu_mau")


# What the clerk may write for one report period (bao-cao.yaml, `ky.<period>`), and where it goes.
_PERIOD_TEXTS = {"chi_dao": "direction", "ket_qua": "results", "ton_tai": "shortcomings",
                 "nguyen_nhan": "causes", "nhiem_vu": "next_tasks", "de_xuat": "proposals"}


def _report(r: Reader, root: Node) -> ReportSettings:
    m = r.mapping(root, "", ("loai", "trich_yeu", "noi_nhan"), ("kinh_gui", "ky_bao_cao", "ky", "de_xuat"))
    schedule = r.text(m.get("ky_bao_cao"), "ky_bao_cao", default=CCHC)
    if schedule not in SCHEDULES:
        r.fail(m.get("ky_bao_cao"), "ky_bao_cao",
               f"kỳ báo cáo “{schedule}” không có; dùng “{CCHC}” (quý I, 6 tháng, quý III, năm) "
               f"hoặc “{QUARTERLY}” (bốn quý)")
        schedule = CCHC
    keys = [p.key for p in report_periods(2000, schedule)]
    periods: dict[str, PeriodTexts] = {}
    node = m.get("ky")
    if node is not None:
        for key, sub in r.entries(node, "ky").items():
            path = f"ky.{key}"
            if key not in keys:
                r.fail(sub, path, f"kỳ “{key}” không có trong lịch báo cáo; dùng một trong: {', '.join(keys)}")
                continue
            periods[key] = _period_texts(r, sub, path)
    legacy = m.get("de_xuat")  # the older form: proposals by quarter number "1" … "4"
    if legacy is not None:
        for quarter, sub in r.entries(legacy, "de_xuat").items():
            if quarter not in ("1", "2", "3", "4"):
                r.fail(sub, f"de_xuat.{quarter}", f"quý “{quarter}” không tồn tại; dùng 1, 2, 3 hoặc 4")
                continue
            key = keys[int(quarter) - 1]  # the period that closes in that quarter
            texts = _riches(r, sub, f"de_xuat.{quarter}")
            if periods.get(key, PeriodTexts()).proposals:
                r.fail(sub, f"de_xuat.{quarter}", f"đề xuất của kỳ “{key}” đã ghi ở ky.{key}.de_xuat")
                continue
            periods[key] = replace(periods.get(key, PeriodTexts()), proposals=texts)
    return ReportSettings(
        type_code=r.text(m.get("loai"), "loai"),
        summary=_rich(r, m.get("trich_yeu"), "trich_yeu"),
        addressees=r.texts(m.get("kinh_gui"), "kinh_gui", allow_empty=True),
        recipients=r.texts(m.get("noi_nhan"), "noi_nhan"),
        schedule=schedule,
        periods=periods,
    )


def _riches(r: Reader, node: Node | None, path: str) -> tuple[str, ...]:
    """Read a list of paragraphs that may carry inline markup (checked like every printed text)."""
    return tuple(_rich(r, n, p) for p, n in r.items(node, path, allow_empty=True))


def _period_texts(r: Reader, node: Node, path: str) -> PeriodTexts:
    m = r.mapping(node, path, (), (*_PERIOD_TEXTS, "linh_vuc", "kinh_gui", "noi_nhan"))
    texts = {field: _riches(r, m.get(key), f"{path}.{key}") for key, field in _PERIOD_TEXTS.items()}
    areas: dict[int, tuple[str, ...]] = {}
    if m.get("linh_vuc") is not None:
        for area, sub in r.entries(m["linh_vuc"], f"{path}.linh_vuc").items():
            if not (area.isascii() and area.isdigit()) or not 1 <= int(area) <= 50:  # "²" is a digit to isdigit
                r.fail(sub, f"{path}.linh_vuc.{area}", f"lĩnh vực “{area}” cần là số khoản (1, 2, 3 …)")
                continue
            areas[int(area)] = _riches(r, sub, f"{path}.linh_vuc.{area}")
    own = {key: r.texts(m[key], f"{path}.{key}", allow_empty=key == "kinh_gui") if key in m else None
           for key in ("kinh_gui", "noi_nhan")}
    return PeriodTexts(areas=areas, addressees=own["kinh_gui"], recipients=own["noi_nhan"], **texts)


def _notice(r: Reader, root: Node) -> NoticeSettings:
    m = r.mapping(root, "", ("loai", "thang", "nam", "trich_yeu", "noi_nhan"), ("ket_thuc",))
    return NoticeSettings(
        type_code=r.text(m.get("loai"), "loai"),
        month=r.integer(m.get("thang"), "thang", 1, 12),
        year=r.integer(m.get("nam"), "nam", 1945, 2999),
        summary=_rich(r, m.get("trich_yeu"), "trich_yeu"),
        closing=tuple(_rich(r, n, p) for p, n in r.items(m.get("ket_thuc"), "ket_thuc", allow_empty=True)),
        recipients=r.texts(m.get("noi_nhan"), "noi_nhan"),
    )
