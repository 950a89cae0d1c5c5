"""What the last build of a dossier was made from: `out/<dossier>/.kehoach-build.json`.

Two levels decide what a build does. The dossier's *inputs key* hashes its raw files, the
templates, the settings, what the register says is issued and kehoach's own code: when it and
every draft on disk are as recorded, the dossier is not even read. Otherwise each document's
*digest* (its context, template and code) decides whether that one document is rendered and
checked again.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from ..files import write_atomic

RECORD_FILE = ".kehoach-build.json"
# Charts drawn for the drafts, by their values (render/chart.py): a rebuild or another dossier with the
# same figures does not draw them again.
CHART_CACHE = Path(".kehoach-cache") / "charts"
_FORMAT = 1
# Libraries whose version can change the bytes of a draft.
_LIBRARIES = ("docxtpl", "docx", "jinja2", "lxml", "markupsafe")


@dataclass
class DraftState:
    """One draft as the last build left it."""

    digest: str  # of its inputs (context, template, code)
    sha256: str  # of the file written
    size: int
    mtime_ns: int
    findings: list[str] = field(default_factory=list)  # format findings shown to the clerk
    errors: int = 0  # how many of them are errors


@dataclass
class Record:
    """The last build of one dossier."""

    inputs: str = ""
    drafts: dict[str, DraftState] = field(default_factory=dict)  # file name -> state
    warnings: list[dict] = field(default_factory=list)  # data warnings (Problem fields), said again when kept
    since_issue: list[dict] = field(default_factory=list)  # issued documents whose data changed, the same

    def intact(self, folder: Path) -> bool:
        """True when every recorded draft is on disk as it was written (a deleted or edited one is not)."""
        return all(draft_intact(folder / name, d) for name, d in self.drafts.items())


def draft_intact(path: Path, state: DraftState) -> bool:
    """True when the file at `path` is the one recorded: same size and time, or else the same bytes."""
    try:
        st = path.stat()
    except OSError:
        return False
    if st.st_size != state.size:
        return False
    if st.st_mtime_ns == state.mtime_ns:
        return True
    return hashlib.sha256(path.read_bytes()).hexdigest() == state.sha256  # touched, not changed


def load_record(folder: Path) -> Record:
    """Return the record in draft folder `folder`; an empty one when missing or unreadable."""
    try:
        raw = json.loads((Path(folder) / RECORD_FILE).read_text(encoding="utf-8"))
        if raw.get("format") != _FORMAT:
            return Record()
        return record_from_json(raw)
    except (OSError, ValueError, KeyError, TypeError):
        return Record()  # a damaged record only costs a rebuild


def record_from_json(raw: dict) -> Record:
    """Return the Record `raw` holds (as record_json made it); raise KeyError, TypeError or ValueError when damaged."""
    return Record(raw["inputs"], {n: DraftState(**d) for n, d in raw["drafts"].items()}, raw["warnings"],
                  raw.get("since_issue", []))


def record_json(record: Record) -> dict:
    """Return `record` as plain JSON values (the build index keeps a copy of each record)."""
    return {"inputs": record.inputs, "drafts": {n: asdict(d) for n, d in sorted(record.drafts.items())},
            "warnings": record.warnings, "since_issue": record.since_issue}


def save_record(folder: Path, record: Record) -> None:
    data = {"format": _FORMAT, **record_json(record)}
    write_atomic(Path(folder) / RECORD_FILE, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


@lru_cache(maxsize=1)
def code_version() -> str:
    """Return a hash of kehoach's own code and the versions of the libraries that shape a draft."""
    h = hashlib.sha256(sys.version.encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        spec = find_spec(name)  # finds without importing
        if spec is None or not spec.origin:
            continue
        site = Path(spec.origin).parent.parent
        top = name.replace("docx", "python_docx") if name == "docx" else name
        h.update(" ".join(sorted(e for e in os.listdir(site) if e.lower().startswith(top.lower() + "-")
                                 and e.endswith((".dist-info", ".egg-info")))).encode())
    return h.hexdigest()


def inputs_key(folder: Path, shared: str) -> str:
    """Return the inputs key of dossier `folder`: its files, plus `shared` (templates, settings, code,
    what is issued)."""
    h = hashlib.sha256(shared.encode())
    for path in sorted(Path(folder).iterdir()):
        try:
            h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:  # a folder, or a file that cannot be read: loading the dossier says why
            h.update(path.name.encode() + b"\0?\0")
    return h.hexdigest()


def issued_key(issued: dict) -> str:
    """Return a hash of the issued documents (number and date by id), which drafts cite."""
    data = json.dumps({k: [str(v.number), v.date.isoformat()] for k, v in sorted(issued.items())})
    return hashlib.sha256(data.encode()).hexdigest()


def settings_key(settings_file: Path) -> str:
    """Return the hash of the code and settings every document is built with."""
    h = hashlib.sha256(code_version().encode())
    if settings_file.is_file():
        h.update(settings_file.read_bytes())
    return h.hexdigest()


def shared_key(templates_dir: Path, settings: str) -> str:
    """Return the part of every inputs key the dossiers share: templates, settings and code."""
    h = hashlib.sha256(settings.encode())
    for path in sorted(Path(templates_dir).glob("*.docx")):
        try:
            h.update(path.name.encode() + b"\0" + path.read_bytes())
        except OSError:  # not a readable file: rendering says so, with the template's name
            h.update(path.name.encode() + b"\0?")
    h.update(str(Path(templates_dir).resolve()).encode())
    return h.hexdigest()


def document_digest(model_json: bytes, template: bytes, settings: str) -> str:
    """Return the digest deciding whether one document is rendered again: what it says (`model_json`),
    its own template, the code and settings."""
    h = hashlib.sha256(settings.encode())
    h.update(hashlib.sha256(template).digest())
    h.update(model_json)
    return h.hexdigest()
