"""The district page never waits for its query (issue 17): a fresh app on a store whose district rows no
process has worked out answers at once with a 503 that says the figures are being worked out (Retry-After,
a link to reload, a JSON twin saying the same; a page that had waited for the query would show its rows),
starts the work in the background, and once the warm-up has worked out both 'cover' choices serves the real
rows: the same as the analysis run directly. No duration is compared: on a loaded machine the page's own
time and the query's overlap, and the 503 itself is the proof that the page did not wait."""

from __future__ import annotations

import shutil
import time

from live_helpers import copy_build, current_store

from graph_app.gaps.district_results import NAME, _key
from graph_app.gaps.districts import coverage_rows, narrow_rows
from graph_app.gaps.stored_results import SharedResults

PAGE = "/gaps/districts?area=kent&need=autism&age_band=11-15"
KENT = "https://w3id.org/se7-local-offer/id/area/kent"
NEED = "https://w3id.org/se7-local-offer/id/need/autism"
BAND = "https://w3id.org/se7-local-offer/id/age-band/11-15"


def test_a_fresh_store_answers_being_worked_out_then_the_real_rows(built, make_app, tmp_path, library):
    settings = copy_build(built, tmp_path / "data")
    shutil.rmtree(settings.data_dir / "cache" / "gaps", ignore_errors=True)  # no process has worked anything out
    # a Kent district with no district service for the cell (the analysis run directly: nothing is stored)
    cell = {"area": KENT, "need": NEED, "age_band": BAND}
    empty = next(
        r for r in narrow_rows(coverage_rows(current_store(settings), library), cell) if not r["districtServices"]
    )
    app = make_app(settings, WARM_GAPS=True)
    client = app.test_client()

    page = client.get(PAGE)
    twin = client.get(PAGE.replace("/gaps/districts?", "/gaps/districts.json?"))
    html = page.get_data(as_text=True)
    assert page.status_code == 503, page.status_code
    assert 'id="being-worked-out"' in html and "being worked out" in html
    assert f'href="{PAGE.replace("&", "&amp;")}"' in html  # reload without script
    assert page.headers["Retry-After"].isdigit() and "no-store" in page.headers["Cache-Control"]
    assert twin.status_code == 503 and twin.headers["Retry-After"] == page.headers["Retry-After"]
    assert twin.get_json()["status"] == "being worked out"
    assert twin.get_json()["url"] == PAGE.replace("districts?", "districts.json?")
    assert 'id="district-table"' not in html
    # the records behind a figure are one quick query and are listed; only their nearest matches wait
    place = empty["district"]["iri"].rsplit("/", 1)[-1]
    services = client.get(f"/gaps/districts/services?place={place}&need=autism&age_band=11-15")
    assert services.status_code == 200
    assert "figures are being worked out" in services.get_data(as_text=True).replace("&#39;", "'")

    warmer = app.extensions["gap_warmer"]
    version = app.extensions["graph"].store.version()
    deadline = time.monotonic() + 300
    while warmer.warmed != version:  # the warm-up's round ends with the district rows (both choices)
        assert time.monotonic() < deadline, "the warm-up did not finish"
        time.sleep(0.2)

    shared = SharedResults(settings.data_dir / "cache" / "gaps")
    entries = {cover: shared.stored(version, NAME, _key(cover)) for cover in ("any", "most")}
    assert all(entries.values()), "both 'cover' choices are worked out by the warm-up"

    store = current_store(settings)
    for cover in ("any", "most"):
        answer = client.get(PAGE.replace("/gaps/districts?", "/gaps/districts.json?") + f"&cover={cover}")
        assert answer.status_code == 200, (cover, answer.status_code)
        shown = {(r["district"]["label"], r["local"], r["wide"]) for r in answer.get_json()["table"]}
        direct = narrow_rows(coverage_rows(store, library, cover), {"area": KENT, "need": NEED, "age_band": BAND})
        assert shown == {(r["district"]["label"], r["districtServices"], r["councilServices"]) for r in direct}, cover
    html = client.get(PAGE).get_data(as_text=True)
    assert 'id="district-table"' in html and "being-worked-out" not in html
    services = client.get(f"/gaps/districts/services?place={place}&need=autism&age_band=11-15")
    assert "being worked out" not in services.get_data(as_text=True)
