"""The Văn thư commands end to end as on Windows: `fcntl` cannot be imported, the archive code sees `os.name == "nt"`."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from conftest import REPO, SEED, mark_as_real

CHILD = r"""
import json, os, sys, types, warnings
sys.modules["fcntl"] = None  # Windows has no fcntl: importing it must fail, and nothing may need it
warnings.filterwarnings("ignore", message="only soft file lock")  # filelock's fallback on a fcntl-less POSIX

from kehoach.register import archive

fake = types.SimpleNamespace(**{k: getattr(os, k) for k in dir(os) if not k.startswith("__")})
fake.name = "nt"
archive.os = fake  # read-only attribute, rename instead of hard links, no folder fsync

from kehoach.cli.main import main

codes = {}
try:
    main(["--help"])
except SystemExit as e:
    codes["--help"] = e.code
for name, argv in [
    ("build", ["build"]),
    ("issue", ["issue", "son-giang-2024/ke-hoach", "--ngay", "15/03/2024", "--khong-pdf"]),
    ("issue 2", ["issue", "son-giang-2024/thong-bao-phan-cong", "--ngay", "18/03/2024", "--khong-pdf"]),
    ("cancel", ["cancel", "son-giang-2024/thong-bao-phan-cong", "--ly-do", "Nhầm"]),
    ("verify", ["verify"]),
    ("register", ["register", "--nam", "2024"]),
    ("list", ["list"]),
]:
    codes[name] = main(argv)
os.remove(os.path.join("van-thu", "so-dang-ky-van-ban-di.sqlite3"))
codes["verify --dung-lai"] = main(["verify", "--dung-lai"])
codes["issue 3"] = main(["issue", "son-giang-2024/bao-cao-quy-1", "--ngay", "20/03/2024", "--khong-pdf"])
codes["fcntl"] = sys.modules["fcntl"] is None
print(json.dumps(codes))
"""


def test_cli_runs_end_to_end_without_fcntl_and_with_windows_file_rules(tmp_path):
    shutil.copytree(SEED, tmp_path / "data" / SEED.name)
    shutil.copytree(REPO / "templates", tmp_path / "templates", ignore=shutil.ignore_patterns("*.md"))
    mark_as_real(tmp_path / "data" / SEED.name)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", CHILD], check=False, cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    codes = json.loads(done.stdout.strip().splitlines()[-1])
    assert codes == {"--help": 0, "build": 0, "issue": 0, "issue 2": 0, "cancel": 0, "verify": 0, "register": 0,
                     "list": 0, "verify --dung-lai": 0, "issue 3": 0, "fcntl": True}, done.stderr
    assert "Traceback" not in done.stderr
    assert "số 03/BC-UBND" in done.stdout
    original = tmp_path / "van-thu" / "2024" / "01-KH-UBND.docx"
    assert not original.stat().st_mode & 0o222  # read-only, as the Windows attribute shows it
