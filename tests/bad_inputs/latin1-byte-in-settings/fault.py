"""cau-hinh.yaml has a Latin-1 byte in a comment on line 2."""
def apply(root):
    (root / "data" / "cau-hinh.yaml").write_bytes(b"danh_so: chung\n# ghi ch\xfa\n")
