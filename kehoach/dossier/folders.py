"""Which folders under data/ are dossiers (read without loading any of them)."""
from __future__ import annotations

from pathlib import Path

from ..errors import KehoachError


def dossier_folders(data_dir: Path) -> list[Path]:
    """Return the dossier folders under `data_dir`, in name order."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise KehoachError(f"không có thư mục dữ liệu “{data_dir}”")
    folders = sorted(p for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    if not folders:
        raise KehoachError(f"thư mục dữ liệu “{data_dir}” chưa có hồ sơ kế hoạch nào")
    return folders
