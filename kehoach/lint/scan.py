"""Read the body of a document part as text, without building the XML tree of every paragraph.

A long document repeats a handful of paragraph *shapes* (the XML with the text between tags left out:
the same style, runs and formatting): each shape is parsed and read once by the tree reader, and every
paragraph of that shape is then filled in from its texts alone. The body's top-level elements are found
by scanning for their tags, and tables (a few in a document) are parsed as trees.

Only a plainly written part is read this way (UTF-8, the `w` prefix for WordprocessingML throughout, no
comment, CDATA, DTD, processing instruction, carriage return or control character); `BodyText.of`
returns None for any other, which the tree reader then reads. A shape that does not parse (which is
how a `>` inside an attribute value would show) stops the scan the same way.
"""
from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

W_URI = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_BODY_OPEN, _BODY_CLOSE = "<w:body>", "</w:body>"
_GAP = re.compile(r">([^<]*)<")  # the text between two tags
_NAME = re.compile(r"<([^\s/>]+)")
_CONTROLS = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])  # not allowed in XML, nor \r (read as \n)
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_STRICT = etree.XMLParser(resolve_entities=False)


class Unreadable(Exception):
    """The part is not written plainly enough to be read as text: read it as a tree instead."""


class BodyText:
    """The body of a `w:document` part, as text, with what is needed to parse one of its pieces."""

    def __init__(self, text: str, start: int, end: int, head: str):
        self.text = text
        self.start, self.end = start, end  # the body's content
        self.head = head  # a start tag declaring the document element's namespaces, to parse pieces in

    @classmethod
    def of(cls, data: bytes) -> BodyText | None:
        """Return the body of the document part `data`, or None when it is not plainly written."""
        declaration = b""
        if data.startswith(b"<?xml"):
            end = data.find(b"?>")
            declaration = data[:end + 2]
            if end < 0 or not re.fullmatch(rb"""<\?xml version=["']1\.0["']( encoding=["'](?i:utf-8)["'])?"""
                                            rb"""( standalone=["'](yes|no)["'])?\s*\?>""", declaration):
                return None
        rest = data[len(declaration):]
        if (b"<!" in rest or b"<?" in rest or b"\r" in rest or b' xmlns="' in rest or b"]]>" in rest
                or rest.count(W_URI) != 1 or len(rest.translate(None, _CONTROLS)) != len(rest)):
            return None
        try:
            text = rest.decode("utf-8")
        except UnicodeDecodeError:
            return None
        body = text.find(_BODY_OPEN)
        close = text.rfind(_BODY_CLOSE)
        if body < 0 or close < body or text[close + len(_BODY_CLOSE):].strip() != "</w:document>":
            return None
        try:
            root = etree.fromstring((text[:body] + "</w:document>").encode(), _STRICT)
        except etree.XMLSyntaxError:
            return None
        if root.tag != f"{{{W_URI.decode()}}}document" or root.prefix != "w" or set(root.attrib.keys()) - {
                f"{{{uri}}}Ignorable" for uri in root.nsmap.values()}:
            return None  # only the mc:Ignorable attribute Word writes is known not to matter here
        decls = " ".join(f'xmlns:{p}="{u}"' for p, u in root.nsmap.items() if p)
        return cls(text, body + len(_BODY_OPEN), close, f"<w:document {decls}>")

    def children(self, start: int | None = None, end: int | None = None):
        """Yield each element between `start` and `end` (the body's content by default) that is not
        inside another, as (its name, where it starts, where it ends)."""
        text = self.text
        pos = self.start if start is None else start
        end = self.end if end is None else end
        while True:
            at = text.find("<", pos, end)
            if at < 0:
                return
            if text.startswith("<w:p", at) and text[at + 4] in " >":
                tag = "w:p"  # most elements are paragraphs
            elif text.startswith("</", at):
                raise Unreadable("a closing tag where an element was expected")
            else:
                name = _NAME.match(text, at)
                if name is None:
                    raise Unreadable("a tag without a name")
                tag = name.group(1)
            first = text.find(">", at, end)
            if first < 0:
                raise Unreadable("a tag that does not end")
            if text[first - 1] == "/":
                pos = first + 1
            else:  # most elements hold none of their own name: they end at the first closing tag
                close = text.find(f"</{tag}>", first, end)
                if close >= 0 and _opens(tag).search(text, first, close) is None:
                    pos = close + len(tag) + 3
                else:
                    pos = self._end_of(at, end, _ends(tag), f"</{tag}>")
            yield tag, at, pos

    def inside(self, tag: str, at: int, stop: int) -> tuple[int, int]:
        """Return where the content of the element `tag` written from `at` to `stop` starts and ends."""
        first = self.text.find(">", at) + 1
        return (first, first) if self.text[first - 2] == "/" else (first, stop - len(tag) - 3)

    def _end_of(self, at: int, end: int, tags: re.Pattern, close: str) -> int:
        """Return where the element opened at `at` ends, counting nested elements of its own name."""
        text = self.text
        first = text.find(">", at)
        if text[first - 1] == "/":
            return first + 1  # <w:p/>
        depth = 0
        for m in tags.finditer(text, at, end):
            if m.group(0) == close:
                depth -= 1
                if depth == 0:
                    return m.end()
            elif text[text.find(">", m.start()) - 1] != "/":
                depth += 1
        raise Unreadable("an element that does not close")

    def parse(self, piece: str) -> etree._Element:
        """Return the element written as `piece` (a top-level element of the body, or a shape)."""
        try:
            root = etree.fromstring(f"{self.head}{piece}</w:document>".encode(), _STRICT)
        except etree.XMLSyntaxError as e:
            raise Unreadable(str(e)) from None
        return root[0]


@lru_cache(maxsize=64)
def _opens(tag: str) -> re.Pattern:
    """The start tags of elements named `tag`."""
    return re.compile(rf"<{re.escape(tag)}[\s/>]")


@lru_cache(maxsize=64)
def _ends(tag: str) -> re.Pattern:
    """The start and end tags of elements named `tag` (a start tag is followed by a space, `/` or `>`)."""
    return re.compile(rf"<{re.escape(tag)}[\s/>]|</{re.escape(tag)}>")


def split(piece: str) -> tuple[str, list[str]]:
    """Return `piece` with the texts between its tags left out (what paragraphs of one shape share),
    and those texts in order."""
    parts = _GAP.split(piece)
    return "><".join(parts[0::2]), parts[1::2]


def marked(shape_text: str) -> str:
    """Return `shape_text` with each left-out text replaced by a mark naming its place (see `gap_of`)."""
    count = iter(range(1 << 30))
    return _GAP.sub(lambda m: f">\ue000{next(count)}\ue001<", shape_text)


_MARK = re.compile("\ue000([0-9]+)\ue001")


def gap_of(text: str) -> int | None:
    """Return the place a run's text was read from when it is one whole mark, else None."""
    m = _MARK.fullmatch(text)
    return int(m.group(1)) if m else None


def has_mark(text: str) -> bool:
    return "\ue000" in text


def unescape(text: str) -> str:
    """Return the character data `text` as an XML parser reads it (entities and character references)."""
    if "&" not in text:
        return text
    out, last = [], 0
    for m in _ENTITY.finditer(text):
        out.append(text[last:m.start()])
        if "&" in text[last:m.start()]:
            raise Unreadable("an unknown entity")
        named, dec, hexa = m.groups()
        if named:
            out.append(_NAMED[named])
        else:
            code = int(dec) if dec else int(hexa, 16)
            if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
                    or 0x10000 <= code <= 0x10FFFF):
                raise Unreadable("a reference to a character XML does not allow")
            out.append(chr(code))
        last = m.end()
    if "&" in text[last:]:
        raise Unreadable("an unknown entity")
    out.append(text[last:])
    return "".join(out)
