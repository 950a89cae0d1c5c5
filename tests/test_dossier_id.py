"""The one dossier-id rule (`ma_ho_so`, folder names): its form and the id made from a name."""
from __future__ import annotations

import pytest

from kehoach.rules.dossier_id import dossier_id_from, is_dossier_id
from kehoach.rules.vn import ascii_name


@pytest.mark.parametrize("text, ok", [
    ("son-giang-2024", True), ("a", True), ("x" * 40, True), ("2024", True),
    ("x" * 41, False), ("", False), ("xa-moi-2025-", False), ("-xa", False), ("Son-giang", False),
    ("sơn-giang", False), ("son_giang", False), ("son giang", False),
])
def test_is_dossier_id(text, ok):
    assert is_dossier_id(text) is ok


@pytest.mark.parametrize("text, expected", [
    ("Sơn Giang 2025", "son-giang-2025"),
    ("Đức Lĩnh – 2026", "duc-linh-2026"),
    ("  xa_moi  ", "xa-moi"),
    ("Kế hoạch CCHC Sơn Giang 2024", "ke-hoach-cchc-son-giang-2024"),
    # cut at 40 characters, never ending on "-"
    ("Kế hoạch cải cách hành chính nhà nước năm 2024", "ke-hoach-cai-cach-hanh-chinh-nha-nuoc-na"),
    ("Kế hoạch cải cách hành chính nhà nước a bcd", "ke-hoach-cai-cach-hanh-chinh-nha-nuoc-a"),
    ("???", "ho-so"),
])
def test_dossier_id_from(text, expected):
    made = dossier_id_from(text)
    assert made == expected and is_dossier_id(made)


def test_dossier_id_from_takes_a_default():
    assert dossier_id_from("–", default="ke-hoach") == "ke-hoach"
    assert dossier_id_from("–", default="") == ""


def test_ascii_name_limit():
    assert ascii_name("Văn phòng 3đ") == "van-phong-3d"
    assert ascii_name("Văn phòng 3đ", limit=10) == "van-phong"  # "van-phong-" loses its dash
    assert ascii_name("a" * 60, limit=None) == "a" * 60
    assert len(ascii_name("a" * 60)) == 40
