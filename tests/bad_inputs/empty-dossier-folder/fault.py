"""a new dossier folder with no files yet."""
def apply(root):
    (root / "data" / "ho-so-moi").mkdir()
