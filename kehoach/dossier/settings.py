"""Project settings from data/cau-hinh.yaml (all optional): archive folder, number series, templates, archive id."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import WARNING, KehoachError, Problem

if TYPE_CHECKING:  # the YAML readers load only when there is a settings file to read
    from .reader import Reader

SETTINGS_FILE = "cau-hinh.yaml"
SERIES = ("chung", "theo_loai")
ARCHIVE_KEY = "ma_kho_luu"
ARCHIVE_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Settings:
    """Project settings from data/cau-hinh.yaml (all optional)."""

    archive_dir: Path
    series: str = "chung"          # one number series for all documents, or one per type code
    templates_dir: Path = Path("templates")
    archive_id: str | None = None  # the archive this data is bound to (written by kehoach at the first issue)
    warnings: tuple[Problem, ...] = ()  # shown on every build (e.g. templates from outside the project)


def _default_templates(data_dir: Path) -> Path:
    beside = data_dir.resolve().parent / "templates"
    return beside if beside.is_dir() else Path(__file__).resolve().parents[2] / "templates"


def load_settings(data_dir: Path) -> Settings:
    """Read data/cau-hinh.yaml when present; defaults otherwise."""
    data_dir = Path(data_dir)
    default_archive = data_dir.resolve().parent / "van-thu"
    path = data_dir / SETTINGS_FILE
    if not path.exists() and not path.is_symlink():
        return Settings(default_archive, "chung", _default_templates(data_dir))
    from .reader import Marks, Reader, read_yaml

    problems: list[Problem] = []
    r = Reader(str(path), Marks(folder=str(data_dir)), problems)
    m = r.mapping(read_yaml(path, str(path), data_dir), "", (),
                  ("thu_muc_luu", "danh_so", "thu_muc_mau", "cho_phep_mau_ngoai", ARCHIVE_KEY))
    series = r.text(m.get("danh_so"), "danh_so", default="chung")
    if series not in SERIES:
        r.fail(m.get("danh_so"), "danh_so", f"cần “chung” hoặc “theo_loai”, nhưng gặp “{series}”")
    archive = r.text(m.get("thu_muc_luu"), "thu_muc_luu", default="")
    templates = r.text(m.get("thu_muc_mau"), "thu_muc_mau", default="")
    outside_allowed = r.boolean(m.get("cho_phep_mau_ngoai"), "cho_phep_mau_ngoai")
    archive_id = r.text(m.get(ARCHIVE_KEY), ARCHIVE_KEY, default="") or None
    if archive_id is not None and not ARCHIVE_ID.fullmatch(archive_id):
        r.fail(m.get(ARCHIVE_KEY), ARCHIVE_KEY, "mã kho lưu do kehoach tự ghi (32 chữ số hệ 16) đã bị sửa; "
               "chép lại đúng mã trong tệp kho-luu.json của thư mục lưu")
    base = data_dir.resolve().parent
    templates_dir, warnings = _default_templates(data_dir), ()
    if templates:
        templates_dir, warnings = _templates_dir(r, m.get("thu_muc_mau"), templates, base, outside_allowed)
    if problems:
        raise KehoachError(problems)
    return Settings(base / archive if archive else default_archive, series, templates_dir, archive_id, warnings)


def _templates_dir(r: Reader, node, value: str, base: Path, outside_allowed: bool) -> tuple[Path, tuple]:
    """Return the template folder `value` names, and the warning it needs; report what is wrong with it.

    A template decides what the program puts into every document, so one from outside the
    project folder (the folder that holds data/) is used only when the clerk says so, and
    then with a warning on every build.
    """
    folder = (base / value).resolve()
    outside = Path(value).is_absolute() or not folder.is_relative_to(base)
    if not folder.is_dir():
        r.fail(node, "thu_muc_mau", f"không có thư mục mẫu “{value}” (tính từ thư mục {base})")
        return folder, ()
    if not outside:
        return folder, ()
    if not outside_allowed:
        r.fail(node, "thu_muc_mau",
               f"thư mục mẫu “{value}” nằm ngoài thư mục dự án {base}. Mẫu văn bản quyết định mọi chữ in ra, nên "
               "chỉ dùng mẫu ngoài dự án khi chắc chắn nguồn của nó: ghi thêm dòng “cho_phep_mau_ngoai: true”, "
               "hoặc chép thư mục mẫu vào trong dự án")
        return folder, ()
    warning = r.marks.problem(r.file, "thu_muc_mau",
                              f"đang dùng mẫu văn bản ở ngoài dự án: {folder} (cho_phep_mau_ngoai: true); "
                              "hãy chắc chắn các mẫu trong đó do cơ quan soạn", WARNING)
    return folder, (warning,)


def archive_binding(data_dir: Path) -> str | None:
    """Return the archive id the data folder is bound to (`ma_kho_luu`), read afresh; None when unbound."""
    path = Path(data_dir) / SETTINGS_FILE
    if not path.is_file():
        return None
    from .editing import load_yaml  # ruamel.yaml

    value = load_yaml(path.read_text(encoding="utf-8"), str(path)).get(ARCHIVE_KEY)
    return str(value) if value else None


def bind_archive(data_dir: Path, archive_id: str) -> None:
    """Write `ma_kho_luu` into data/cau-hinh.yaml (created if absent), keeping the clerk's comments."""
    def change(data) -> None:
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        data[ARCHIVE_KEY] = DoubleQuotedScalarString(archive_id)
        data.yaml_set_comment_before_after_key(
            ARCHIVE_KEY, before="Mã kho lưu (kehoach tự ghi khi ban hành lần đầu): gắn dữ liệu này với sổ đăng ký "
            "và kho lưu của nó.\nKhông sửa, không xóa: nhờ mã này kehoach không bao giờ đánh số lại từ 01 "
            "khi thu_muc_luu trỏ sang chỗ khác.")

    from .editing import edit_yaml

    edit_yaml(Path(data_dir) / SETTINGS_FILE, change)
