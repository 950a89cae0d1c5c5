"""Printed width of text set in Times New Roman, from bundled advance widths (no font files needed). No I/O beyond package data."""
from __future__ import annotations

import json
import unicodedata
from functools import cache, lru_cache
from importlib import resources

# Faces of the bundled table (tools/make_font_widths.py writes it from Liberation Serif 2,
# whose advance widths are those of Times New Roman).
REGULAR, BOLD, ITALIC, BOLD_ITALIC = "regular", "bold", "italic", "bold_italic"


@cache
def _table() -> tuple[int, dict[str, dict[int, int]]]:
    data = json.loads(resources.files(__package__).joinpath("times_widths.json").read_text(encoding="utf-8"))
    faces = {}
    for face, runs in data["faces"].items():
        widths: dict[int, int] = {}
        for first, *values in runs:
            widths.update((first + k, w) for k, w in enumerate(values) if w)
        faces[face] = widths
    return data["units_per_em"], faces


def face(bold: bool = False, italic: bool = False) -> str:
    """Return the face name for a run's look."""
    return BOLD_ITALIC if bold and italic else BOLD if bold else ITALIC if italic else REGULAR


def char_units(ch: str, face_name: str = REGULAR) -> int:
    """Return the advance of `ch` in font units; unknown characters count as their base letter or an `n`."""
    _, faces = _table()
    widths = faces[face_name]
    w = widths.get(ord(ch))
    if w is None:
        base = unicodedata.normalize("NFD", ch)[0]
        if unicodedata.combining(base):  # a lone combining mark takes no room
            return 0
        w = widths.get(ord(base), widths[ord("n")])
    return w


@lru_cache(maxsize=1 << 16)
def _units(text: str, face_name: str) -> int:
    # Documents are measured again and again (every build, every title and table): words repeat.
    widths = _table()[1][face_name]
    total = 0
    for ch in unicodedata.normalize("NFC", text):
        w = widths.get(ord(ch))  # = char_units(ch, face_name), whose lookup this is for a known character
        total += char_units(ch, face_name) if w is None else w
    return total


def text_width(text: str, size_pt: float, bold: bool = False, italic: bool = False) -> float:
    """Return the printed width of `text` at `size_pt` points, in twips (1/20 pt)."""
    upem, _ = _table()
    return _units(text, face(bold, italic)) * size_pt * 20 / upem
