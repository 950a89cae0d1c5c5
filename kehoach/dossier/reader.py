"""Strict YAML reading: every scalar a string, duplicate keys refused, each value with its line; the Reader
turns Nodes into typed values and collects every problem with file, line and field."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import yaml

from ..errors import KehoachError, Problem
from ..rules import vn

# libyaml's parser and composer where PyYAML was built with it (same nodes and line marks, much faster).
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@dataclass
class Node:
    """A YAML value with the line it starts on; `value` is str, list[Node] or dict[str, Node]."""

    value: object
    line: int


@dataclass
class Marks:
    """Where each field was written: (file, field path) → line, for messages found after loading."""

    folder: str = ""
    lines: dict[tuple[str, str], int] = field(default_factory=dict)
    task_paths: list[str] = field(default_factory=list)  # path of each task in nhiem-vu.yaml, in order

    def problem(self, file: str, path: str, message: str, severity: str = "lỗi") -> Problem:
        """Return a Problem located at `path` of `file` (the nearest enclosing field when unknown)."""
        probe = path
        while probe and (file, probe) not in self.lines:
            probe = probe.rpartition(".")[0] if "." in probe else ""
        return Problem(message, file=file, line=self.lines.get((file, probe)), field=path,
                       severity=severity)


def parse_yaml(text: str, file: str) -> Node:
    """Parse `text` into Nodes; raise KehoachError on syntax errors and duplicate keys."""
    try:
        # BaseLoader resolves every scalar as a string: `012` stays "012", `no` stays "no".
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        line = mark.line + 1 if mark else None
        hint = "kiểm tra dấu hai chấm, dấu ngoặc kép và thụt lề (dùng dấu cách, không dùng Tab)"
        raise KehoachError(Problem(f"sai cú pháp YAML ({e.problem}); {hint}", file=file,
                                   line=line)) from e
    if root is None:
        return Node({}, 1)
    duplicates: list[Problem] = []
    node = _convert(root, file, "", duplicates)
    if duplicates:
        raise KehoachError(duplicates)
    return node


def _convert(node, file: str, path: str, duplicates: list[Problem]) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = vn.nfc(str(key_node.value))
            sub = f"{path}.{key}" if path else key
            if key in out:
                duplicates.append(Problem(
                    f"khóa “{key}” bị lặp (đã có ở dòng {out[key].line}); mỗi khóa chỉ được ghi một lần",
                    file=file, line=key_node.start_mark.line + 1, field=sub))
                continue
            child = _convert(value_node, file, sub, duplicates)
            child.line = key_node.start_mark.line + 1  # the clerk looks for the key, not its value
            out[key] = child
        return Node(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(v, file, f"{path}[{i + 1}]", duplicates)
                     for i, v in enumerate(node.value)], line)
    return Node(vn.nfc(node.value), line)


class Reader:
    """Walks one file's Nodes, turning them into values and collecting every problem."""

    def __init__(self, file: str, marks: Marks, problems: list[Problem]):
        self.file = file
        self.marks = marks
        self.problems = problems

    def fail(self, node: Node | None, path: str, message: str) -> None:
        line = node.line if node is not None else self.marks.lines.get((self.file, path))
        self.problems.append(Problem(message, file=self.file, line=line, field=path or None))

    def mapping(self, node: Node, path: str, required: tuple[str, ...],
                optional: tuple[str, ...] = ()) -> dict[str, Node]:
        """Return the keys of a mapping; report unknown keys (with a hint) and missing required ones."""
        self.marks.lines[(self.file, path)] = node.line
        if not isinstance(node.value, dict):
            self.fail(node, path, f"cần một nhóm khóa: giá trị ({_kind(node)}) không đúng dạng")
            return {}
        known = required + optional
        for key, sub in node.value.items():
            sub_path = f"{path}.{key}" if path else key
            self.marks.lines[(self.file, sub_path)] = sub.line
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"; có phải là “{close[0]}”?" if close else f"; các khóa hợp lệ: {', '.join(known)}"
                self.fail(sub, sub_path, f"khóa “{key}” không được dùng ở đây{hint}")
        for key in required:
            if key not in node.value:
                self.fail(node, f"{path}.{key}" if path else key, f"thiếu khóa bắt buộc “{key}”")
        return {k: v for k, v in node.value.items() if k in known}

    def entries(self, node: Node, path: str) -> dict[str, Node]:
        """Return a mapping whose keys are the clerk's own (task ids, quarter numbers)."""
        keys = tuple(node.value) if isinstance(node.value, dict) else ()
        return self.mapping(node, path, (), keys)

    def text(self, node: Node | None, path: str, default: str | None = None) -> str:
        if node is None:
            return default if default is not None else ""
        if not isinstance(node.value, str):
            self.fail(node, path, f"cần một dòng chữ, nhưng gặp {_kind(node)}")
            return ""
        value = " ".join(node.value.split())
        if not value and default is None:
            self.fail(node, path, "không được để trống")
        return value

    def integer(self, node: Node | None, path: str, lo: int, hi: int) -> int:
        value = self.text(node, path)
        if not value:
            return lo
        if not value.isdigit() or not lo <= int(value) <= hi:
            self.fail(node, path, f"cần một số nguyên từ {lo} đến {hi}, nhưng gặp “{value}”")
            return lo
        return int(value)

    def boolean(self, node: Node | None, path: str) -> bool:
        value = self.text(node, path, default="").lower()
        if value in ("", "false", "no", "khong", "không"):
            return False
        if value in ("true", "yes", "co", "có"):
            return True
        self.fail(node, path, f"cần true hoặc false, nhưng gặp “{value}”")
        return False

    def date(self, node: Node | None, path: str):
        value = self.text(node, path)
        if not value:
            return None
        try:
            return vn.parse_date(value)
        except ValueError as e:
            self.fail(node, path, str(e))
            return None

    def items(self, node: Node | None, path: str, allow_empty: bool = False) -> list[tuple[str, Node]]:
        """Return (path, node) for each element of a list."""
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.fail(node, path, f"cần một danh sách (mỗi dòng bắt đầu bằng “- ”), nhưng gặp {_kind(node)}")
            return []
        if not node.value and not allow_empty:
            self.fail(node, path, "danh sách không được để trống")
        out = []
        for i, sub in enumerate(node.value):
            sub_path = f"{path}[{i + 1}]"
            self.marks.lines[(self.file, sub_path)] = sub.line
            out.append((sub_path, sub))
        return out

    def texts(self, node: Node | None, path: str, allow_empty: bool = False) -> tuple[str, ...]:
        return tuple(self.text(sub, p) for p, sub in self.items(node, path, allow_empty))


def _kind(node: Node) -> str:
    if isinstance(node.value, dict):
        return "một nhóm khóa"
    if isinstance(node.value, list):
        return "một danh sách"
    return f"“{node.value}”"
