"""a folder named ke-hoach.yaml in place of the file."""
def apply(root):
    path = root / "data" / "son-giang-2024" / "ke-hoach.yaml"
    path.unlink()
    path.mkdir()
