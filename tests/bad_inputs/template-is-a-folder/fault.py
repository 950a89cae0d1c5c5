"""a folder named ke-hoach.docx in templates/."""
def apply(root):
    path = root / "templates" / "ke-hoach.docx"
    path.unlink()
    path.mkdir()
