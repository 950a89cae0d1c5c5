"""vao-so of a công văn typed in a hurry (Arial, narrow margin, bold V/v, no Lưu VT) is refused with its findings."""
from word_docs import build_sloppy_letter


def apply(root):
    build_sloppy_letter(root / "cv.docx")


def verify(root, done):
    assert "Times New Roman" in done.stderr + done.stdout  # a finding names what the font must be
