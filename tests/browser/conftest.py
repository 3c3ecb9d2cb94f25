"""Browser fixtures: the real app served by `graph-app serve` in its own process, driven by Debian's
Chromium through Playwright, with axe-core (from node_modules) for accessibility checks."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("Debian's chromium is not installed (apt-get install chromium; .ci/run does)")
    return found


@pytest.fixture(scope="session")
def live_server(served):
    """`graph-app serve` on a free loopback port, over the session's build."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "GRAPH_APP_DATA_DIR": str(served.data_dir)}
    if served.sparql_url:
        env["GRAPH_APP_SPARQL_URL"] = served.sparql_url
    # the request log goes to a file: an unread pipe fills up after a few hundred requests and the server
    # then blocks writing its log line, so every later page load hangs
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-m", "graph_app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(url + "/", timeout=2)
            break
        except (requests.ConnectionError, requests.Timeout):  # a cold first page on busy shared cores
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"the server did not start: {log.read()[-2000:]!r}") from None
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def page_no_js(browser):
    """A page with JavaScript switched off: every walk must work this way too."""
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()
