"""a folder stands where out/son-giang-2024/ke-hoach.docx goes."""
def apply(root):
    path = root / "out" / "son-giang-2024" / "ke-hoach.docx"
    path.unlink()
    (path / "giu-cho").mkdir(parents=True)
