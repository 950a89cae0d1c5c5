"""--data names an empty folder."""
def apply(root):
    (root / "trong").mkdir()
