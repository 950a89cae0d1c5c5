"""kehoach moi --tu a dossier whose co-quan.yaml is not UTF-8."""
def apply(root):
    path = root / "data" / "son-giang-2024" / "co-quan.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1258", errors="replace"))


def verify(root, done):
    assert sorted(p.name for p in (root / "data").iterdir() if p.is_dir()) == ["son-giang-2024"]  # no half-made dossier
