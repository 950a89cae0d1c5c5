"""The dossier id (`ma_ho_so`, schema.md), which is also the dossier's folder name: its form and the id a
folder without one gets. Pure."""
from __future__ import annotations

import re

from .vn import ascii_name

DOSSIER_ID_MAX = 40
# Lowercase ASCII letters, digits and "-", neither first nor last: `son-giang-2024`.
DOSSIER_ID = re.compile(rf"[a-z0-9](?:[a-z0-9-]{{0,{DOSSIER_ID_MAX - 2}}}[a-z0-9])?")
DOSSIER_ID_RULE = (f"chỉ gồm chữ thường không dấu, chữ số và dấu “-” (không ở đầu hay cuối), tối đa "
                   f"{DOSSIER_ID_MAX} ký tự")


def is_dossier_id(text: str) -> bool:
    """Return whether `text` is a usable dossier id (and folder name)."""
    return DOSSIER_ID.fullmatch(text) is not None


def dossier_id_from(text: str, default: str = "ho-so") -> str:
    """Return `text` (a folder or file name) made into a dossier id: `Sơn Giang 2024` → `son-giang-2024`.

    A dossier without `ma_ho_so` is filed under this id of its folder name; `default` when nothing is left.
    """
    return ascii_name(text, limit=DOSSIER_ID_MAX) or default
