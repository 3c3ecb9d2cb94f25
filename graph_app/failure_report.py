"""How a command says it failed (build, import): used by the `graph-app` command and its import
subcommands alike, so neither imports the other."""

from __future__ import annotations

import sys


def report_failure(summary: str, problems: list[str], outcome: str) -> int:
    """Print what failed, one indented line per problem, and what was left as it was; exit code 1."""
    print(summary, file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    print(outcome, file=sys.stderr)
    return 1
