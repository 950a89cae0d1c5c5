"""kehoach moi --tu a plan whose year is written ²⁰²⁴."""
def verify(root, done):
    assert sorted(p.name for p in (root / "data").iterdir() if p.is_dir()) == ["son-giang-2024"]  # no half-made dossier
