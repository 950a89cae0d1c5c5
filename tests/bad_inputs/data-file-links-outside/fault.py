"""thong-bao.yaml is a symlink to a secret file outside the dossier: never read nor printed."""
import os
import sys

import pytest


def apply(root):
    if sys.platform == "win32":
        pytest.skip("symlink cần quyền quản trị trên Windows")
    secret = root.parent / "bi-mat.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\nmật khẩu: 123456\n", encoding="utf-8")
    path = root / "data" / "son-giang-2024" / "thong-bao.yaml"
    path.unlink()
    os.symlink(secret, path)
