"""Browser fixtures: the real app served by `graph-app serve` in its own process, driven by Debian's
Chromium through Playwright, with axe-core (from node_modules) for accessibility checks."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from server_process import app_server

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
    """`graph-app serve` on a free loopback port, over the session's build (or its remote store)."""
    with app_server(served, ready_path="/") as url:
        yield url


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
