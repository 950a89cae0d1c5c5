#!/usr/bin/env python3
"""Extract the advance widths of Liberation Serif (metric-compatible with Times New Roman) into package data.

    python tools/make_font_widths.py            # (re)write kehoach/rules/times_widths.json
    python tools/make_font_widths.py --check    # exit 1 if the file on disk differs

kehoach measures printed text (rule lengths, balanced title lines, table column widths) on machines
without the font files (Windows has Times New Roman but we do not read system fonts), so the few
tables needed are bundled: four faces, the characters Vietnamese administrative text uses.
Needs fontTools (`pip install fonttools`) and fonts-liberation2.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "kehoach" / "rules" / "times_widths.json"
FONT_DIR = Path("/usr/share/fonts/truetype/liberation2")
FACES = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
         "italic": "LiberationSerif-Italic.ttf", "bold_italic": "LiberationSerif-BoldItalic.ttf"}
# Basic Latin, Latin-1, Latin Extended-A/B (Ơ, Ư), Vietnamese precomposed letters, general punctuation.
RANGES = [(0x20, 0x7E), (0xA0, 0xFF), (0x100, 0x17F), (0x1A0, 0x1B0), (0x1EA0, 0x1EF9), (0x2010, 0x2026),
          (0x2030, 0x203A), (0x20AB, 0x20AC), (0x2116, 0x2116)]


def extract(font_dir: Path = FONT_DIR) -> dict:
    """Return {"units_per_em", "faces": {face: [[first code point, widths…], …]}} from the font files."""
    faces = {}
    upem = None
    for face, name in FACES.items():
        font = TTFont(font_dir / name)
        upem = font["head"].unitsPerEm
        cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        runs = []
        for lo, hi in RANGES:
            widths = [hmtx[cmap[c]][0] if c in cmap else 0 for c in range(lo, hi + 1)]
            runs.append([lo, *widths])
        faces[face] = runs
    return {"font": "Liberation Serif 2 (metric-compatible with Times New Roman)", "units_per_em": upem,
            "faces": faces}


def render(data: dict) -> str:
    # One range per line keeps the diff of a regenerated file readable.
    lines = ["{", f'  "font": {json.dumps(data["font"])},', f'  "units_per_em": {data["units_per_em"]},',
             '  "faces": {']
    faces = list(data["faces"].items())
    for k, (face, runs) in enumerate(faces):
        lines.append(f'    "{face}": [')
        for j, run in enumerate(runs):
            lines.append("      " + json.dumps(run, separators=(",", ":")) + ("," if j < len(runs) - 1 else ""))
        lines.append("    ]" + ("," if k < len(faces) - 1 else ""))
    lines += ["  }", "}", ""]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="do not write; fail if the file is out of date")
    args = ap.parse_args(argv)
    text = render(extract())
    if args.check:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"out of date: {OUT}", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
