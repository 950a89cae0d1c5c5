"""kehoach moi --tu a plan whose year is written ²⁰²⁴."""
def verify(root, done):
    assert sorted(p.name for p in (root / "data").iterdir()) == ["son-giang-2024"]  # no half-made dossier
