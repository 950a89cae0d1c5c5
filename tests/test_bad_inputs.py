"""The bad-input corpus: each folder of tests/bad_inputs/ is one fault a clerk (or an attacker) can make.

For every case the real CLI runs in a child process on a copy of a project that already has drafts
in out/ and one issued document in the archive. It must end with exit code 1 (or the case's own
code), a Vietnamese message naming the expected file, line and field, no traceback, no English
parser or system text, and out/, the archive and the register byte-for-byte as they were.
See tests/bad_inputs/README.md for how to add a case.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, SEED, mark_as_real
from english_words import english_words

from kehoach.cli.main import main

CASES_DIR = Path(__file__).resolve().parent / "bad_inputs"
CASES = sorted(p for p in CASES_DIR.iterdir() if (p / "expect.yaml").is_file())
WATCHED = ("out", "van-thu")  # drafts, and the archive with its register

# The child is the real CLI; it also notes every Problem it prints (file, line and raw field path), so
# cases assert on those rather than on wording that may change.
CHILD = """
import json, os, sys
from kehoach import errors
from kehoach.cli.main import main
shown = []
_text = errors.Problem.text.fget
def _noted(self):  # every way of printing a Problem goes through its `text`
    shown.append(dict(file=self.file, line=self.line, field=self.field, severity=self.severity,
                      message=self.message))
    return _text(self)
errors.Problem.text = property(_noted)
try:
    code = main(sys.argv[1:])
finally:
    with open(os.environ["KEHOACH_TEST_PROBLEMS"], "w", encoding="utf-8") as fh:
        json.dump(shown, fh, ensure_ascii=False)
sys.exit(code)
"""

VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]",
                        re.IGNORECASE)
# What parsers, Jinja, python-docx and the operating system say in English.
ENGLISH = re.compile(r"\b(Traceback|Error|Exception|errno|found|expected|while scanning|while parsing|"
                     r"could not|cannot|not allowed|unacceptable|invalid literal|is undefined|unexpected|"
                     r"Package not found|There is no item|No such file|Permission denied|Read-only|"
                     r"No space left|Not a directory|Is a directory|codec|decode)\b", re.IGNORECASE)


@pytest.fixture(scope="session")
def baseline(tmp_path_factory) -> Path:
    """Return a project with every draft built and the plan issued: what no fault may change."""
    root = tmp_path_factory.mktemp("baseline") / "du-an"
    shutil.copytree(SEED, root / "data" / SEED.name)
    shutil.copytree(REPO / "templates", root / "templates", ignore=shutil.ignore_patterns("*.md"))
    mark_as_real(root / "data" / SEED.name)
    data = ["--data", str(root / "data")]
    assert main([*data, "--out", str(root / "out")]) == 0
    assert main(["issue", f"{SEED.name}/ke-hoach", "--ngay", "15/03/2024", "--khong-pdf", *data]) == 0
    return root


def _load_fault(case: Path):
    path = case / "fault.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"fault_{case.name.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(CASES_DIR))  # fault.py may import faults.py beside the cases
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(CASES_DIR))
    return module


def _apply(case: Path, spec: dict, root: Path) -> int | None:
    """Lay the case's fault over the project at `root`; return the line the first edit starts on."""
    overlay = case / "files"
    if overlay.is_dir():
        for src in sorted(overlay.rglob("*")):
            if src.is_file():
                dst = root / src.relative_to(overlay)
                dst.parent.mkdir(parents=True, exist_ok=True)
                dst.unlink(missing_ok=True)  # never write through a link
                shutil.copyfile(src, dst)
    first_line = None
    for edit in spec.get("edits", []):
        path = root / edit["file"]
        text = path.read_text(encoding="utf-8")
        assert edit["find"] in text, f"{case.name}: {edit['find']!r} not in {edit['file']}"
        if first_line is None:
            first_line = text[: text.index(edit["find"])].count("\n") + 1
        path.write_text(text.replace(edit["find"], edit["replace"], 1), encoding="utf-8")
    for rel in spec.get("remove", []):
        target = root / rel
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        else:
            target.unlink()
    return first_line


def _tree(root: Path) -> dict[str, str]:
    """Return relative path → sha256 (or link target) of every file under the watched folders of `root`."""
    out = {}
    for name in WATCHED:
        top = root / name
        if top.is_symlink() or top.is_file():
            out[name] = _digest(top)
            continue
        for path in sorted(top.rglob("*")) if top.is_dir() else ():
            if path.is_symlink() or path.is_file():
                out[str(path.relative_to(root))] = _digest(path)
    return out


def _digest(path: Path) -> str:
    if path.is_symlink():
        return "link:" + os.readlink(path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _line(value, first_edit: int | None) -> int | None:
    if isinstance(value, str) and value.startswith("@edit"):
        assert first_edit is not None, "line: @edit needs an edit"
        return first_edit + int(value[len("@edit"):] or 0)
    return value


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_a_message_and_loses_nothing(case, baseline, tmp_path):
    spec = yaml.safe_load((case / "expect.yaml").read_text(encoding="utf-8"))
    root = tmp_path / "du-an"
    shutil.copytree(baseline, root, symlinks=True)
    first_edit = _apply(case, spec, root)
    fault = _load_fault(case)
    if fault is not None and hasattr(fault, "apply"):
        fault.apply(root)
    before = _tree(root)
    problems_file = tmp_path / "problems.json"
    args = [str(a).replace("{root}", str(root)) for a in spec.get("args", [])]
    command = [sys.executable, "-c", CHILD, *args]
    if fault is not None and hasattr(fault, "wrap"):
        command = fault.wrap(command, root)
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8",
           "KEHOACH_TEST_PROBLEMS": str(problems_file)}
    try:
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=120,
                              check=False)
    finally:
        if fault is not None and hasattr(fault, "restore"):
            fault.restore(root)
    shown = json.loads(problems_file.read_text(encoding="utf-8")) if problems_file.exists() else []
    err = done.stderr
    said = (done.stdout + err).replace(str(root), "<dự án>").replace(str(tmp_path), "<tạm>")

    assert "Traceback" not in err, err
    assert done.returncode == spec.get("exit_code", 1), said
    assert VIETNAMESE.search(said), said
    english = ENGLISH.search(said)
    assert english is None, f"English text «{english.group(0)}» in: {said}"
    # No English word in any message, outside the clerk's quoted data and the paths it names.
    words = english_words(said) + [w for p in shown for w in english_words(p["message"])]
    assert words == [], f"English words {words} in: {said}"
    for expected in spec.get("expect", []):
        line = _line(expected.get("line"), first_edit)
        matches = [p for p in shown
                   if (expected.get("file") is None or (p["file"] or "").endswith(expected["file"]))
                   and (line is None or p["line"] == line)
                   and (expected.get("field") is None or p["field"] == expected["field"])
                   and expected.get("words", "") in p["message"]]
        assert matches, f"no problem like {expected} (line {line}) among:\n" + json.dumps(shown, ensure_ascii=False,
                                                                                       indent=1)
        if expected.get("file"):
            assert Path(expected["file"]).name in err  # the clerk reads which file, too
    for words in spec.get("output", []):
        assert words in done.stdout + err, said
    for secret in spec.get("never_printed", []):
        assert secret not in done.stdout + err
    if fault is not None and hasattr(fault, "verify"):
        fault.verify(root, done)
    assert _tree(root) == before, "out/, the archive or the register changed"
    leftovers = [str(p.relative_to(root)) for p in root.rglob(".tmp-*")]
    assert leftovers == [], leftovers


def test_every_case_says_what_it_is():
    assert len(CASES) >= 60
    for case in CASES:
        spec = yaml.safe_load((case / "expect.yaml").read_text(encoding="utf-8"))
        assert spec.get("about"), case.name
        assert spec.get("expect") or spec.get("output"), case.name
