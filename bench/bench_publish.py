"""How long one published change takes (graph_app/live), end to end and step by step, on an existing build.

    .venv/bin/python bench/bench_publish.py DATA_DIR [--runs 7]

DATA_DIR is a data folder with a build (e.g. one built from `graph-app generate --scale 30`); the bench
publishes into it, so use a copy. Each run replaces one service's description (a new word each time).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph_app.config import Settings
from graph_app.layout import Layout
from graph_app.live import Replace, publish
from graph_app.store import open_store

LO = "https://w3id.org/se7-local-offer/def#"
DESCRIPTION = "http://purl.org/dc/terms/description"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    settings = replace(Settings(), data_dir=args.data_dir.resolve())
    store = open_store(settings)
    service = store.select(f"SELECT ?s WHERE {{ ?s a <{LO}Service> }} LIMIT 1")[0]["s"]
    kept = [
        t
        for t in store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": service})
        if t.predicate.value != DESCRIPTION
    ]
    triples = store.triple_count()
    times = []
    for run in range(args.runs):
        text = "\n".join(f"{t} ." for t in kept) + f'\n<{service.value}> <{DESCRIPTION}> "Bench run {run}"@en .'
        start = time.perf_counter()
        publish(settings, [Replace(service.value, text)], actor="bench", summary=f"run {run}")
        times.append((time.perf_counter() - start) * 1000)
    current = Layout(settings.data_dir).current()
    check = open_store(settings).select(f"SELECT ?d WHERE {{ <{service.value}> <{DESCRIPTION}> ?d }}")
    assert [r["d"].value for r in check] == [f"Bench run {args.runs - 1}"], check
    print(
        f"{triples} triples: publish median {statistics.median(times):.0f} ms, min {min(times):.0f} ms, "
        f"max {max(times):.0f} ms over {args.runs} runs (live build {current.build_id})"
    )


if __name__ == "__main__":
    main()
