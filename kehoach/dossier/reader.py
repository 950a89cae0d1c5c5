"""Strict YAML reading: every scalar a string, duplicate keys refused, each value with its line; the Reader
turns Nodes into typed values and collects every problem with file, line and field.

Reading is bounded: files are read only from inside their dossier, must be UTF-8 without control
characters, and nesting depth and alias expansion are limited while the parser composes, before
anything is expanded (a few lines of aliases can otherwise stand for billions of values).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import KehoachError, Problem
from ..messages import os_reason
from ..rules import vn
from .yaml_messages import yaml_message

MAX_FILE_BYTES = 10_000_000   # a dossier file is a few kilobytes; ten megabytes is not a plan
MAX_DEPTH = 50                # the deepest plan body nests a dozen levels
MAX_ALIASES = 1_000
MAX_VALUES = 500_000          # values after expanding aliases
# What XML (and so Word) cannot hold, and what no clerk types: C0/C1 controls, lone surrogates.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits only: "²" or "٣" are digits to str.isdigit()


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
    texts: list[tuple[str, str, int, str]] = field(default_factory=list)  # (file, path, line, text) of prose

    def problem(self, file: str, path: str, message: str, severity: str = "lỗi") -> Problem:
        """Return a Problem located at `path` of `file` (the nearest enclosing field when unknown)."""
        probe = path
        while probe and (file, probe) not in self.lines:
            probe = probe.rpartition(".")[0] if "." in probe else ""
        return Problem(message, file=file, line=self.lines.get((file, probe)), field=path,
                       severity=severity)


def read_yaml(path: Path, shown: str, within: Path) -> Node:
    """Read and parse the data file `path` (named `shown` in messages), which must lie inside `within`.

    Raise KehoachError, never quoting the file's content, when it cannot be read as dossier data.
    """
    node = parse_yaml(read_text(path, shown, within), shown)
    if not isinstance(node.value, dict):  # whatever the file is, it is not ours to quote or to read on
        raise KehoachError(Problem("tệp không có dạng dữ liệu của kehoach: cần các dòng “khóa: giá trị”, "
                                   "ví dụ “nam: 2024”", file=shown, line=node.line))
    return node


def read_text(path: Path, shown: str, within: Path) -> str:
    """Return the text of the data file `path`; raise KehoachError when it is not a readable UTF-8 file."""
    path = Path(path)
    if path.is_symlink() and not _inside(path, within):
        # A link out of the dossier can point at any file on the machine: never read or quote it.
        raise KehoachError(Problem(
            "tệp là liên kết (symlink) trỏ ra ngoài hồ sơ; kehoach chỉ đọc tệp nằm trong hồ sơ. "
            "Hãy thay liên kết bằng một tệp thật trong hồ sơ", file=shown))
    if not path.is_file():
        raise KehoachError(Problem("đây không phải một tệp dữ liệu (có thể là thư mục)", file=shown))
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise KehoachError(Problem(f"tệp quá lớn (hơn {MAX_FILE_BYTES // 1_000_000} MB) cho một tệp dữ liệu",
                                       file=shown))
        data = path.read_bytes()
    except OSError as e:
        raise KehoachError(Problem(f"không đọc được tệp ({os_reason(e)})", file=shown)) from e
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise KehoachError(Problem(
            "tệp không ở bảng mã UTF-8 (có byte không đọc được ở dòng này); hãy mở tệp và lưu lại với bảng mã "
            "UTF-8 (Notepad: Lưu thành… → Mã hóa: UTF-8)", file=shown, line=line)) from None
    bad = CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise KehoachError(Problem(
            f"có ký tự điều khiển không in được (mã U+{ord(bad.group()):04X}), có thể do chép từ phần mềm khác; "
            "hãy xóa ký tự đó (kể cả khi nó nằm trong lời ghi chú)", file=shown, line=line))
    return text


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(Path(folder).resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


class _Limit(Exception):
    def __init__(self, message: str, mark):
        super().__init__(message)
        self.message, self.mark = message, mark


class _BoundedLoader(yaml.BaseLoader):
    """BaseLoader (every scalar a string) that counts depth, aliases and expanded size while composing."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._sizes: dict[int, int] = {}  # id(node) -> number of values once aliases are expanded

    def compose_node(self, parent, index):
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _Limit(f"tệp dùng quá nhiều tham chiếu “*” (hơn {MAX_ALIASES}); dữ liệu kế hoạch không "
                             "cần “&”/“*”: hãy viết thẳng giá trị", mark)
            node = super().compose_node(parent, index)
            if id(node) not in self._sizes:
                raise _Limit("tham chiếu “*” trỏ vào chính giá trị chứa nó (vòng lặp vô tận)", mark)
            return node
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Limit(f"dữ liệu lồng nhau quá sâu (hơn {MAX_DEPTH} tầng); kiểm tra dấu ngoặc và thụt lề", mark)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if isinstance(node, yaml.SequenceNode):
            size = 1 + sum(self._sizes[id(v)] for v in node.value)
        elif isinstance(node, yaml.MappingNode):
            size = 1 + sum(self._sizes[id(k)] + self._sizes[id(v)] for k, v in node.value)
        else:
            size = 1
        if size > MAX_VALUES:
            limit = f"{MAX_VALUES:,}".replace(",", ".")
            raise _Limit(f"tệp bung ra quá nhiều giá trị (hơn {limit}) qua các tham chiếu “*”; dữ liệu kế hoạch "
                         "không cần “&”/“*”: hãy viết thẳng giá trị" if self._aliases else
                         f"tệp có quá nhiều giá trị (hơn {limit}) cho một tệp dữ liệu", mark)
        self._sizes[id(node)] = size
        return node


_C_LOADER = getattr(yaml, "CBaseLoader", None)  # libyaml's parser and composer, where PyYAML has them


def _quick_compose(text: str):
    """Compose `text` with libyaml (the same nodes and line marks, some fifty times faster) when the
    bounded loader would give the very same result: no anchors or aliases to bound, no tab (libyaml
    takes one as a separator), within the depth and size limits, no error. None: use the bounded loader."""
    if _C_LOADER is None or "&" in text or "\t" in text:
        return None
    try:
        root = yaml.compose(text, Loader=_C_LOADER)
    except yaml.YAMLError:
        return None  # the bounded loader says what is wrong, in its words
    if root is None:
        return root
    count, todo = 0, [(root, 1)]
    while todo:  # depth first, like composing: the same node trips the same limit
        node, depth = todo.pop()
        count += 1
        if depth > MAX_DEPTH or count > MAX_VALUES or isinstance(node, yaml.Node) and node.tag is None:
            return None
        if isinstance(node, yaml.SequenceNode):
            todo += [(v, depth + 1) for v in reversed(node.value)]
        elif isinstance(node, yaml.MappingNode):
            todo += [(n, depth + 1) for kv in reversed(node.value) for n in reversed(kv)]
    return root


def parse_yaml(text: str, file: str) -> Node:
    """Parse `text` into Nodes; raise KehoachError on syntax errors, duplicate keys and runaway size."""
    try:
        # Every scalar is a string: `012` stays "012", `no` stays "no".
        root = _quick_compose(text)
        if root is None:
            root = yaml.compose(text, Loader=_BoundedLoader)
    except _Limit as e:
        raise KehoachError(Problem(e.message, file=file, line=e.mark.line + 1)) from None
    except yaml.YAMLError as e:
        message, line = yaml_message(e, text)
        raise KehoachError(Problem(message, file=file, line=line)) from None
    if root is None:
        return Node({}, 1)
    problems: list[Problem] = []
    node = _convert(root, file, "", problems)
    if problems:
        raise KehoachError(problems)
    return node


def _convert(node, file: str, path: str, problems: list[Problem]) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem("tên khóa phải là một chữ, không phải danh sách hay nhóm khóa",
                                        file=file, line=key_node.start_mark.line + 1, field=path or None))
                continue
            key = vn.nfc(str(key_node.value))
            sub = f"{path}.{key}" if path else key
            if key in out:
                problems.append(Problem(
                    f"khóa “{_short(key)}” bị lặp (đã có ở dòng {out[key].line}); mỗi khóa chỉ được ghi một lần",
                    file=file, line=key_node.start_mark.line + 1, field=sub))
                continue
            child = _convert(value_node, file, sub, problems)
            child.line = key_node.start_mark.line + 1  # the clerk looks for the key, not its value
            out[key] = child
        return Node(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(v, file, f"{path}[{i + 1}]", problems)
                     for i, v in enumerate(node.value)], line)
    if CONTROL.search(node.value):  # written as an escape ("\x01", "\0") inside double quotes
        problems.append(Problem("giá trị có ký tự điều khiển không in được (viết bằng dấu “\\” trong dấu ngoặc "
                                "kép); hãy xóa ký tự đó", file=file, line=line, field=path or None))
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
            if not path:  # the whole file: whatever it is, it is not ours to quote
                self.fail(node, path, "tệp không có dạng dữ liệu của kehoach: cần các dòng “khóa: giá trị”, "
                          "ví dụ “nam: 2024”")
            else:
                self.fail(node, path, f"cần một nhóm khóa: giá trị ({_kind(node)}) không đúng dạng")
            return {}
        known = required + optional
        misspelt: set[str] = set()  # required keys a typo stands for: said once, at the typo's line
        for key, sub in node.value.items():
            sub_path = f"{path}.{key}" if path else key
            self.marks.lines[(self.file, sub_path)] = sub.line
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                if close and close[0] in required and close[0] not in node.value:
                    misspelt.add(close[0])
                    self.fail(sub, sub_path, f"khóa “{key}” sai tên; có phải là “{close[0]}”? (khóa bắt buộc, "
                                             "chưa có)")
                    continue
                hint = f"; có phải là “{close[0]}”?" if close else f"; các khóa hợp lệ: {', '.join(known)}"
                self.fail(sub, sub_path, f"khóa “{key}” không được dùng ở đây{hint}")
        for key in required:
            if key not in node.value and key not in misspelt:
                self.fail(node, f"{path}.{key}" if path else key, f"thiếu khóa bắt buộc “{key}”")
        return {k: v for k, v in node.value.items() if k in known}

    def entries(self, node: Node, path: str) -> dict[str, Node]:
        """Return a mapping whose keys are the clerk's own (task ids, quarter numbers)."""
        keys = tuple(node.value) if isinstance(node.value, dict) else ()
        return self.mapping(node, path, (), keys)

    def text(self, node: Node | None, path: str, default: str | None = None) -> str:
        """Return the text at `node` with blanks collapsed; remember it as prose for later checks."""
        value = self._text(node, path, default)
        if value and node is not None:
            self.marks.texts.append((self.file, path, node.line, value))
        return value

    def _text(self, node: Node | None, path: str, default: str | None = None) -> str:
        if node is None:
            return default if default is not None else ""
        if not isinstance(node.value, str):
            self.fail(node, path, f"cần một dòng chữ, nhưng gặp {_kind(node)}")
            return ""
        value = " ".join(node.value.split())
        if not value and default is None:
            self.fail(node, path, "không được để trống")
        return value

    def integer(self, node: Node | None, path: str, lo: int, hi: int) -> int | None:
        """Return the whole number at `node`; None (unknown) when it is missing or wrong, which is reported.

        Never a stand-in value: a year read as 1945 would only add errors that are not the clerk's.
        """
        value = self._text(node, path)
        if not value:
            return None
        if not _NUMBER.fullmatch(value) or not lo <= int(value) <= hi:
            self.fail(node, path, f"cần một số nguyên từ {lo} đến {hi} (chữ số 0–9), nhưng gặp “{_short(value)}”")
            return None
        return int(value)

    def boolean(self, node: Node | None, path: str) -> bool:
        value = self._text(node, path, default="").lower()
        if value in ("", "false", "no", "khong", "không"):
            return False
        if value in ("true", "yes", "co", "có"):
            return True
        self.fail(node, path, f"cần true hoặc false, nhưng gặp “{_short(value)}”")
        return False

    def date(self, node: Node | None, path: str):
        value = self._text(node, path)
        if not value:
            return None
        if len(value) > 20:
            self.fail(node, path, f"“{_short(value)}” không đúng dạng ngày/tháng/năm (ví dụ 15/03/2024)")
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
    return f"“{_short(node.value)}”"


def _short(text: str, limit: int = 40) -> str:
    """Return `text` cut to `limit` characters: a message quotes a value, never a whole file."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
