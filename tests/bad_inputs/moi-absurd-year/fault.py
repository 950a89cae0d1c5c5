"""kehoach moi with --nam 99999999999999999999."""
def verify(root, done):
    assert sorted(p.name for p in (root / "data").iterdir() if p.is_dir()) == ["son-giang-2024"]  # no half-made dossier
