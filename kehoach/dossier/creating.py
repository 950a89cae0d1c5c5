"""`kehoach moi`: a new dossier folder, from the blank skeleton or from last year's dossier, written all at once."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KehoachError, Problem
from ..files import write_folder_atomic
from ..rules.dossier_id import DOSSIER_ID_RULE, dossier_id_from, is_dossier_id
from .editing import load_yaml
from .loading import load_dossier
from .reader import parse_yaml, read_text
from .rollover import PLAN, roll_forward, without_district
from .skeleton import skeleton
from .validation import check_dossier

_YEAR_AT_END = re.compile(r"-((?:19|20)\d\d)$")


@dataclass
class Created:
    """The new dossier: its folder, the files written, what changed, and what checking it found."""

    folder: Path
    files: list[str]
    source: Path | None = None
    organisation_from: Path | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def create_dossier(data_dir: Path, name: str, *, source: str | None = None, year: int | None = None,
                   today: dt.date) -> Created:
    """Create dossier `name` under `data_dir`, from `source` (a dossier name or folder) or the skeleton.

    Raise KehoachError, writing nothing, when the name is not usable, the folder exists or the source
    cannot be read.
    """
    data_dir = Path(data_dir)
    _check_name(name)
    target = data_dir / name
    if target.exists():
        raise KehoachError(Problem(f"đã có hồ sơ “{name}”: chọn tên khác (ví dụ {name}-moi)", file=str(target)))
    if source is not None:
        folder = _source_folder(data_dir, source)
        files = {p.name: _text(p, folder) for p in sorted(folder.iterdir())
                 if p.is_file() and p.suffix == ".yaml"}
        if PLAN not in files:
            raise KehoachError(Problem(f"hồ sơ “{folder.name}” không có {PLAN}", file=str(folder)))
        year = year or _year_in_name(name) or _plan_year(files[PLAN], folder / PLAN) + 1
        result = roll_forward(files, name, year)
        created = Created(target, sorted(result.files), source=folder, notes=result.notes)
        texts = result.files
    else:
        year = year or _year_in_name(name) or today.year
        month = today.month if year == today.year else 1
        org_folder = _latest_dossier(data_dir)
        organisation = _text(org_folder / "co-quan.yaml", org_folder) if org_folder else None
        texts = skeleton(name, year, month, organisation, _lead(organisation))
        district = without_district(texts, year)
        texts = district.files
        created = Created(target, sorted(texts), organisation_from=org_folder, notes=district.notes)
    write_folder_atomic(target, {file: text.encode("utf-8") for file, text in texts.items()})
    data, marks, problems = load_dossier(target)
    created.problems = problems + check_dossier(data, marks)
    return created


def _check_name(name: str) -> None:
    if is_dossier_id(name):
        return
    hint = dossier_id_from(name, default="")
    raise KehoachError(Problem(f"tên hồ sơ “{name}” không dùng được: {DOSSIER_ID_RULE}"
                               + (f"; ví dụ “{hint}”" if hint else "")))


def _year_in_name(name: str) -> int | None:
    m = _YEAR_AT_END.search(name)
    return int(m.group(1)) if m else None


def _source_folder(data_dir: Path, source: str) -> Path:
    folder = Path(source)
    if not folder.is_dir():
        folder = data_dir / source
    if folder.is_dir():
        return folder
    known = [p.name for p in _dossiers(data_dir)]
    close = difflib.get_close_matches(source, known, n=1)
    hint = f"; có phải là “{close[0]}”?" if close else (f"; các hồ sơ hiện có: {', '.join(known)}" if known else "")
    raise KehoachError(Problem(f"không có hồ sơ “{source}” trong {data_dir}{hint}"))


def _dossiers(data_dir: Path) -> list[Path]:
    if not data_dir.is_dir():
        return []
    return sorted(p for p in data_dir.iterdir()
                  if p.is_dir() and not p.name.startswith((".", "_")) and (p / PLAN).is_file())


def _plan_year(text: str, path: Path) -> int:
    value = str(load_yaml(text, str(path)).get("nam", ""))
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise KehoachError(Problem("không đọc được năm của kế hoạch cũ; ghi năm mới bằng --nam 2025",
                                   file=str(path), field="nam"))
    return int(value)


def _text(path: Path, folder: Path) -> str:
    """Return the text of a dossier file read as the build reads it (UTF-8, bounded, inside `folder`)."""
    text = read_text(path, str(path), folder)
    parse_yaml(text, str(path))  # the same syntax checks and limits, before ruamel sees it
    return text


def _latest_dossier(data_dir: Path) -> Path | None:
    """Return the dossier with the latest plan year (the commune's current organisation), if any."""
    dated = []
    for folder in _dossiers(data_dir):
        if not (folder / "co-quan.yaml").is_file():
            continue
        try:
            year = int(str(load_yaml((folder / PLAN).read_text(encoding="utf-8")).get("nam", "0")))
        except (KehoachError, ValueError, UnicodeDecodeError):
            continue
        dated.append((year, folder.name, folder))
    return max(dated)[2] if dated else None


def _lead(organisation: str | None) -> str:
    """Return the officer code the skeleton's task names: the office when there is one, else the first."""
    if organisation is None:
        return "van-phong"
    officers = load_yaml(organisation).get("can_bo") or []
    codes = [str(o.get("ma")) for o in officers if isinstance(o, dict) and o.get("ma")]
    return "van-phong" if "van-phong" in codes or not codes else codes[0]
