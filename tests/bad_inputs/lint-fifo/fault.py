"""lint of a named pipe: refused at once instead of waiting forever."""
import os

import pytest


def apply(root):
    if not hasattr(os, "mkfifo"):
        pytest.skip("mkfifo chỉ có trên POSIX")
    os.mkfifo(root / "ong.docx")
