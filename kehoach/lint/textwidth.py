"""Estimate the printed width of a line of Times New Roman text, for comparing rules with the text above them."""
from __future__ import annotations

import unicodedata

# Advance widths (1/1000 em) of the Adobe Times-Roman / Times-Bold AFM metrics; Times New Roman and
# Liberation Serif are metric-compatible with them.
_REGULAR = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    [444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278,
     500, 500, 722, 500, 500, 444,
     722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611,
     722, 722, 944, 722, 722, 611]))
_BOLD = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    [500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333,
     556, 500, 722, 500, 500, 444,
     722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667,
     722, 722, 1000, 722, 722, 667]))
_PUNCT = {" ": 250, "-": 333, ",": 250, ".": 250, ":": 278, "/": 278, "(": 333, ")": 333, ";": 278}


def text_width_twips(text: str, size_pt: float, bold: bool) -> int:
    """Return the estimated width of `text` set in Times New Roman at `size_pt`, in twips."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        if ch in "đĐ":
            base = "d" if ch == "đ" else "D"
        if base in table:
            total += table[base]
        elif base.isdigit():
            total += 500
        else:
            total += _PUNCT.get(base, 500)
    return round(total / 1000 * size_pt * 20)
