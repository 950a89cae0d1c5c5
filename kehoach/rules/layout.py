"""Page geometry of the bundled templates and what follows from measuring text: line breaks, rule lengths, column widths. Pure.

tools/make_templates.py builds the templates from these numbers, so the documents and the
templates agree on where a line ends. All lengths are twips (1/20 pt; 1 cm = 567 twips).
"""
from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

from .fontmetrics import text_width

PAGE_W, PAGE_H = 11906, 16838           # A4
MARGIN_TOP = MARGIN_BOTTOM = 1134       # 20 mm
MARGIN_LEFT = 1701                      # 30 mm
MARGIN_RIGHT = 850                      # 15 mm
TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT            # 9355 = 16.5 cm
TEXT_W_LANDSCAPE = PAGE_H - MARGIN_LEFT - MARGIN_RIGHT  # 14287 = 25.2 cm
HDR_LEFT_W = 3402                       # header band, left column (issuing body, Số): 6.0 cm
HDR_RIGHT_W = TEXT_W - HDR_LEFT_W       # right column (Quốc hiệu, date): 10.5 cm

# Sizes (pt) the templates use for the measured lines.
ISSUER_PT = 13
TITLE_PT = 14
TABLE_PT = 12
CELL_PAD = 2 * 85                       # left + right cell margins of the bordered tables

# ND 30 (PL-I II.2b, II.5b): the rule under the issuing body and under the trích yếu is 1/3–1/2 of
# the text line; drawing it at 5/12 leaves the same room to either bound for measuring differences.
RULE_SHARE = Fraction(5, 12)
# Body tables are laid on a grid of equal columns; each table column spans whole grid columns
# (Word allows at most 63 grid columns).
TABLE_GRID = 50
# Word and LibreOffice justify and kern slightly differently from the advance-width sum: lines we
# compute are kept this much shorter than the room they have, so no renderer wraps them again.
_SAFETY = 0.97
_MARKER = re.compile(r"\\([*\\])|\*")


@lru_cache(maxsize=1 << 16)
def _plain_width(word: str, size: float, bold: bool) -> float:
    return text_width(_MARKER.sub(lambda m: m.group(1) or "", word), size, bold)


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Return the lines a word processor makes of `text` in `width` twips (greedy, at spaces)."""
    space = _plain_width(" ", size, bold)
    lines: list[str] = []
    for part in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in part.split():
            w = _plain_width(word, size, bold)
            if line and used + space + w > width:
                lines.append(" ".join(line))
                line, used = [word], w
            else:
                used += (space if line else 0.0) + w
                line.append(word)
        lines.append(" ".join(line))
    return lines


def longest_line(lines: list[str], width: float, size: float, bold: bool = False) -> float:
    """Return the width of the longest printed line of `lines` (paragraphs) wrapped in `width`."""
    return max((_plain_width(ln, size, bold) for p in lines for ln in wrap(p, width, size, bold)), default=0.0)


@lru_cache(maxsize=1024)  # every build models each document several times: titles repeat
def balanced(text: str, width: float, size: float, bold: bool = False) -> str:
    """Return `text` with line breaks (`\\n`) that give lines of near-equal width.

    A title that needs n lines is cut into n lines whose longest is as short as possible, so
    its last line never holds one word alone ("2025" under a full line). One line: unchanged.
    Inline markers (`*`) stay on their words and count for nothing.
    """
    room = width * _SAFETY
    words = text.split()
    n = len(wrap(text, room, size, bold))
    if n < 2 or len(words) < 2 * n:
        return text
    space = _plain_width(" ", size, bold)
    ends = [0.0]  # ends[j]: width of words[:j] laid end to end
    for w in words:
        ends.append(ends[-1] + _plain_width(w, size, bold))

    def span(i: int, j: int) -> float:  # words[i:j] on one line
        return ends[j] - ends[i] + space * (j - i - 1)

    # best[k][j]: smallest possible longest line when words[:j] fill k lines.
    inf = float("inf")
    best = [[inf] * (len(words) + 1) for _ in range(n + 1)]
    cut = [[0] * (len(words) + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for k in range(1, n + 1):
        for j in range(1, len(words) + 1):
            for i in range(k - 1, j):
                w = span(i, j)
                if w > room or best[k - 1][i] == inf:
                    continue
                score = max(best[k - 1][i], w)
                if score < best[k][j]:
                    best[k][j], cut[k][j] = score, i
    if best[n][len(words)] == inf:
        return text
    breaks, j = [], len(words)
    for k in range(n, 0, -1):
        i = cut[k][j]
        breaks.append(" ".join(words[i:j]))
        j = i
    lines = breaks[::-1]
    if any(len(ln.split()) < 2 for ln in lines[1:]):
        return text
    return "\n".join(lines)


def rule_length(text_width_twips: float) -> int:
    """Return the length of the rule under a line `text_width_twips` long (5/12 of it: within 1/3–1/2)."""
    return round(text_width_twips * RULE_SHARE)


def column_spans(columns: list[list[str]], total: int = TEXT_W, grid: int = TABLE_GRID,
                 size: float = TABLE_PT) -> list[int]:
    """Return how many of `grid` equal grid columns (over `total` twips) each table column takes.

    `columns[k]` is the header cell (bold) then the body cells of column k. A column gets at least
    its longest word (words are never cut) and, when there is room, its longest cell on one line;
    what is left goes to the columns that wrap most — a word processor's automatic layout.
    """
    unit = total / grid

    def units(width: float) -> int:
        return max(1, -(-int(width / _SAFETY + CELL_PAD) // int(unit)))

    least, most = [], []
    for cells in columns:
        head, body = (cells[0], cells[1:]) if cells else ("", [])
        words = [(w, True) for w in head.split()] + [(w, False) for c in body for w in c.split()]
        least.append(units(max((_plain_width(w, size, b) for w, b in words), default=0.0)))
        whole = [_plain_width(head, size, True)] + [_plain_width(c, size, False) for c in body]
        most.append(max(least[-1], units(max(whole))))
    if sum(least) >= grid:
        return _round_to([float(x) for x in least], grid, least=1)
    if sum(most) <= grid:
        return _round_to([float(x) for x in most], grid, least=1, floor=most)
    # Columns that need little more than their longest word (dates, "Phối hợp", numbers) get a whole
    # line first, narrowest first, as long as the others keep their longest word; the rest wraps.
    spans = list(least)
    for k in sorted(range(len(spans)), key=lambda i: most[i] - least[i]):
        if sum(spans) - spans[k] + most[k] > grid or most[k] - least[k] > grid / 4:
            break
        spans[k] = most[k]
    open_ = [k for k in range(len(spans)) if spans[k] < most[k]]
    spare = {k: most[k] - spans[k] for k in open_}
    room = grid - sum(spans)
    raw = [float(spans[k]) + (room * spare[k] / sum(spare.values()) if k in spare else 0.0)
           for k in range(len(spans))]
    return _round_to(raw, grid, least=1, floor=spans)


def _round_to(values: list[float], total: int, least: int = 0, floor: list[int] | None = None) -> list[int]:
    """Round `values` to integers summing to `total` (largest remainders first).

    None goes below `least`, nor below its `floor` entry while another value can still give.
    """
    scale = total / sum(values) if sum(values) else 1
    scaled = [v * scale for v in values]
    lows = [max(least, (floor or [0] * len(values))[k]) for k in range(len(values))]
    out = [max(int(v), lows[k]) for k, v in enumerate(scaled)]
    order = sorted(range(len(values)), key=lambda k: scaled[k] - int(scaled[k]), reverse=True)
    k = 0
    while sum(out) < total:
        out[order[k % len(order)]] += 1
        k += 1
    while sum(out) > total:
        givers = [i for i in range(len(out)) if out[i] > lows[i]] or [i for i in range(len(out)) if out[i] > least]
        out[max(givers, key=lambda i: out[i] - lows[i])] -= 1
    return out
