"""The issue-20 targets table of `make bench` (bench/run_all.py): every target of the issue has its row at
every scale, even with no figure; a verdict is met / MISSED by how much only at the scale the target is for,
and a target without a figure says "not measured at this scale", never a verdict. Fast: no build, no server."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from run_all import NOT_MEASURED, STEP_TARGETS, TARGETS, Bench, target_table, verdict

BY_KEY = {target.key: target for target in TARGETS}


def _rows(table: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in table.splitlines()[2:]]


def test_every_issue_20_target_has_a_row_at_every_scale_even_without_figures():
    rows = _rows(target_table([1, 30, 300], {}))
    assert len(rows) == 3 * len(TARGETS)
    for scale in ("1", "30", "300"):
        names = [row[1] for row in rows if row[0] == scale]
        assert names == [target.what for target in TARGETS]
        assert all(row[4] == NOT_MEASURED for row in rows if row[0] == scale)
    wanted = {
        "build_time": ("s", 120, False, 300),
        "build_memory": ("MB", 4096, False, 300),
        "dump_first_byte": ("ms", 1000, False, None),
        "dump_p95": ("x", 1.20, False, None),
        "workers_pss": ("MB", 3072, False, 300),
        "new_worker": ("s", 1.0, False, None),
        "related_first_view": ("ms", 50, False, None),
        "node_page": ("ms", 5, False, None),
        "node_page_rdflib": ("x", 20, True, 30),
        "gap_after_publish": ("ms", 1000, False, None),
        "http_cache_off": ("req/s", 150, True, 300),
    }
    assert {key: (t.unit, t.limit, t.higher_is_better, t.at_scale) for key, t in BY_KEY.items()} == wanted
    assert "total resident memory" in BY_KEY["workers_pss"].what
    assert "while dumps are written" in BY_KEY["dump_p95"].what


@pytest.mark.parametrize(
    ("key", "scale", "value", "expected"),
    [
        ("build_time", 300, 119.0, "met"),
        ("build_time", 300, 150.0, "MISSED by 25 %"),
        ("build_time", 1, 2.0, "no verdict: the target is for scale 300"),
        ("build_time", 1, None, NOT_MEASURED),
        ("build_time", 300, None, NOT_MEASURED),
        ("node_page_rdflib", 30, 20.0, "met"),
        ("node_page_rdflib", 30, 15.0, "MISSED by 25 %"),
        ("node_page_rdflib", 300, None, NOT_MEASURED),
        ("http_cache_off", 300, 97.0, "MISSED by 35 %"),
        ("http_cache_off", 300, 151.0, "met"),
        ("dump_p95", 1, 1.2, "met"),
        ("dump_p95", 30, 1.5, "MISSED by 25 %"),
        ("node_page", 1, 5.5, "MISSED by 10 %"),
        ("node_page", 300, 4.9, "met"),
    ],
)
def test_verdicts(key, scale, value, expected):
    assert verdict(BY_KEY[key], scale, value) == expected


def test_the_table_shows_the_figure_its_verdict_and_note():
    measured = {(300, "workers_pss"): (3500.0, "RSS 5,000 MB"), (1, "workers_pss"): (600.0, "")}
    rows = {(row[0], row[1]): row for row in _rows(target_table([1, 300], measured))}
    national = rows[("300", BY_KEY["workers_pss"].what)]
    assert national[2:] == ["<= 3072 MB at scale 300", "3500 MB", "MISSED by 14 %", "RSS 5,000 MB"]
    assert rows[("1", BY_KEY["workers_pss"].what)][4] == "no verdict: the target is for scale 300"


def test_every_target_is_measured_by_a_step_and_a_failed_step_names_its_targets():
    source = inspect.getsource(Bench)
    for key in BY_KEY:
        assert f'self.measure("{key}"' in source or f'"{key}", ' in source, key
    assert sorted(k for keys in STEP_TARGETS.values() for k in keys) == sorted(BY_KEY)
    bench = Bench.__new__(Bench)
    bench.measured = {}
    with pytest.raises(AssertionError):
        bench.measure("no_such_target", 1.0)
