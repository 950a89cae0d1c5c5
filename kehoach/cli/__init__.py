"""The command line: argparse with Vietnamese help, one module per command group; `main` is the entry point."""
