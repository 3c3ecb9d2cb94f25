"""Running the `graph-app` command line in a child process, as an operator would, for tests of its commands."""

from __future__ import annotations

import subprocess
import sys

from graph_app.config import PROJECT_ROOT


def run_graph_app(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m graph_app.cli ARGS` with exactly the environment given, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "graph_app.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=timeout,
    )
