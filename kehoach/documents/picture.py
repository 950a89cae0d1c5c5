"""A picture a document model places in its text (a chart, a logo): image bytes and printed size. No I/O."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Picture:
    """A PNG or JPEG image; give its printed width or height in mm (one keeps the aspect), or neither."""

    data: bytes
    width_mm: float | None = None
    height_mm: float | None = None
