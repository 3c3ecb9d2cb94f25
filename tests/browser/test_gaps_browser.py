"""A gap analysis page and a joint commissioning report in a real Chromium: zero axe-core violations,
and the parameter form works with JavaScript switched off."""

from __future__ import annotations

import socket
import threading

import pytest
import requests
from axe_check import assert_accessible


@pytest.fixture(scope="module")
def gaps_server(live_server, served):
    """The live server once the app factory registers the gaps blueprint; until then the same app
    with it registered, served from a thread."""
    if requests.get(live_server + "/gaps", timeout=30).status_code == 200:
        yield live_server
        return
    from werkzeug.serving import make_server

    from graph_app.web import create_app
    from graph_app.web.commission.views import gaps

    app = create_app(settings=served)
    app.register_blueprint(gaps)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()


@pytest.mark.parametrize(
    "path",
    [
        "/gaps",
        "/gaps/coverage-matrix?area=medway",
        "/gaps/not-reviewed?area=kent",
        "/gaps/comments-by-topic",
        "/gaps/report/medway",
    ],
)
def test_gap_pages_have_no_axe_violations(gaps_server, page, path):
    page.goto(gaps_server + path, timeout=120_000)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_parameter_form_works_without_javascript(gaps_server, page_no_js):
    page_no_js.goto(gaps_server + "/gaps/coverage-matrix", timeout=120_000)
    page_no_js.select_option("#gap-area", "medway")
    page_no_js.select_option("#gap-need", "specialist-dental")
    page_no_js.get_by_role("button", name="Show results").click()
    page_no_js.wait_for_load_state()
    assert "area=medway" in page_no_js.url and "need=specialist-dental" in page_no_js.url
    heatmap = page_no_js.locator("table.se7-heatmap")
    assert heatmap.count() == 1
    row = heatmap.locator("tr", has_text="Specialist dental needs")
    assert row.locator("td").last.inner_text().strip() == "None"
    assert page_no_js.locator("#gap-area").input_value() == "medway"


def test_report_prints_without_navigation(gaps_server, page):
    page.goto(gaps_server + "/gaps/report/medway", timeout=120_000)
    page.emulate_media(media="print")
    assert not page.locator(".govuk-service-navigation").is_visible()
    assert not page.locator(".se7-tools").is_visible()
    assert page.locator("h1").is_visible()
    assert page.get_by_text("Median last review").is_visible()
