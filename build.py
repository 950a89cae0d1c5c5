"""Entry point for `python build.py`: the same program as the `kehoach` console script.

Run with any Python: when the project's .venv exists and this is not it, the work is handed to the
.venv's Python (where `bootstrap.py` installed the libraries), so nothing needs activating. In a fresh
copy where this Python lacks the libraries, the .venv is set up first, as `bootstrap.py` does.
"""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def _venv_python():
    for candidate in (VENV / "bin" / "python", VENV / "Scripts" / "python.exe"):
        if candidate.exists():
            return candidate
    return None


def _set_up():
    """Install kehoach into .venv the first time (bootstrap.py's steps); return the .venv's Python."""
    sys.path.insert(0, str(ROOT))
    import bootstrap  # standard library only

    bootstrap.say("kehoach chưa được cài vào Python này: cài vào .venv trước (chỉ lần đầu, như python3 "
                  "bootstrap.py) ...")
    bootstrap.make_venv()
    bootstrap.install_kehoach([])
    return _venv_python()


def _hand_over(python):
    import subprocess

    sys.exit(subprocess.call([str(python), str(Path(__file__).resolve()), *sys.argv[1:]],
                             env={**os.environ, "KEHOACH_NO_VENV": "1"}))


if __name__ == "__main__":
    python = _venv_python()
    handing_over = "KEHOACH_NO_VENV" not in os.environ
    if python is not None and Path(sys.prefix).resolve() != VENV.resolve() and handing_over:
        _hand_over(python)
    if sys.version_info < (3, 11):
        sys.exit("kehoach cần Python 3.11 trở lên. Cài đặt lần đầu bằng: python3 bootstrap.py "
                 "(Windows: py bootstrap.py)")
    if python is None and handing_over:
        import importlib.util

        if importlib.util.find_spec("docxtpl") is None:  # a fresh copy: nothing installed yet
            _hand_over(_set_up())
    from kehoach.cli.main import main

    sys.exit(main())
