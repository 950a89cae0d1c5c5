"""Read a plan written in Markdown (the form the seed plan came in) into the same Source a Word draft gives."""
from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from ..errors import KehoachError, Problem
from ..rules import vn
from .source import Cell, Para, Run, Source, Table


def read_markdown(path: Path) -> Source:
    """Return the blocks of the Markdown file at `path`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise KehoachError(Problem("tệp Markdown không ở mã UTF-8; hãy lưu lại với bảng mã UTF-8",
                                   file=str(path))) from e
    return parse_markdown(text, str(path))


def parse_markdown(text: str, file: str = "") -> Source:
    """Return the blocks of Markdown `text` (CommonMark with tables)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(vn.nfc(text))
    blocks: list[Para | Table] = []
    skipped: list[tuple[str, str]] = []
    lists: list[str] = []          # open lists: "ordered" / the bullet character
    pending_label = ""             # a list item's marker, for the item's first paragraph
    heading = 0
    rows: list[list[Cell]] | None = None
    tables = 0
    line = table_line = 1
    for tok in tokens:
        if tok.map:
            line = tok.map[0] + 1
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append("ordered" if kind == "ordered_list_open" else tok.markup)
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            ordered = lists and lists[-1] == "ordered"
            pending_label = f"{tok.info}{tok.markup}" if ordered else ("+" if tok.markup == "+" else "-")
        elif kind == "heading_open":
            heading = int(tok.tag[1:])
        elif kind == "heading_close":
            heading = 0
        elif kind == "table_open":
            rows, tables, table_line = [], tables + 1, line
        elif kind == "tr_open" and rows is not None:
            rows.append([])
        elif kind == "table_close" and rows is not None:
            blocks.append(Table(tuple(tuple(r) for r in rows), f"bảng {tables} (dòng {table_line})"))
            rows = None
        elif kind == "inline":
            runs = _runs(tok.children or [])
            if rows is not None:
                cell_para = Para(runs, f"dòng {line}") if runs else None
                rows[-1].append(Cell((cell_para,) if cell_para else ()))
            elif runs:
                blocks.append(Para(runs, f"dòng {line}", label=pending_label, heading=heading))
                pending_label = ""
        elif kind in ("code_block", "fence", "html_block") and tok.content.strip():
            skipped.append((f"dòng {line}", " ".join(tok.content.split())))
    return Source(tuple(blocks), file, tuple(skipped))


def _runs(children) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = 0
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind in ("text", "code_inline") and child.content:
            runs.append(Run(child.content, bold > 0, italic > 0))
        elif kind == "softbreak":
            runs.append(Run(" ", bold > 0, italic > 0))
        elif kind == "hardbreak":
            runs.append(Run("\n", bold > 0, italic > 0))
    if not "".join(r.text for r in runs).strip():
        return ()
    return tuple(runs)
