"""Which folders under data/ are dossiers (read without loading any of them)."""
from __future__ import annotations

from pathlib import Path

from ..errors import KehoachError, Problem


def dossier_folders(data_dir: Path) -> list[Path]:
    """Return the dossier folders under `data_dir`, in name order."""
    data_dir = Path(data_dir)
    if data_dir.exists() and not data_dir.is_dir():
        raise KehoachError(Problem("--data cần một thư mục dữ liệu (thư mục chứa các hồ sơ), đây là một tệp",
                                   file=str(data_dir)))
    if not data_dir.is_dir():
        raise KehoachError(f"không có thư mục dữ liệu “{data_dir}” ở {Path.cwd()}: chạy kehoach trong thư mục dự án "
                           "(nơi có thư mục data/), hoặc chỉ rõ --data THƯ_MỤC; tạo hồ sơ đầu tiên bằng "
                           "kehoach moi TÊN")
    try:
        folders = sorted(p for p in data_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    except OSError as e:
        from ..files import os_problem

        raise KehoachError(os_problem(e, data_dir, "đọc")) from e
    if not folders:
        if (data_dir / "ke-hoach.yaml").exists():
            raise KehoachError(f"thư mục dữ liệu “{data_dir}” chưa có hồ sơ kế hoạch nào; “{data_dir}” có vẻ là "
                               f"một hồ sơ: hãy ghi --data {data_dir.parent}")
        raise KehoachError(f"thư mục dữ liệu “{data_dir}” chưa có hồ sơ kế hoạch nào; tạo hồ sơ bằng "
                           "kehoach moi TÊN (ví dụ kehoach moi xa-moi-2025)")
    return folders
