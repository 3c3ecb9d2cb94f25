"""Browser fixtures: the real app served by `graph-app serve` in its own process, driven by Debian's
Chromium through Playwright, with axe-core (from node_modules) for accessibility checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from server_process import app_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def live_server(served):
    """`graph-app serve` on a free loopback port, over the session's build (or its remote store)."""
    with app_server(served, ready_path="/") as url:
        yield url


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
