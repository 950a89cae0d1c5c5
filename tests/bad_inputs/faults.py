"""Helpers for fault.py files: break a template, or run the CLI where a folder is read-only or a disk is full.

The mounts use a private mount namespace (`unshare`), so nothing is mounted outside the child
process; root ignores file permissions, so a chmod alone cannot make a folder read-only for it.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

_PROBE: bool | None = None


def namespaces() -> bool:
    """Return True when this machine lets us mount inside a private namespace."""
    global _PROBE
    if _PROBE is None:
        exe = shutil.which("unshare")
        _PROBE = bool(exe) and sys.platform.startswith("linux") and subprocess.run(
            [exe, "--user", "--map-root-user", "--mount", "true"], capture_output=True, check=False
        ).returncode == 0
    return _PROBE


def in_namespace(setup: list[str], command: list[str], after: list[str] = ()) -> list[str]:
    """Return `command` run inside a private mount namespace after the shell lines `setup`.

    `after` lines run once the command has ended (its exit code is kept).
    """
    if not namespaces():
        pytest.skip("cần unshare (mount namespace) để giả lập ổ đĩa đầy hoặc chỉ đọc")
    script = " && ".join(setup) + ' && { "$@"; code=$?; ' + "".join(f"{a}; " for a in after) + "exit $code; }"
    return ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", *command]


def read_only(folder: str, command: list[str]) -> list[str]:
    """Return `command` run with `folder` (relative to the project) mounted read-only."""
    q = shlex.quote(folder)
    return in_namespace([f"mount --bind {q} {q}", f"mount -o remount,bind,ro {q}"], command)


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def add_paragraph(path: Path, text: str) -> None:
    """Append a paragraph holding `text` to the Word file at `path` (e.g. a template tag)."""
    document = docx.Document(str(path))
    document.add_paragraph(text)
    document.save(str(path))


def rewrite_zip(path: Path, keep: Callable[[str], bool], change: Callable[[str, bytes], bytes] | None = None) -> None:
    """Rewrite the .docx at `path` with only the members `keep` accepts, `change` applied to their bytes."""
    with zipfile.ZipFile(path) as src:
        members = [(i, src.read(i)) for i in src.infolist() if keep(i.filename)]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in members:
            dst.writestr(info, change(info.filename, data) if change else data)
