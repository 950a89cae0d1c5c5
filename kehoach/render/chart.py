"""Draw a document's Chart as a PNG with matplotlib (Agg): the bundled Liberation Serif (metric-compatible
with Times New Roman, SIL OFL), matplotlib's default style whatever the machine's settings, and no
metadata, so that the same values give the same bytes on Windows and Linux.

Drawing takes a good part of a second with matplotlib's import, so a chart is also kept on disk under
a name made from its values and from what draws it (`chart_png`): a rebuild, or another dossier with
the same figures, takes the PNG from there without loading matplotlib at all.
"""
from __future__ import annotations

import hashlib
import io
import os
import textwrap
import zlib
from functools import lru_cache
from pathlib import Path

from ..documents.common import Chart
from ..files import write_temp

FONTS = Path(__file__).resolve().parent / "fonts"
DPI = 220
_MM_PER_INCH = 25.4
# One fill per series, in STATES order; dark and light alternate so the bars still read in grey print.
_FILLS = ("#2e7d32", "#9ccc65", "#1e88e5", "#d9d9d9", "#c62828")
_HATCHES = ("", "", "", "", "xx")
_LABEL_CHARS = 34  # wrap category labels at about a third of the width
_PNG_START = b"\x89PNG\r\n\x1a\n"
# What else shapes the pixels and the bytes: a new version of one of these draws the charts again.
_LIBRARIES = ("matplotlib", "numpy", "pillow")


def chart_png(chart: Chart, width_mm: float, cache: Path | None = None) -> bytes:
    """Return `render_chart(chart, width_mm)`, kept in the folder `cache` (when given) under a name
    made from the chart's values and from what draws it; a file there that is not a whole PNG is drawn
    again. The folder is only a cache: when it cannot be written the chart is simply drawn."""
    if cache is None:
        return render_chart(chart, width_mm)
    path = Path(cache) / f"{_chart_key(chart, width_mm)}.png"
    try:
        data = path.read_bytes()
        if _whole_png(data):
            return data
    except OSError:
        pass
    data = render_chart(chart, width_mm)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = write_temp(path, data, sync=False)  # a cache: no need to reach the disk before use
        os.replace(tmp, path)  # whole or not at all: two processes drawing one chart write the same bytes
    except OSError:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return data


def _whole_png(data: bytes) -> bool:
    """Return whether `data` is a PNG whose every chunk is there with its checksum right (a cut or
    damaged cache file is drawn again rather than put into a document)."""
    if not data.startswith(_PNG_START):
        return False
    at = len(_PNG_START)
    while at + 12 <= len(data):
        size = int.from_bytes(data[at:at + 4], "big")
        end = at + 8 + size
        if end + 4 > len(data) or zlib.crc32(data[at + 4:end]) != int.from_bytes(data[end:end + 4], "big"):
            return False
        if data[at + 4:at + 8] == b"IEND":
            return end + 4 == len(data)
        at = end + 4
    return False


def _chart_key(chart: Chart, width_mm: float) -> str:
    h = hashlib.sha256(_drawer_version().encode())
    h.update(repr((chart.title, chart.categories, chart.series, chart.ends, float(width_mm))).encode())
    return h.hexdigest()[:40]


@lru_cache(maxsize=1)
def _drawer_version() -> str:
    """Return a hash of this module, the bundled fonts and the versions of the drawing libraries."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256(Path(__file__).read_bytes())
    for font in sorted(FONTS.glob("*.ttf")):
        h.update(font.name.encode() + font.read_bytes())
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={version(name)}".encode())
        except PackageNotFoundError:
            h.update(name.encode())
    return h.hexdigest()


@lru_cache(maxsize=64)  # a value always draws the same: a rebuild (or `issue` after `build`) reuses it
def render_chart(chart: Chart, width_mm: float) -> bytes:
    """Return `chart` as PNG bytes `width_mm` wide at 220 dpi, each text at its printed size."""
    # Imported here: matplotlib takes a noticeable time to load, and only reports need it.
    import matplotlib
    import matplotlib.style
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    regular = FontProperties(fname=FONTS / "LiberationSerif-Regular.ttf", size=10)
    small = FontProperties(fname=FONTS / "LiberationSerif-Regular.ttf", size=9)
    bold = FontProperties(fname=FONTS / "LiberationSerif-Bold.ttf", size=11)
    labels = ["\n".join(textwrap.wrap(c, _LABEL_CHARS)) for c in chart.categories]
    lines = sum(max(1, label.count("\n") + 1) for label in labels)
    width_in = width_mm / _MM_PER_INCH
    bars_in = 0.2 * lines + 0.12 * len(labels)
    height_in = bars_in + 1.25  # title above, axis and legend below

    with matplotlib.style.context("default"), matplotlib.rc_context({"text.parse_math": False,
                                                                     "hatch.color": "white",
                                                                     "hatch.linewidth": 0.8}):
        fig = Figure(figsize=(width_in, height_in), dpi=DPI)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.36, 0.9 / height_in, 0.52, bars_in / height_in))
        totals = [sum(values[i] for _, values in chart.series) for i in range(len(labels))]
        rows = range(len(labels))
        left = [0.0] * len(labels)
        for k, (name, values) in enumerate(chart.series):
            shares = [100 * v / t if t else 0 for v, t in zip(values, totals)]
            ax.barh(rows, shares, left=left, height=0.62, color=_FILLS[k % len(_FILLS)],
                    hatch=_HATCHES[k % len(_HATCHES)], edgecolor="white", linewidth=0.6, label=name)
            left = [a + b for a, b in zip(left, shares)]
        ax.set_yticks(list(rows), labels)
        ax.invert_yaxis()  # first area on top, as in the table
        ax.set_xlim(0, 100)
        ax.set_xticks(range(0, 101, 20), [f"{x}%" for x in range(0, 101, 20)])
        ax.tick_params(axis="y", length=0)
        ax.xaxis.grid(True, color="#cccccc", linewidth=0.5)
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        for tick in ax.get_yticklabels() + ax.get_xticklabels():
            tick.set_fontproperties(small if tick in ax.get_xticklabels() else regular)
        for row, text in zip(rows, chart.ends):
            ax.text(101.5, row, text, va="center", ha="left", fontproperties=regular, clip_on=False)
        fig.suptitle(chart.title, y=1 - 0.12 / height_in, va="top", fontproperties=bold)
        fig.legend(loc="lower center", ncol=len(chart.series), frameon=False, prop=small,
                   bbox_to_anchor=(0.5, 0.02 / height_in * 4), handlelength=1.4, columnspacing=1.2)
        buf = io.BytesIO()
        # No "Software" text chunk: the bytes depend on the values only, not on matplotlib's version string.
        fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()
