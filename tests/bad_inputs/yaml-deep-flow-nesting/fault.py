"""5 000 nested [ brackets in cau-hinh.yaml."""
def apply(root):
    (root / "data" / "cau-hinh.yaml").write_text("danh_so: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
