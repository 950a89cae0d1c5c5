"""a control character inside a comment of cau-hinh.yaml."""
def apply(root):
    (root / "data" / "cau-hinh.yaml").write_text("# cài đặt \x01\ndanh_so: chung\n", encoding="utf-8")
