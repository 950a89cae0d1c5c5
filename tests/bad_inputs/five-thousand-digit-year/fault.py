"""nam with 5 000 digits (past Python's int() string limit)."""
def apply(root):
    path = root / "data" / "son-giang-2024" / "ke-hoach.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("nam: 2024", "nam: " + "9" * 5000, 1),
                    encoding="utf-8")
