"""`python -m graph_app.importers oruk FILE_OR_URL --council SLUG` (the same as `graph-app import ...`)."""

from __future__ import annotations

import argparse
import sys

from ..config import settings_from_env
from .commands import add_import_commands, run_import_command


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph_app.importers")
    commands = parser.add_subparsers(dest="command")
    add_import_commands(commands)
    args = parser.parse_args(["import", *(sys.argv[1:] if argv is None else argv)])
    return run_import_command(args, settings_from_env())


if __name__ == "__main__":
    sys.exit(main())
