"""a form feed inside a comment of nhiem-vu.yaml (pasted from elsewhere)."""
def apply(root):
    path = root / "data" / "son-giang-2024" / "nhiem-vu.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1] + " \x0c"
    path.write_text("\n".join(lines), encoding="utf-8")
