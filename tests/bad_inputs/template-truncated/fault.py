"""templates/ke-hoach.docx cut in half (an interrupted copy)."""
def apply(root):
    path = root / "templates" / "ke-hoach.docx"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
