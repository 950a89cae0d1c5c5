"""ke-hoach.yaml saved as UTF-16 (Notepad's 'Unicode')."""
def apply(root):
    path = root / "data" / "son-giang-2024" / "ke-hoach.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
