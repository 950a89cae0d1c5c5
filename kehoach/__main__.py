"""`python -m kehoach`: the same program as `python build.py` and the `kehoach` script."""
import sys

from .cli.main import main

sys.exit(main())
