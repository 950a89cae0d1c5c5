"""ke-hoach.yaml grown past 10 MB."""
def apply(root):
    with open(root / "data" / "son-giang-2024" / "ke-hoach.yaml", "a", encoding="utf-8") as fh:
        fh.write(("# " + "x" * 1000 + "\n") * 11_000)
