"""`kehoach nhap`: read a clerk's draft (Word or Markdown), recognise the plan, write it as a new dossier."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import KehoachError, Problem
from ..rules.dossier_id import DOSSIER_ID_RULE, dossier_id_from, is_dossier_id
from .draft import Draft
from .markdown import read_markdown
from .recognise import recognise
from .word import read_word
from .yaml_writer import dossier_files, existing_code, write_dossier

READERS = {".docx": read_word, ".md": read_markdown, ".markdown": read_markdown}


@dataclass(frozen=True)
class Imported:
    """What an import did: the dossier folder, the files written and kept, and the draft as recognised."""

    folder: Path
    written: tuple[str, ...]
    kept: tuple[str, ...]
    draft: Draft


def import_draft(path: Path, data_dir: Path, name: str | None = None, overwrite: bool = False) -> Imported:
    """Import the draft at `path` into `data_dir`/`name` (default: from the file name).

    Raise KehoachError when the file cannot be read, is not a plan, or the dossier exists
    and `overwrite` is not set; nothing is written then.
    """
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise KehoachError(Problem("chỉ nhập được bản thảo Word (.docx) hoặc Markdown (.md); tệp .doc cũ hãy mở "
                                   "bằng Word rồi “Lưu thành” .docx", file=str(path)))
    if not path.is_file():
        raise KehoachError(Problem("không tìm thấy tệp bản thảo", file=str(path)))
    name = name if name is not None else dossier_id_from(path.stem, default="ke-hoach")
    if not is_dossier_id(name):
        raise KehoachError(Problem(f"tên hồ sơ “{name}” {DOSSIER_ID_RULE} (ví dụ son-giang-2024)"))
    draft = recognise(reader(path))
    folder = Path(data_dir) / name
    code = (existing_code(folder) if overwrite else None) or name
    _refuse_taken_id(Path(data_dir), folder, code)
    files = dossier_files(draft, code)
    kept = write_dossier(folder, files, overwrite)
    return Imported(folder, tuple(files), tuple(kept), draft)


def _refuse_taken_id(data_dir: Path, folder: Path, code: str) -> None:
    """Raise KehoachError when another dossier already carries `code` as its ma_ho_so (ids must be unique)."""
    if not data_dir.is_dir():
        return
    for other in sorted(p for p in data_dir.iterdir() if p.is_dir() and p != folder and not p.name.startswith(".")):
        if existing_code(other) == code:
            raise KehoachError(Problem(f"hồ sơ “{other.name}” đã mang mã hồ sơ “{code}”; chọn tên khác với --ho-so",
                                       file=str(other / "ke-hoach.yaml")))
