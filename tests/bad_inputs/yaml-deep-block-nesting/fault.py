"""5 000 nested lists in block style (- - - … x) in nhiem-vu.yaml."""
def apply(root):
    (root / "data" / "son-giang-2024" / "nhiem-vu.yaml").write_text("linh_vuc:\n  " + "- " * 5000 + "x\n",
                                                                 encoding="utf-8")
