"""kill -9 in the middle of a real `graph-app build` and a real `graph-app import`: afterwards the store opens,
the build that was live before is still current and intact, no half-done build or import is visible to the
app or to later builds, and the next build or import clears what the dead process left."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from build_helpers import make_settings, quiet_build
from test_import_oruk import small_project

from graph_app.config import PROJECT_ROOT
from graph_app.layout import Layout
from graph_app.store import EmbeddedStore

ONTOLOGY = PROJECT_ROOT / "ontology"
MINIMAL = PROJECT_ROOT / "tests" / "fixtures" / "build" / "minimal"
ORUK_PAGE = PROJECT_ROOT / "data" / "fixtures" / "oruk" / "v1-services-page-2.json"

pytestmark = pytest.mark.slow


def state(settings) -> tuple:
    layout = Layout(settings.data_dir)
    current = layout.current()
    store = EmbeddedStore(current.store_path)  # opens: RocksDB recovered whatever the killed process left
    return current.build_id, store.triple_count(), current.manifest_path.read_text(encoding="utf-8")


def run_until(command: list[str], env: dict, marker: str, timeout: float = 120) -> subprocess.Popen:
    """Start the command, wait until it prints `marker`, then kill -9 it (no cleanup handler can run)."""
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=PROJECT_ROOT
    )
    deadline = time.monotonic() + timeout
    seen = []
    for line in process.stdout:
        seen.append(line)
        if marker in line:
            time.sleep(0.05)  # into the step, not just at its heading
            os.kill(process.pid, signal.SIGKILL)
            break
        if time.monotonic() > deadline:
            break
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, f"not killed mid-way; it printed: {''.join(seen)}"
    return process


@pytest.fixture
def minimal_build(tmp_path, hermit_cache):
    settings = make_settings(tmp_path / "var", ONTOLOGY, MINIMAL)
    quiet_build(settings, hermit_cache)
    return settings


@pytest.mark.parametrize("marker", ["[1/8] Reading", "[5/8] Validating"])
def test_kill_during_build(minimal_build, hermit_cache, marker, make_app):
    before = state(minimal_build)
    env = {**os.environ, "GRAPH_APP_DATA_DIR": str(minimal_build.data_dir)}
    run_until(
        [sys.executable, "-m", "graph_app.cli", "build", "--source", str(ONTOLOGY), "--source", str(MINIMAL)],
        env,
        marker,
    )
    assert state(minimal_build) == before
    layout = Layout(minimal_build.data_dir)
    assert not layout.current().build_id.endswith(".partial")
    # the app serves the previous build
    app = make_app(minimal_build)
    assert app.test_client().get("/glossary").status_code == 200
    # the next build succeeds and removes the dead build's half-done folder
    quiet_build(minimal_build, hermit_cache)
    assert not [p.name for p in layout.builds.iterdir() if p.name.endswith(".partial")]
    assert state(minimal_build)[1] == before[1]


IMPORT_DRIVER = """
import sys
from dataclasses import replace
from pathlib import Path
import graph_app.cli as cli
import graph_app.importers.pipeline as pipeline
from graph_app.config import Settings
data_dir, imports, sources = Path(sys.argv[1]), Path(sys.argv[2]), [Path(p) for p in sys.argv[3].split("|")]
# the real command line, pointed at the test's folders instead of the checkout's data/
cli.settings_from_env = lambda: replace(Settings(), data_dir=data_dir, sources=tuple(sources))
pipeline.imports_dir = lambda settings: imports
sys.exit(cli.main(sys.argv[4:]))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory, hermit_cache):
    return small_project(tmp_path_factory.mktemp("crash-import"), hermit_cache)


def visible(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


@pytest.mark.parametrize("marker", ["[5/8] Validating"])
def test_kill_during_import(project, hermit_cache, marker):
    settings, imports = project
    before, files_before = state(settings), visible(imports)
    shutil.copytree(hermit_cache, settings.data_dir / "cache", dirs_exist_ok=True)
    sources = "|".join(str(p) for p in settings.sources)
    run_until(
        [
            sys.executable,
            "-c",
            IMPORT_DRIVER,
            str(settings.data_dir),
            str(imports),
            sources,
            "import",
            "oruk",
            str(ORUK_PAGE),
            "--council",
            "kent",
            "--name",
            "killed",
        ],
        {**os.environ},
        marker,
    )
    assert state(settings) == before
    assert visible(imports) == files_before  # no half-imported file where builds look
    assert [p.name for p in imports.glob(".*.staged.ttl")]  # the dead import's staged file, hidden
    # a build now ignores it: same graph as before the import began
    quiet_build(settings, hermit_cache)
    assert state(settings)[1] == before[1]
    # and the next import clears it and succeeds
    from test_import_oruk import TODAY

    from graph_app.importers import run_import

    outcome = run_import(
        "oruk", str(ORUK_PAGE), settings, council="kent", target_dir=imports, today=TODAY, name="again"
    )
    assert outcome.written == imports / "oruk-again.ttl"
    assert not list(imports.glob(".*.staged.ttl"))
    assert state(settings)[1] > before[1]
    outcome.written.unlink()  # the module's project back as it was for the next case
    quiet_build(settings, hermit_cache)
