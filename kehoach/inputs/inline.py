"""Runs of a paragraph as text: the `**đậm**` / `*nghiêng*` markup of the data files, line splits, prefixes. No I/O."""
from __future__ import annotations

import re

from ..rules import markup as rules_markup
from ..rules.markup import Span
from .source import Para, Run


def split_lines(para: Para) -> list[Para]:
    """Return `para` cut at its typed line breaks, each piece keeping the runs' looks and the location."""
    pieces: list[list[Run]] = [[]]
    for run in para.runs:
        parts = run.text.split("\n")
        for i, part in enumerate(parts):
            if i:
                pieces.append([])
            if part:
                pieces[-1].append(Run(part, run.bold, run.italic))
    out = []
    for i, runs in enumerate(p for p in pieces if "".join(r.text for r in p).strip()):
        out.append(Para(tuple(runs), para.where, para.label if i == 0 else "", para.centered, para.heading))
    return out


def plain(runs) -> str:
    """Return the text of `runs` with whitespace collapsed, as the data files keep it."""
    return " ".join("".join(r.text for r in runs).split())


def drop_prefix(runs: tuple[Run, ...], count: int) -> tuple[Run, ...]:
    """Return `runs` without their first `count` characters and the whitespace after them."""
    out: list[Run] = []
    skip = count
    strip = True
    for run in runs:
        text = run.text
        if skip:
            cut = min(skip, len(text))
            text, skip = text[cut:], skip - cut
        if strip and not skip:
            text = text.lstrip()
            if text:
                strip = False
        if text:
            out.append(Run(text, run.bold, run.italic))
    return tuple(out)


def all_bold(runs) -> bool:
    """Return whether every visible character of `runs` is bold (a heading typed in bold)."""
    seen = [r.bold for r in runs if r.text.strip()]
    return bool(seen) and all(seen)


def markup(runs, *, bold: bool = True, italic: bool = True) -> str:
    """Return `runs` as data text (`**đậm**`, `*nghiêng*`, `\\*` for an asterisk), whitespace collapsed.

    `bold=False` drops bold (a heading's own bold comes from the template).
    """
    spans: list[Span] = []
    ends_in_space = True  # drops leading whitespace and doubles across runs
    for run in runs:
        text = re.sub(r"\s+", " ", run.text)
        if ends_in_space:
            text = text.lstrip(" ")
        if text:
            spans.append(Span(text, run.bold and bold, run.italic and italic))
            ends_in_space = text.endswith(" ")
    return rules_markup.join(spans).strip()
