"""The measuring tools of `make bench` (bench/child_tasks.py, bench/run_all.py): a child's time and peak
memory are its own, a slow step is stopped at its timeout, and the table states ratios and stopped
equivalents correctly. The benchmark itself is too long for the suite (see README, `make bench`)."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pyoxigraph as ox

from graph_app.layout import Layout

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from child_tasks import run_child
from run_all import Row, markdown


def test_a_full_dump_in_a_child_reports_its_time_and_peak_memory(built, embedded_store, tmp_path):
    out = tmp_path / "all.nt.gz"
    store_path = Layout(built.data_dir).current().store_path
    ballast = b"x" * (400 * 2**20)  # 400 MB resident in this process: never counted as the child's
    result = run_child(["dump", str(store_path), str(out), "nt"], timeout_s=300)
    del ballast
    assert result.ok, result.output
    with gzip.open(out) as dump:
        triples = list(ox.parse(dump, format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) == embedded_store.triple_count()
    # the child's own peak: a Python process with pyoxigraph loaded, well below the 400 MB of its parent
    assert 10 < result.peak_mb < 300
    assert 0 < result.seconds < 300


def test_a_child_past_its_timeout_is_stopped_and_says_so(tmp_path):
    big = tmp_path / "big.nt"
    with big.open("w") as out:
        for n in range(400_000):
            out.write(f'<http://example.org/s{n}> <http://example.org/p> "value {n}" .\n')
    result = run_child(["rdflib-parse", str(big)], timeout_s=0.5)
    assert result.timed_out and not result.ok
    assert result.seconds < 5


def test_the_table_gives_ratios_and_lower_bounds_for_stopped_equivalents():
    rows = [
        Row(300, "search", 2.0, "ms", other=2000.0, other_name="SPARQL CONTAINS", target="<= 20 ms", met=True),
        Row(300, "coverage", 500.0, "ms", other_note="> 60 s", other_name="rdflib", target="<= 1000 ms", met=True),
        Row(300, "build", 400.0, "s", target="<= 180 s", met=False),
    ]
    table = markdown(rows).splitlines()
    assert table[2].split(" | ")[4] == "1000.0x"
    assert table[3].split(" | ")[4] == "> 120x"  # 60 s is at least 120 times 500 ms
    assert "rdflib: > 60 s" in table[3]
    assert "<= 180 s MISSED" in table[4]
