"""Inline markup of the clerk's texts: `**đậm**`, `*nghiêng*`, `***cả hai***`, `\\*`. No I/O.

The syntax, in full:
- `*` opens or closes italic, `**` bold, `***` both at once; they may nest (`**đậm *và nghiêng***`);
- `\\*` is a literal asterisk and `\\\\` a literal backslash; any other backslash is kept as written;
- four asterisks or more in a row, or a marker left open at the end, is an error: the clerk is told where.
In a YAML string between double quotes the backslash itself must be doubled (`"\\\\*"`); single quotes
or a plain value take it as written (`'5 \\* 3'`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_NAMES = {1: "nghiêng", 2: "đậm", 3: "đậm nghiêng"}


@dataclass(frozen=True)
class Span:
    """A piece of text with one look."""

    text: str
    bold: bool = False
    italic: bool = False


class MarkupError(ValueError):
    """Raised by `parse` with a Vietnamese message naming the marker and its position (1-based)."""

    def __init__(self, message: str, column: int):
        super().__init__(message)
        self.column = column


def parse(text: str) -> tuple[Span, ...]:
    """Return the spans of `text`; raise MarkupError when a marker is unbalanced or too long."""
    if "*" not in text and "\\" not in text:  # most texts: nothing to read
        return (Span(text),) if text else ()
    spans: list[Span] = []
    buf: list[str] = []
    bold = italic = False
    opened = {"bold": 0, "italic": 0}  # column where the open marker was written

    def flush():
        if buf:
            piece = "".join(buf)
            if spans and (spans[-1].bold, spans[-1].italic) == (bold, italic):
                spans[-1] = Span(spans[-1].text + piece, bold, italic)
            else:
                spans.append(Span(piece, bold, italic))
            buf.clear()

    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "*\\":
            buf.append(text[i + 1])
            i += 2
            continue
        if ch != "*":
            buf.append(ch)
            i += 1
            continue
        j = i
        while j < n and text[j] == "*":
            j += 1
        count = j - i
        if count > 3:
            raise MarkupError(f"{count} dấu * liền nhau ở vị trí {i + 1}: dùng * (nghiêng), ** (đậm) hoặc "
                              "*** (đậm nghiêng); muốn in dấu * thì viết \\*", i + 1)
        flush()
        if count in (2, 3):
            bold = not bold
            opened["bold"] = i + 1 if bold else 0
        if count in (1, 3):
            italic = not italic
            opened["italic"] = i + 1 if italic else 0
        i = j
    flush()
    if bold or italic:
        which = [k for k in ("bold", "italic") if opened[k]]
        column = min(opened[k] for k in which)
        marker = "***" if len(which) == 2 and opened["bold"] == opened["italic"] else \
            ("**" if "bold" in which else "*")
        raise MarkupError(f"dấu {marker} mở in {_NAMES[len(marker)]} ở vị trí {column} chưa có dấu đóng; "
                          "muốn in dấu * thì viết \\*", column)
    return tuple(spans)


def check(text: str) -> str | None:
    """Return why `text` is not valid markup, or None."""
    try:
        parse(text)
    except MarkupError as e:
        return str(e)
    return None


def plain(text: str) -> str:
    """Return `text` as printed, without its markers (a text with broken markup loses only its asterisks)."""
    try:
        return "".join(s.text for s in parse(text))
    except MarkupError:
        return re.sub(r"\\([*\\])|\*", lambda m: m.group(1) or "", text)


def escape(text: str) -> str:
    """Return `text` written as markup that prints it unchanged (`5 * 3` → `5 \\* 3`)."""
    return re.sub(r"([*\\])", r"\\\1", text)


def join(spans) -> str:
    """Return markup that parses back into `spans` (for readers of Word files that write YAML)."""
    out: list[str] = []
    bold = italic = False
    pending = ""  # whitespace after the last word, printed once we know which markers close first

    def marker(b: bool, i: bool) -> str:
        return "*" * (2 * b + i)

    for s in spans:
        body = escape(s.text)
        core = body.strip()
        if not core:
            pending += body
            continue
        lead, trail = body[:len(body) - len(body.lstrip())], body[len(body.rstrip()):]
        # Close before the spaces, open after them: markers hug the words they format.
        out.append(marker(bold and not s.bold, italic and not s.italic))
        out.append(pending + lead)
        out.append(marker(s.bold and not bold, s.italic and not italic))
        out.append(core)
        pending, bold, italic = trail, s.bold, s.italic
    out.append(marker(bold, italic) + pending)
    return "".join(out)
