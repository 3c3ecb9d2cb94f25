"""Benchmark: a search index following the edit journal on a second machine (graph_app/search/follow.py).

Two data folders copied from DATA_DIR's current build (their search indexes written again by this version, so
they keep each document's texts), one `oxigraph serve` loaded with the same graph, one private database (a
SQLite file, then a PostgreSQL cluster on loopback when Debian's postgresql is installed). Measured, medians in
ms: the check each search request makes (`behind`, up to date); a publish on machine A; machine B's catch-up
of that one entry (a new generation: index copied, the record reindexed from the remote store, swapped in);
B's catch-up of 10 missed entries at once; and what keeping the texts (`doc_text`) costs the build: its share
of the index file and the time to encode and write it.

    .venv/bin/python bench/bench_search_follow.py [DATA_DIR] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import pyoxigraph as ox  # noqa: E402
from postgres_server import PostgresCluster, postgres_bin  # noqa: E402
from server_process import oxigraph_binary, oxigraph_process  # noqa: E402

from graph_app.config import Settings  # noqa: E402
from graph_app.layout import Layout  # noqa: E402
from graph_app.live import Replace, publish  # noqa: E402
from graph_app.queries import QueryLibrary  # noqa: E402
from graph_app.search.build import _collect, build_index  # noqa: E402
from graph_app.search.follow import behind, catch_up  # noqa: E402
from graph_app.store import EmbeddedStore, RemoteStore  # noqa: E402

LO = "https://w3id.org/se7-local-offer/def#"
DESCRIPTION = "http://purl.org/dc/terms/description"


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def machine(source: Path, target: Path, base: Settings) -> Settings:
    """A data folder holding a copy of the build, its index written again by this version."""
    current = Layout(source).current()
    (target / "builds").mkdir(parents=True)
    shutil.copytree(current.path, target / "builds" / current.build_id)
    (target / "current").symlink_to(Path("builds") / current.build_id)
    build = Layout(target).current()
    build.search_path.unlink()
    build_index(EmbeddedStore(build.store_path), QueryLibrary(base.queries_dir), build.search_path, base.base + "id/")
    return replace(base, data_dir=target)


def text_cost(settings: Settings) -> tuple[float, float, float]:
    """doc_text's share of the index file (MB, %) and the time to encode and write it (ms)."""
    build = Layout(settings.data_dir).current()
    with sqlite3.connect(build.search_path) as connection:
        kept = connection.execute("SELECT sum(length(node)) FROM doc_text").fetchone()[0] or 0
    size = build.search_path.stat().st_size
    nodes = _collect(EmbeddedStore(build.store_path), QueryLibrary(settings.queries_dir), settings.base + "id/")
    began = time.perf_counter()
    with sqlite3.connect(":memory:") as connection:
        connection.execute("CREATE TABLE doc_text (doc INTEGER PRIMARY KEY, node TEXT NOT NULL)")
        rows = ((number, node.stored()) for number, node in enumerate(nodes.values()))
        connection.executemany("INSERT INTO doc_text VALUES (?, ?)", rows)
    return kept / 1e6, 100 * kept / size, (time.perf_counter() - began) * 1000


def fresh(folder: Path, a: Settings, b: Settings, shared: Path, urls: dict[str, str]) -> tuple[Settings, Settings]:
    """Both machines' folders copied anew for one private database (whose journal starts empty)."""
    copies = []
    for settings in (a, b):
        target = folder / settings.data_dir.name
        shutil.copytree(settings.data_dir, target, symlinks=True)
        copies.append(replace(settings, data_dir=target, private_db_path=folder / shared.name, **urls))
    return copies[0], copies[1]


def run_engine(name: str, a: Settings, b: Settings, remote: RemoteStore, runs: int) -> list[str]:
    services = [r["s"].value for r in remote.select(f"SELECT ?s WHERE {{ ?s a <{LO}Service> }} ORDER BY ?s LIMIT 12")]
    counter = iter(range(10**6))

    def change(subject: str) -> Replace:
        statements = remote.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": ox.NamedNode(subject)})
        kept = [t for t in statements if t.predicate.value != DESCRIPTION]
        text = "\n".join(f"{t} ." for t in kept) + f'\n<{subject}> <{DESCRIPTION}> "Bench {next(counter)}"@en .'
        return Replace(subject, text)

    publishes, follows = [], []
    for run in range(runs):
        began = time.perf_counter()
        publish(a, [change(services[run % 2])], actor="bench", summary=f"run {run}")
        publishes.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        assert catch_up(b) == 1
        follows.append((time.perf_counter() - began) * 1000)
    assert not behind(b)
    check = median_ms(lambda: behind(b), runs * 20)  # up to date, as almost every search finds it
    for subject in services[2:12]:
        publish(a, [change(subject)], actor="bench", summary="missed")
    began = time.perf_counter()
    assert catch_up(b) == 10
    ten = (time.perf_counter() - began) * 1000
    return [
        f"| {name} | {check:.2f} | {statistics.median(publishes):.0f} | {statistics.median(follows):.0f} | {ten:.0f} |"
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path, nargs="?", default=ROOT / "var")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    base = Settings()
    folder = Path(tempfile.mkdtemp(prefix="bench-follow-"))
    try:
        began = time.perf_counter()
        a = machine(args.data_dir, folder / "a", base)
        index_s = time.perf_counter() - began
        b = machine(args.data_dir, folder / "b", base)
        kept_mb, kept_share, kept_ms = text_cost(a)
        lines = [
            f"Index written in {index_s:.1f} s (with its copy of the build); doc_text {kept_mb:.1f} MB = "
            f"{kept_share:.0f} % of the index file; encoding and writing it {kept_ms:.0f} ms",
            "",
            "| private database | check per search (ms) | publish on A (ms) | B catches up 1 entry (ms) "
            "| B catches up 10 (ms) |",
            "|---|---|---|---|---|",
        ]
        with oxigraph_process(oxigraph_binary(), folder / "server") as server:
            dump = folder / "graph.nt"
            EmbeddedStore(Layout(a.data_dir).current().store_path).dump(dump)
            remote = RemoteStore(server.url + "/query")
            remote.replace_graph(dump)
            urls = {"sparql_url": server.url + "/query", "sparql_update_url": server.url + "/update"}
            shared = folder / "private" / "private.sqlite"
            os.environ.pop("GRAPH_APP_DATABASE_URL", None)
            lines += run_engine("SQLite file", *fresh(folder / "sqlite", a, b, shared, urls), remote, args.runs)
            if postgres_bin() is not None:
                cluster = PostgresCluster(postgres_bin(), durable=True).start()
                try:
                    os.environ["GRAPH_APP_DATABASE_URL"] = cluster.new_database()
                    machines = fresh(folder / "postgres", a, b, shared, urls)
                    lines += run_engine("PostgreSQL (loopback)", *machines, remote, args.runs)
                finally:
                    os.environ.pop("GRAPH_APP_DATABASE_URL", None)
                    cluster.stop()
        print("\n".join(lines))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
