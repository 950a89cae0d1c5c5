"""Phụ lục III of ND 30: the administrative document types and their abbreviations, the first group of a
typed document's ký hiệu (`KH` in `05/KH-UBND`). Pure."""
from __future__ import annotations

from .vn import upper

# Abbreviation (case-sensitive, as Phụ lục III writes it) → type name. A công văn has none.
TYPE_NAMES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế", "QyĐ": "Quy định",
    "TC": "Thông cáo", "TB": "Thông báo", "HD": "Hướng dẫn", "CTr": "Chương trình",
    "KH": "Kế hoạch", "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án", "BC": "Báo cáo",
    "BB": "Biên bản", "TTr": "Tờ trình", "HĐ": "Hợp đồng", "CĐ": "Công điện", "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận", "GUQ": "Giấy ủy quyền", "GM": "Giấy mời", "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép", "PG": "Phiếu gửi", "PC": "Phiếu chuyển", "PB": "Phiếu báo",
}
# The type name as a title prints it (upper case) → abbreviation.
TITLE_CODES = {upper(name): code for code, name in TYPE_NAMES.items()}
# Copies (bản sao y, trích sao, sao lục) carry these in place of a type abbreviation.
COPY_CODES = {"SY", "TrS", "SL"}
