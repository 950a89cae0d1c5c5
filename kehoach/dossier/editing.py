"""Change a clerk's YAML file in place, keeping every comment, quote and blank line that was not changed.

The one way kehoach writes data files (imports from Word and Excel, progress sheets, a new dossier,
migrations): ruamel.yaml's round-trip mode, then an atomic write, so the file is either the old one
or the whole new one, and a no-op change gives back the same bytes.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..errors import KehoachError, Problem
from ..files import write_atomic

__all__ = ["CommentedMap", "CommentedSeq", "dump_yaml", "edit_yaml", "load_yaml"]


def _yaml() -> YAML:
    y = YAML()  # round trip
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a long Vietnamese paragraph
    y.indent(mapping=2, sequence=4, offset=2)  # the layout of the bundled data files
    return y


def load_yaml(text: str, file: str = "") -> CommentedMap:
    """Return the round-trip tree of `text` (an empty map for an empty file)."""
    try:
        data = _yaml().load(text)
    except YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise KehoachError(Problem("tệp không đọc được để ghi lại (sai cú pháp YAML)", file=file or None,
                                   line=mark.line + 1 if mark else None)) from e
    return CommentedMap() if data is None else data


def dump_yaml(data) -> str:
    """Return `data` (a round-trip tree, or plain dicts and lists) as YAML text."""
    buf = io.StringIO()
    _yaml().dump(data, buf)
    return buf.getvalue()


def edit_yaml(path: Path, change: Callable[[CommentedMap], object]) -> bool:
    """Apply `change` to the tree of the YAML file at `path` and write it back atomically.

    Return True when the file's text changed. `change` mutates the tree in place; what it
    leaves untouched keeps its comments and formatting.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    data = load_yaml(text, str(path))
    change(data)
    new = dump_yaml(data)
    if new == text:
        return False
    write_atomic(path, new.encode("utf-8"))
    return True
