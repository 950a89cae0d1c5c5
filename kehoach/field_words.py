"""Field paths in words a clerk reads: `linh_vuc[2].nhiem_vu[1].chu_tri` → "lĩnh vực 2, nhiệm vụ 1, người chủ trì".

A pure translation table from data keys to Vietnamese words, used when a Problem is shown; the raw path
stays in `Problem.field` for tests and --json. A key not in the table is shown as the clerk typed it.
"""
from __future__ import annotations

import re

from .rules import vn

# key → words for the key, or (words for the key, words for its n-th item). In the item words
# {n} is the number, {roman} and {letter} number the item the way the document does (mục II, điểm c).
WORDS: dict[str, str | tuple[str, str]] = {
    # co-quan.yaml
    "co_quan_chu_quan": "cơ quan chủ quản",
    "co_quan": "tên cơ quan",
    "ten_viet_tat": "tên viết tắt",
    "dong_ten_co_quan": ("dòng tên cơ quan", "dòng tên cơ quan {n}"),
    "ky_hieu": "ký hiệu",
    "dia_danh": "địa danh",
    "nguoi_ky": "người ký",
    "tham_quyen": "thẩm quyền ký",
    "chuc_vu": "chức vụ",
    "ho_ten": "họ tên",
    "can_bo": ("danh sách công chức", "công chức {n}"),
    "don_vi": ("danh sách đơn vị", "đơn vị {n}"),
    "ma": "mã",
    "chuc_danh": "chức danh",
    "ten": "tên",
    # ke-hoach.yaml
    "ma_ho_so": "mã hồ sơ",
    "dong": ("đóng hồ sơ", "dòng {n}"),
    "loai": "loại văn bản",
    "thang": "tháng",
    "nam": "năm",
    "trich_yeu": "trích yếu",
    "mo_dau": ("phần mở đầu", "phần mở đầu, đoạn {n}"),
    "muc": ("mục", "mục {roman}"),
    "tieu_de": "tiêu đề",
    "khoan": ("khoản", "khoản {n}"),
    "tieu_khoan": ("tiểu khoản", "tiểu khoản {n}"),
    "diem": ("điểm", "điểm {letter}"),
    "y": ("ý", "ý {n}"),
    "doan": ("đoạn", "đoạn {n}"),
    "noi_dung": ("nội dung", "nội dung, phần {n}"),
    "bang": "bảng",
    "cot": ("cột", "cột {n}"),
    "ket_thuc": ("đoạn kết", "đoạn kết {n}"),
    "noi_nhan": ("nơi nhận", "nơi nhận, dòng {n}"),
    "kinh_gui": ("kính gửi", "kính gửi, dòng {n}"),
    # nhiem-vu.yaml
    "du_lieu_mau": "đánh dấu dữ liệu mẫu",
    "linh_vuc": ("danh sách lĩnh vực", "lĩnh vực {n}"),
    "nhiem_vu": ("danh sách nhiệm vụ", "nhiệm vụ {n}"),
    "chu_tri": "người chủ trì",
    "phoi_hop": ("người phối hợp", "người phối hợp {n}"),
    "thoi_han": "thời hạn",
    "san_pham": "sản phẩm",
    # tien-do.yaml, bao-cao.yaml
    "cap_nhat": "tiến độ",
    "ngay": "ngày",
    "tien_do": "phần trăm hoàn thành",
    "ghi_chu": "ghi chú",
    "de_xuat": "đề xuất",
    "ky_bao_cao": "kỳ báo cáo",
    "kho_khan": "khó khăn, vướng mắc",
    "ky": "lời văn theo kỳ báo cáo",
    "chi_dao": ("công tác chỉ đạo, điều hành", "công tác chỉ đạo, đoạn {n}"),
    "ket_qua": ("kết quả đạt được", "kết quả đạt được, đoạn {n}"),
    "ton_tai": ("tồn tại, hạn chế", "tồn tại, hạn chế, đoạn {n}"),
    "nguyen_nhan": ("nguyên nhân", "nguyên nhân, đoạn {n}"),
    # cau-hinh.yaml
    "thu_muc_luu": "thư mục lưu",
    "danh_so": "cách đánh số",
    "thu_muc_mau": "thư mục mẫu",
}

# Mappings whose keys are the clerk's own (task ids, quarters): how one entry and its items are named.
ENTRIES: dict[str, tuple[str, str]] = {
    "cap_nhat": ("nhiệm vụ {key}", "lần cập nhật {n}"),
    "de_xuat": ("quý {key}", "đoạn {n}"),
    "ky": ("kỳ {key}", "đoạn {n}"),
    "linh_vuc": ("lĩnh vực {key}", "đoạn {n}"),  # bao-cao.yaml's ky.<kỳ>.linh_vuc; nhiem-vu.yaml's is a list
}

_STEP = re.compile(r"([^.\[\]]+)((?:\[\d+\])*)")


def describe(path: str) -> str:
    """Return `path` (`muc[2].khoan[1].diem[3]`) in words (`mục II, khoản 1, điểm c`)."""
    parts: list[str] = []
    entries_of: str | None = None  # the previous key holds entries named by the clerk
    for key, indexes in _STEP.findall(path):
        numbers = [int(i) for i in re.findall(r"\d+", indexes)]
        if entries_of is not None:
            name, item = ENTRIES[entries_of]
            parts.append(name.format(key=key))
            parts.extend(item.format(n=n) for n in numbers)
            entries_of = None
            continue
        words = WORDS.get(key, key)
        name, item = words if isinstance(words, tuple) else (words, f"{words} {{n}}")
        if key in ENTRIES and not numbers:
            entries_of = key
        if not numbers:
            parts.append(name)
            continue
        parts.append(_item(item, numbers[0]))
        parts.extend(f"phần {n}" for n in numbers[1:])
    return ", ".join(parts)


def _item(words: str, n: int) -> str:
    letter = vn.LETTERS[n - 1] if 0 < n <= len(vn.LETTERS) else str(n)
    roman = vn.roman(n) if 0 < n < 4000 else str(n)
    return words.format(n=n, roman=roman, letter=letter)
