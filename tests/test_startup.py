"""What a command loads before it does anything: `--help` answers from argparse alone, without the
libraries that build documents (the rule is structural, so it holds on any machine however fast)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("docxtpl", "docx", "lxml", "jinja2", "matplotlib", "openpyxl", "yaml", "ruamel", "numpy", "PIL",
         "filelock", "tqdm", "icalendar", "markdown_it")

_PROBE = """
import contextlib, io, json, sys
from kehoach.cli.main import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main({argv!r})
    except SystemExit:
        pass
print(json.dumps([sorted(sys.modules), out.getvalue()]))
"""


def loaded_by(argv: list[str]) -> tuple[set[str], str]:
    """Return the modules a fresh Python has loaded after `kehoach argv`, and what it printed."""
    done = subprocess.run([sys.executable, "-c", _PROBE.format(argv=argv)], capture_output=True, text=True,
                          encoding="utf-8", check=True)
    modules, printed = json.loads(done.stdout.strip().splitlines()[-1])
    return set(modules), printed


@pytest.mark.parametrize("argv", [["--help"], ["tinh-hinh", "--help"], ["build", "--help"], ["lint", "--help"]])
def test_help_loads_none_of_the_document_libraries(argv):
    modules, printed = loaded_by(argv)
    assert "cách dùng" in printed  # the help was really printed
    top = {m.partition(".")[0] for m in modules}
    assert not top & set(HEAVY), sorted(top & set(HEAVY))


def test_help_loads_only_the_command_line_code():
    modules, _ = loaded_by(["--help"])
    ours = {m for m in modules if m.startswith("kehoach.")}
    assert ours <= {"kehoach.errors", "kehoach.documents", "kehoach.documents.kinds"} | {
        m for m in ours if m.startswith("kehoach.cli")}, sorted(ours)
    assert "dataclasses" not in modules and "typing" not in modules  # the heaviest standard modules it could load
