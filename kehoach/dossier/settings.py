"""Project settings from data/cau-hinh.yaml (all optional): archive folder, number series, templates."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import KehoachError, Problem

SETTINGS_FILE = "cau-hinh.yaml"
SERIES = ("chung", "theo_loai")


@dataclass(frozen=True)
class Settings:
    """Project settings from data/cau-hinh.yaml (all optional)."""

    archive_dir: Path
    series: str = "chung"          # one number series for all documents, or one per type code
    templates_dir: Path = Path("templates")


def _default_templates(data_dir: Path) -> Path:
    beside = data_dir.resolve().parent / "templates"
    return beside if beside.is_dir() else Path(__file__).resolve().parents[2] / "templates"


def load_settings(data_dir: Path) -> Settings:
    """Read data/cau-hinh.yaml when present; defaults otherwise."""
    data_dir = Path(data_dir)
    default_archive = data_dir.resolve().parent / "van-thu"
    path = data_dir / SETTINGS_FILE
    if not path.is_file():
        return Settings(default_archive, "chung", _default_templates(data_dir))
    from .reader import Marks, Reader, parse_yaml  # YAML only when there is a settings file

    problems: list[Problem] = []
    r = Reader(str(path), Marks(folder=str(data_dir)), problems)
    m = r.mapping(parse_yaml(path.read_text(encoding="utf-8"), str(path)), "", (),
                  ("thu_muc_luu", "danh_so", "thu_muc_mau"))
    series = r.text(m.get("danh_so"), "danh_so", default="chung")
    if series not in SERIES:
        r.fail(m.get("danh_so"), "danh_so", f"cần “chung” hoặc “theo_loai”, nhưng gặp “{series}”")
    archive = r.text(m.get("thu_muc_luu"), "thu_muc_luu", default="")
    templates = r.text(m.get("thu_muc_mau"), "thu_muc_mau", default="")
    if problems:
        raise KehoachError(problems)
    base = data_dir.resolve().parent
    return Settings(base / archive if archive else default_archive, series,
                    base / templates if templates else _default_templates(data_dir))
