"""Benchmark: the rules that link a record to its public history (queries/live/57_change_history.ru and
58_change_history_of.ru, run on every publish), against the single rule they replaced, which filtered
every lo:changeOf in the graph, as the number of published changes grows.

An in-memory pyoxigraph store holds N changes spread over N/5 records; each rule runs with one subject
bound, as a publish runs it. The ratio old/new is printed side by side (shared, noisy machines: compare
the ratio and how each grows with N, not the absolute times).

    .venv/bin/python bench/bench_history_rules.py [--sizes 1000 10000 100000] [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph_app.binding import bind  # noqa: E402
from graph_app.queries import parse_query_file  # noqa: E402

LO = "https://w3id.org/se7-local-offer/def#"
ID = "https://w3id.org/se7-local-offer/id/"
OLD = f"""PREFIX lo: <{LO}>
INSERT {{ ?record lo:changeHistory ?change }}
WHERE {{ ?change lo:changeOf ?record . FILTER(?change = ?subject || ?record = ?subject) }}"""


def _store(changes: int) -> ox.Store:
    store = ox.Store()
    change_of = ox.NamedNode(LO + "changeOf")
    store.extend(
        ox.Quad(
            ox.NamedNode(f"{ID}change/service-s{i % (changes // 5)}-{i}"),
            change_of,
            ox.NamedNode(f"{ID}service/s{i % (changes // 5)}"),
            ox.DefaultGraph(),
        )
        for i in range(changes)
    )
    return store


def _time(store: ox.Store, operations: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for operation in operations:
            store.update(operation)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    new_rules = [
        parse_query_file(ROOT / "queries" / "live" / f"{n}.ru", n).text
        for n in ("57_change_history", "58_change_history_of")
    ]
    print(f"{'changes':>8} {'old rule ms':>12} {'new rules ms':>13} {'old/new':>8}")
    for size in args.sizes:
        store = _store(size)
        record, change = ox.NamedNode(f"{ID}service/s1"), ox.NamedNode(f"{ID}change/service-s1-1")
        # a publish runs the rules for the record and for its new change
        old = [bind(OLD, {"subject": record}), bind(OLD, {"subject": change})]
        new = [bind(rule, {"subject": s}) for s in (record, change) for rule in new_rules]
        old_ms, new_ms = _time(store, old, args.runs), _time(store, new, args.runs)
        print(f"{size:>8} {old_ms:>12.2f} {new_ms:>13.2f} {old_ms / new_ms:>8.1f}")


if __name__ == "__main__":
    main()
