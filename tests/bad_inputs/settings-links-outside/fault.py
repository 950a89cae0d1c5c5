"""cau-hinh.yaml is a symlink to a file outside data/."""
import os
import sys

import pytest


def apply(root):
    if sys.platform == "win32":
        pytest.skip("symlink cần quyền quản trị trên Windows")
    secret = root.parent / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    (root / "data" / "cau-hinh.yaml").unlink(missing_ok=True)  # written at the first issue (ma_kho_luu)
    os.symlink(secret, root / "data" / "cau-hinh.yaml")
