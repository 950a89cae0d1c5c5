"""Entry point for `python build.py`: the same program as the `kehoach` console script."""
import sys

from kehoach.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
