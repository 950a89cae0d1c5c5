"""vao-so of a text file named .docx."""


def apply(root):
    (root / "quyet-dinh.docx").write_text("Quyết định khen thưởng\n", encoding="utf-8")
