"""Gap analysis results worked out once per store version for every process (graph_app/gaps_cache.py):
a council's rows picked from the result for all councils are exactly the filtered query's, a stored
result reads back as it was, two processes asking at once compute it once, and after a published edit
the next result reflects it."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from live_helpers import LO, copy_build, current_store, ntriples, statements
from server_process import app_server

from graph_app.gaps import analyses, narrow, result_from_json, result_to_json, run_gap
from graph_app.gaps.districts import coverage_rows
from graph_app.gaps.stored_results import SharedResults
from graph_app.live import Replace, publish

SKOS_BROADER = "http://www.w3.org/2004/02/skos/core#broaderTransitive"


def _choices(store, param: str) -> list[str]:
    cls = {"area": "LocalAuthority", "need": "Need", "age_band": "AgeBand"}[param]
    return [row["x"].value for row in store.select(f"SELECT ?x WHERE {{ ?x a <{LO}{cls}> }} ORDER BY ?x")]


def test_narrowed_results_are_the_filtered_queries_results(embedded_store, library):
    """Every value of every `#+ narrows:` parameter, and a council with a need: the same rows, order and
    chart as running the query with the parameter bound."""
    checked = 0
    for analysis in analyses(library):
        if not analysis.narrows:
            continue
        everything = run_gap(embedded_store, library, analysis.name)
        for param in analysis.narrows:
            for value in _choices(embedded_store, param):
                direct = run_gap(embedded_store, library, analysis.name, **{param: value})
                assert result_to_json(narrow(analysis, everything, {param: value})) == result_to_json(direct), (
                    analysis.name,
                    param,
                    value,
                )
                checked += 1
        if {"area", "need"} <= set(analysis.narrows):
            area, need = _choices(embedded_store, "area")[0], _choices(embedded_store, "need")[0]
            both = run_gap(embedded_store, library, analysis.name, area=area, need=need)
            assert result_to_json(narrow(analysis, everything, {"area": area, "need": need})) == result_to_json(both)
    assert checked > 50


def test_a_parameter_that_does_not_only_pick_rows_cannot_narrow(embedded_store, library):
    analysis = next(a for a in analyses(library) if a.name == "not_reviewed")
    assert "area" not in analysis.narrows  # grouped by provider: a council's counts are not a subset of rows
    with pytest.raises(ValueError):
        narrow(analysis, run_gap(embedded_store, library, analysis.name), {"area": "x"})


def test_stored_results_read_back_as_they_were(embedded_store, library):
    for analysis in analyses(library):
        result = run_gap(embedded_store, library, analysis.name)
        stored = json.loads(json.dumps(result_to_json(result)))
        assert result_from_json(stored) == result, analysis.name


def test_a_stored_result_reads_back_equal_with_its_repeated_parts_shared(embedded_store, library, tmp_path):
    """Every worker keeps the results it reads: the district table repeats each council, district, need and
    age band in many rows, and reads back with one dict per distinct node, equal to what was computed, in
    the process that computed it as in any other."""
    computed = coverage_rows(embedded_store, library, "any")
    shared = SharedResults(tmp_path / "cache")
    first = shared.get("v1", "district_coverage", "any", lambda: computed)["result"]
    again = SharedResults(tmp_path / "cache").stored("v1", "district_coverage", "any")["result"]
    assert first == again == json.loads(json.dumps(computed)) and len(first) > 100
    for rows in (first, again):
        nodes = [row[key] for row in rows for key in ("area", "district", "need", "age_band")]
        distinct = {json.dumps(node, sort_keys=True) for node in nodes}
        assert len({id(node) for node in nodes}) == len(distinct) < len(nodes) / 4, "one dict per distinct node"
        assert len({id(node["iri"]) for node in nodes}) == len({node["iri"] for node in nodes})
    assert isinstance(first[0]["districtServices"], int)


def _waiters_on(lock: Path) -> int:
    """How many processes are blocked waiting for the flock on `lock` (Linux /proc/locks marks them '->')."""
    inode = f":{lock.stat().st_ino} "
    return sum(1 for line in Path("/proc/locks").read_text().splitlines() if " -> " in line and inode in line)


def _compute_once(folder: str, log: str) -> str:
    def compute() -> dict:
        with open(log, "a") as out:
            out.write("computed\n")
        # Proof of the ordering, not a guess at it: finish only once the other process is blocked on the lock
        # (it read no stored entry and is waiting for this one). If the lock let it in, it would be computing
        # too, never waiting, and this raises instead of passing.
        lock = next(Path(folder).rglob("*.lock"))
        deadline = time.monotonic() + 60
        while _waiters_on(lock) == 0:
            if time.monotonic() > deadline:
                raise AssertionError("the other process never waited for the lock")
            time.sleep(0.01)
        return {"answer": 42}

    return SharedResults(folder).get("v1", "coverage", "key", compute)["computed_at"]


def test_two_processes_asking_at_once_compute_once(tmp_path):
    context = multiprocessing.get_context("spawn")
    log = tmp_path / "log"
    with context.Pool(2) as pool:
        stamps = pool.starmap(_compute_once, [(str(tmp_path / "cache"), str(log))] * 2)
    assert log.read_text() == "computed\n"
    assert stamps[0] == stamps[1]
    assert SharedResults(tmp_path / "cache").get("v1", "coverage", "key", lambda: {})["result"] == {"answer": 42}


def test_versions_older_than_90_days_are_pruned_but_the_recent_ones_kept(tmp_path):
    shared = SharedResults(tmp_path)
    now, day = time.time(), 86400
    for number, age_days in enumerate((200, 91, 89, 30, 0.001, 0)):
        shared.get(f"v{number}", "a", "k", lambda: {})
        os.utime(tmp_path / f"v{number}", (now - age_days * day, now - age_days * day))
    shared.prune("v5", now=now)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v2", "v3", "v4", "v5"]  # v0, v1: over 90 days
    shared.prune("v5", keep_days=0, now=now + 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v3", "v4", "v5"]  # the newest three always kept


def _uncovered_cell(store) -> tuple[str, str, str, str]:
    """A service, a council it serves, one of its age bands, and a need with no narrower needs that
    the service does not meet: adding that need adds one to exactly that cell."""
    rows = store.select(f"""
        SELECT ?service ?area ?age ?need WHERE {{
          ?service a <{LO}Service> ; <{LO}servesArea> ?area ; <{LO}forAgeBand> ?age .
          ?area a <{LO}LocalAuthority> .
          ?need a <{LO}Need> .
          FILTER NOT EXISTS {{ ?narrower <{SKOS_BROADER}> ?need }}
          FILTER NOT EXISTS {{ ?service <{LO}meetsNeed> ?need }}
        }} ORDER BY ?service ?need LIMIT 1""")
    row = rows[0]
    return row["service"].value, row["area"].value, row["age"].value, row["need"].value


def test_two_app_processes_share_one_result_and_a_publish_is_reflected(built, tmp_path):
    live = copy_build(built, tmp_path / "data")
    service, area, age, need = _uncovered_cell(current_store(live))
    cell = f"/gaps/coverage-matrix.json?area={quote(area)}&need={quote(need)}&age_band={quote(age)}"
    with app_server(live) as first, app_server(live) as second, ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(lambda url: requests.get(url + "/gaps/coverage-matrix.json", timeout=60).json(), [first, second])
        )
        assert answers[0]["computed_at"] == answers[1]["computed_at"] is not None  # worked out once
        assert answers[0]["rows"] == answers[1]["rows"]
        stored = list((live.data_dir / "cache" / "gaps").glob("*/coverage_matrix-*.json"))
        assert len(stored) == 1
        before = requests.get(first + cell, timeout=60).json()["rows"][0]["services"]

        store = current_store(live)
        triples = ntriples(statements(store, service)) + f"\n<{service}> <{LO}meetsNeed> <{need}> ."
        del store
        publish(live, [Replace(service, triples)], actor="tester", summary="meets one more need")

        # worked out in the background for the new version, before anyone asks
        deadline = time.monotonic() + 60
        while len(list((live.data_dir / "cache" / "gaps").glob("*/coverage_matrix-*.json"))) < 2:
            assert time.monotonic() < deadline, "the new version's results were not worked out in the background"
            time.sleep(0.2)
        for url in (second, first):
            after = requests.get(url + cell, timeout=60).json()
            assert after["rows"][0]["services"] == before + 1
            assert after["computed_at"] != answers[0]["computed_at"]


def test_the_warm_up_works_out_the_version_then_stops_when_asked(built, make_app):
    """With warm-up on, the background thread works out every analysis for the store's version; stop()
    ends it (an app closed with its thread still reading would read a folder being removed)."""
    app = make_app(built, WARM_GAPS=True)
    warmer = app.extensions["gap_warmer"]
    version = app.extensions["graph"].store.version()
    deadline = time.monotonic() + 300
    while warmer.warmed != version and time.monotonic() < deadline:
        time.sleep(0.2)
    assert warmer.warmed == version
    warmer.stop(timeout=30)
    assert warmer._thread is not None and not warmer._thread.is_alive()
