"""co-quan.yaml saved in the Windows Vietnamese code page (cp1258)."""
def apply(root):
    path = root / "data" / "son-giang-2024" / "co-quan.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1258", errors="replace"))
