"""Write a recognised Draft as a new dossier: commented YAML files (Vietnamese keys of the data), all or none."""
from __future__ import annotations

import re
from pathlib import Path

from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Quoted

from ..dossier.editing import CommentedMap, CommentedSeq, dump_yaml, load_yaml
from ..errors import KehoachError, Problem
from ..files import write_folder_atomic
from .draft import Draft, Item, Section

FIX = "CẦN SỬA"  # marks a value the import could not fill; the loader then names the line


def dossier_files(draft: Draft, name: str) -> dict[str, str]:
    """Return the YAML text of each file of the dossier `name` made from `draft`."""
    files = {"co-quan.yaml": _organisation(draft), "ke-hoach.yaml": _plan(draft, name)}
    if draft.tasks:
        files["nhiem-vu.yaml"] = _tasks(draft)
    return files


def _q(text: str) -> Quoted:
    return Quoted(" ".join(text.split()))


def _set(m: CommentedMap, key: str, value, missing: str = "") -> None:
    """Set `key`; an empty value gets a comment saying what to fill in."""
    m[key] = value
    if missing and (value == "" or value is None):
        m[key] = Quoted("")
        m.yaml_add_eol_comment(f"{FIX}: {missing}", key)


def _before(m: CommentedMap, key: str, comment: str, indent: int = 0) -> None:
    m.yaml_set_comment_before_after_key(key, before=comment, indent=indent)


def _flow(values) -> CommentedSeq:
    seq = CommentedSeq(values)
    seq.fa.set_flow_style()
    return seq


def _source(draft: Draft) -> str:
    return Path(draft.file).name


# -- co-quan.yaml -----------------------------------------------------------------------------------
def _organisation(d: Draft) -> str:
    m = CommentedMap()
    m.yaml_set_start_comment(
        "CƠ QUAN BAN HÀNH, NGƯỜI KÝ VÀ CÁC CÔNG CHỨC, ĐƠN VỊ ĐƯỢC GIAO NHIỆM VỤ\n"
        f"Nhập từ bản thảo “{_source(d)}” (lệnh kehoach nhap); sửa trực tiếp tại đây.\n"
        "Mọi giá trị viết như trên văn bản; chữ in hoa ở phần đầu văn bản do chương trình tự chuyển.")
    name = " ".join(d.body_lines)
    if d.supervisor:
        m["co_quan_chu_quan"] = _q(d.supervisor)
        _before(m, "co_quan_chu_quan", "\nCơ quan chủ quản trực tiếp (dòng trên, chữ in hoa không đậm). Xã, phường "
                                       "không có dòng này\nthì xóa khóa này đi.")
    _set(m, "co_quan", _q(name), "tên đầy đủ của cơ quan ban hành, ví dụ “Ủy ban nhân dân xã Sơn Giang”")
    _before(m, "co_quan", "\nTên cơ quan ban hành, đầy đủ và viết tắt (dùng khi trích dẫn: “... của UBND xã ...”).")
    short = re.sub(r"^Ủy ban nhân dân\b", "UBND", name) if name else ""
    _set(m, "ten_viet_tat", _q(short), "tên viết tắt, ví dụ “UBND xã Sơn Giang”")
    lines = CommentedSeq([_q(x) for x in d.body_lines] or [Quoted("")])
    m["dong_ten_co_quan"] = lines
    _before(m, "dong_ten_co_quan", "Các dòng tên cơ quan ở góc trái phần đầu văn bản (chương trình tự in hoa).")
    _set(m, "ky_hieu", _q(d.issuer_code), "chữ viết tắt tên cơ quan trong ký hiệu, ví dụ UBND")
    _before(m, "ky_hieu", "Chữ viết tắt tên cơ quan trong ký hiệu văn bản: Số: 05/KH-UBND")
    _set(m, "dia_danh", _q(d.place), "địa danh ở dòng ngày tháng")
    _before(m, "dia_danh", "Địa danh ghi ở dòng ngày tháng: “... , ngày ... tháng ... năm ...”")

    signer = CommentedMap()
    if d.authority:
        signer["tham_quyen"] = _q(d.authority)
    _set(signer, "chuc_vu", _q(d.position), "chức vụ người ký, ví dụ “Chủ tịch”")
    _set(signer, "ho_ten", _q(d.signer), "họ tên người ký")
    m["nguoi_ky"] = signer
    _before(m, "nguoi_ky", "\nNgười ký văn bản (thẩm quyền TM./KT., chức vụ, họ tên)")

    officers = [p for p in d.people if p.kind == "can_bo"]
    units = [p for p in d.people if p.kind == "don_vi"]
    if officers:
        m["can_bo"] = CommentedSeq(_officer(p) for p in officers)
        _before(m, "can_bo", "\nCông chức được giao nhiệm vụ (lấy từ bảng Phụ lục). “ma” là mã ngắn để nhiem-vu.yaml "
                             "gọi tới\n(chỉ chữ thường, số, dấu gạch); có thể thêm “ho_ten”.")
    if units:
        m["don_vi"] = CommentedSeq(CommentedMap(ma=p.code, ten=_q(p.name)) for p in units)
        _before(m, "don_vi", "\nĐơn vị được giao nhiệm vụ (phòng, ban, trung tâm ...), lấy từ bảng Phụ lục; "
                             "“ma” như trên.")
    return dump_yaml(m)


def _officer(p) -> CommentedMap:
    m = CommentedMap(ma=p.code, chuc_danh=_q(p.name))
    if p.full_name:
        m["ho_ten"] = _q(p.full_name)
    return m


# -- ke-hoach.yaml ----------------------------------------------------------------------------------
def _plan(d: Draft, name: str) -> str:
    m = CommentedMap()
    m.yaml_set_start_comment(
        f"KẾ HOẠCH — nhập từ bản thảo “{_source(d)}” (lệnh kehoach nhap); nội dung đúng thứ tự trên văn bản.\n"
        "Không gõ số thứ tự (I., 1., 1.1., a), -): chương trình tự đánh số theo Nghị định 30/2020/NĐ-CP.\n"
        "Chữ đậm viết **như thế này**, chữ nghiêng *như thế này*; dấu sao thật viết \\*.")
    m["ma_ho_so"] = Quoted(name)
    _before(m, "ma_ho_so", "\nMã hồ sơ (tên thư mục): các văn bản ban hành mang mã này, không đổi sau khi đã ban hành.")
    _set(m, "loai", _q(d.type_code), "chữ viết tắt loại văn bản, KH là Kế hoạch")
    _before(m, "loai", "\nChữ viết tắt loại văn bản (Phụ lục III NĐ 30): KH = Kế hoạch.")
    _set(m, "thang", d.month, "tháng dự kiến ký (1 đến 12)")
    _before(m, "thang", "Tháng, năm dự kiến ký (bản nháp để trống ngày và số; Văn thư điền khi ban hành).")
    _set(m, "nam", d.year, "năm dự kiến ký")
    _set(m, "trich_yeu", _q(d.summary), "trích yếu nội dung (dòng dưới chữ KẾ HOẠCH)")
    _before(m, "trich_yeu", "Trích yếu nội dung (dòng dưới chữ KẾ HOẠCH)")
    if d.preamble:
        m["mo_dau"] = CommentedSeq(_item(p) for p in d.preamble)
        _before(m, "mo_dau", "\nCác đoạn mở đầu (trước mục I), kể cả các dòng “Căn cứ ...”")
    m["muc"] = CommentedSeq(_section(s) for s in d.sections)
    _before(m, "muc", "\nCác mục (I, II, III ...), mỗi mục có tiêu đề và nội dung theo đúng thứ tự:\n"
                      "  một dòng chữ       - đoạn văn không đánh số\n"
                      "  khoan: ...         - khoản (1., 2. ...); có “noi_dung” bên dưới thì là tên khoản (in đậm)\n"
                      "  tieu_khoan: ...    - tiểu khoản (1.1., 1.2. ...), cùng cách như khoản\n"
                      "  diem: ...          - điểm (a), b) ...); “noi_dung” bên dưới chứa các ý\n"
                      "  y: ...             - ý (dòng bắt đầu bằng “-”)\n"
                      "  bang: {cot, dong}  - bảng: dòng tiêu đề (cot) và các dòng (dong)")
    if d.closing:
        m["ket_thuc"] = CommentedSeq(_item(p) for p in d.closing)
        _before(m, "ket_thuc", "\nĐoạn kết (sau các mục); dấu “./.” ở cuối đánh dấu hết văn bản.")
    m["noi_nhan"] = CommentedSeq(_q(r) for r in d.recipients) if d.recipients else CommentedSeq([Quoted("")])
    _before(m, "noi_nhan", "\nNơi nhận: mỗi dòng một nơi, không gõ dấu “-” đầu dòng và dấu “;” cuối dòng.\n"
                           "Dòng cuối phải là “Lưu: VT”.")
    return dump_yaml(m)


def _section(s: Section) -> CommentedMap:
    m = CommentedMap()
    m["tieu_de"] = _q(s.title)
    m["noi_dung"] = CommentedSeq(_item(i) for i in s.items)
    return m


def _item(item: Item):
    if item.kind == "doan":
        return _q(item.text)
    if item.kind == "bang":
        table = CommentedMap()
        table["cot"] = _flow([_q(c) for c in item.rows[0]]) if item.rows else _flow([])
        table["dong"] = CommentedSeq(_flow([_q(c) for c in row]) for row in item.rows[1:])
        return CommentedMap(bang=table)
    m = CommentedMap()
    m[item.kind] = _q(item.heading_text)
    if item.children:
        m["noi_dung"] = CommentedSeq(_item(c) for c in item.children)
    return m


# -- nhiem-vu.yaml ----------------------------------------------------------------------------------
def _tasks(d: Draft) -> str:
    m = CommentedMap()
    m.yaml_set_start_comment(
        f"PHỤ LỤC NHIỆM VỤ kèm theo Kế hoạch — nhập từ bảng Phụ lục của bản thảo “{_source(d)}”.\n"
        "Có thể sửa tại đây, hoặc xuất ra Excel (kehoach xuat-excel) rồi nhập lại (kehoach nhap-excel).")
    _set(m, "tieu_de", _q(d.appendix_title), "tên Phụ lục")
    _before(m, "tieu_de", "\nTên Phụ lục (in hoa khi dựng văn bản)")
    if d.task_section != 2:
        m["muc"] = d.task_section
        _before(m, "muc", "Mục của kế hoạch có các khoản là các lĩnh vực của Phụ lục")
    groups = CommentedSeq()
    for area in sorted({t.area for t in d.tasks}):
        tasks = CommentedSeq()
        for t in (t for t in d.tasks if t.area == area):
            task = CommentedMap()
            task["ma"] = Quoted(t.code)
            _set(task, "noi_dung", _q(t.content))
            _set(task, "chu_tri", t.lead, "mã công chức/đơn vị chủ trì (xem co-quan.yaml)")
            if t.support:
                task["phoi_hop"] = _flow(list(t.support))
            if t.deadline and "/" in t.deadline:
                task["thoi_han"] = Quoted(t.deadline)
            else:
                _set(task, "thoi_han", t.deadline, "ngày/tháng/năm hoặc thuong_xuyen, hang_thang, hang_quy, hang_nam")
            _set(task, "san_pham", _q(t.output), "sản phẩm, kết quả đầu ra")
            tasks.append(task)
        groups.append(CommentedMap(khoan=area, nhiem_vu=tasks))
    m["linh_vuc"] = groups
    _before(m, "linh_vuc", "\nCác lĩnh vực, theo thứ tự các khoản của mục nhiệm vụ trong ke-hoach.yaml (khoan: 1 "
                           "là khoản 1 ...).\nMỗi nhiệm vụ:\n"
                           "  ma        - mã nhiệm vụ, duy nhất (tiến độ trong tien-do.yaml gọi theo mã này)\n"
                           "  noi_dung  - nội dung ngắn gọn ghi trong Phụ lục\n"
                           "  chu_tri   - mã công chức hoặc đơn vị chủ trì (can_bo, don_vi trong co-quan.yaml)\n"
                           "  phoi_hop  - danh sách mã công chức, đơn vị phối hợp (có thể bỏ trống)\n"
                           "  thoi_han  - ngày/tháng/năm hoàn thành, hoặc một trong: thuong_xuyen, hang_thang, "
                           "hang_quy, hang_nam\n"
                           "  san_pham  - sản phẩm, kết quả đầu ra")
    return dump_yaml(m)


# -- writing ----------------------------------------------------------------------------------------
def existing_code(folder: Path) -> str | None:
    """Return the `ma_ho_so` an existing dossier already carries (kept when it is overwritten)."""
    path = Path(folder) / "ke-hoach.yaml"
    if not path.is_file():
        return None
    try:
        value = load_yaml(path.read_text(encoding="utf-8"), str(path)).get("ma_ho_so")
    except (KehoachError, UnicodeDecodeError, AttributeError):
        return None
    return str(value) if value else None


def write_dossier(folder: Path, files: dict[str, str], overwrite: bool = False) -> list[str]:
    """Write `files` as the dossier `folder`, all or none; return the names of files kept from the old one.

    Without `overwrite` an existing folder is refused. With it, the new folder is assembled
    beside the old one (files the import does not make, such as tien-do.yaml, are carried
    over) and swapped in by renaming.
    """
    folder = Path(folder)
    if folder.exists() and not overwrite:
        raise KehoachError(Problem(f"đã có hồ sơ “{folder.name}”; muốn thay bằng bản thảo này thì chạy lại với "
                                   "--ghi-de (các tệp tiến độ, báo cáo, thông báo của hồ sơ cũ được giữ lại)",
                                   file=str(folder)))
    return write_folder_atomic(folder, {name: text.encode("utf-8") for name, text in files.items()})
