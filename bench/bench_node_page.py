"""Benchmark: the whole node page (Flask test client, HTML and JSON twin) and the queries it runs, for hub
pages (the need with most services, a council) and leaf pages (a service, a setting), at sample scale and
scale factor 30. The page's own queries are recorded from a real (warm) request, then each is run on the
pyoxigraph store on disk and on rdflib's in-memory Graph holding the same triples, side by side.

Machines here are shared and noisy: wall-clock medians are printed with the process CPU time beside them.

    .venv/bin/python bench/bench_node_page.py [--scales 1 30] [--runs 15] [--reuse 30=/tmp/x/var] [--rdflib-limit 120]

--reuse SCALE=DATA_DIR uses an existing build (e.g. one kept from an earlier run) instead of building.
--rdflib-limit SECONDS: rdflib runs a page's queries in a forked child, stopped after this long (a query
that takes seconds on oxigraph can take an hour on rdflib); the row then says "> N s".
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_build_and_page import prepare_sources  # noqa: E402

from graph_app.binding import bind  # noqa: E402
from graph_app.build import run_build  # noqa: E402
from graph_app.config import Settings  # noqa: E402
from graph_app.layout import Layout  # noqa: E402
from graph_app.store import EmbeddedStore  # noqa: E402
from graph_app.web import create_app  # noqa: E402

LO = "https://w3id.org/se7-local-offer/def#"
ID = "https://w3id.org/se7-local-offer/id/"
TARGET_MS = 20.0


def pages(store: EmbeddedStore) -> dict[str, str]:
    """A hub and a leaf of each interesting shape, found in the data (IRIs, one with the page's query)."""
    hub = store.select(
        f"SELECT ?n (COUNT(?s) AS ?c) WHERE {{ ?s <{LO}meetsNeed> ?n }} GROUP BY ?n ORDER BY DESC(?c) LIMIT 1"
    )[0]
    service = store.select(f"SELECT ?s WHERE {{ ?s a <{LO}Service> }} ORDER BY ?s LIMIT 1")[0]["s"].value
    setting = store.select(f"SELECT ?s WHERE {{ ?s a <{LO}Setting> }} ORDER BY ?s LIMIT 1")[0]["s"].value
    busiest = {
        prop: store.select(
            f"SELECT ?n (COUNT(?s) AS ?c) WHERE {{ ?s <{LO}{prop}> ?n }} GROUP BY ?n ORDER BY DESC(?c) LIMIT 1"
        )[0]
        for prop in ("forAgeBand", "aboutHeading")
    }
    topic = busiest["aboutHeading"]
    return {
        f"hub: need with {hub['c'].value} links": hub["n"].value,
        "hub: council (Kent)": ID + "area/kent",
        f"hub: age band with {busiest['forAgeBand']['c'].value} links": busiest["forAgeBand"]["n"].value,
        f"hub: topic with {topic['c'].value} links": topic["n"].value,
        # with a council chosen the page lists the topic's services there (navigate/council_heading_records)
        f"hub: topic with {topic['c'].value} links, council Kent": topic["n"].value + "?area=kent",
        "leaf: a service": service,
        "leaf: a setting": setting,
        "pathway (EHC)": ID + "pathway/ehc-needs-assessment",
    }


def timed(action, runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds, after one warm-up run."""
    action()
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


class Recorder:
    """Wraps the store the app uses and keeps the bound text of every query a request runs."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store
        self.texts: list[str] = []
        self.recording = False
        original = store.select

        def select(query, bindings=None):
            if self.recording:
                self.texts.append(bind(query, bindings))
            return original(query, bindings)

        store.select = select


def forget_related(app) -> None:
    """Drop the related lists kept on the projection, so the next view computes its own again."""
    keeper = app.extensions.get("projection_keeper")
    ready = getattr(keeper, "_ready", None)
    kept = [ready[1]] if ready else list(app.extensions["graph"]._memo.values())  # (older code: a memo)
    for value in kept:
        getattr(value, "__dict__", {}).pop("related_cache", None)


def rdflib_ms(memory: rdflib.Graph, texts: list[str], runs: int, limit_s: float) -> float | None:
    """Median milliseconds for rdflib to run the queries, in a forked child (it shares the loaded graph)
    stopped after `limit_s` seconds in all: None then."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        send.send(timed(lambda: [list(memory.query(t)) for t in texts], runs)[0])

    process = context.Process(target=child)
    process.start()
    got = receive.recv() if receive.poll(limit_s) else None
    process.kill()
    process.join()
    return got


def bench_store(data_dir: Path, runs: int, rdflib_limit_s: float = 120.0):
    """Rows (what, wall ms, cpu ms, rdflib ms or None, rdflib stopped) as they are measured."""
    settings = replace(Settings(), data_dir=data_dir)
    app = create_app({"TESTING": True, "PAGE_CACHE_BYTES": 0}, settings=settings)  # each page built, not kept
    client = app.test_client()
    store = EmbeddedStore(Layout(data_dir).current().store_path)
    graph = app.extensions["graph"]
    recorder = Recorder(graph.store)
    print(f"  loading {store.triple_count()} triples into rdflib ...", flush=True)
    memory = rdflib.Graph()
    with tempfile.NamedTemporaryFile(suffix=".nt") as dump:
        store.dump(Path(dump.name))
        memory.parse(dump.name, format="nt")
    for label, iri in pages(store).items():
        path = "/id/" + iri[len(ID) :]
        twin = path.replace("?", ".json?", 1) if "?" in path else path + ".json"
        client.get(path)  # warm the per-store-version memos
        recorder.texts, recorder.recording = [], True
        assert client.get(path).status_code == 200, path
        recorder.recording = False
        texts = list(recorder.texts)
        wall, cpu = timed(lambda path=path: client.get(path), runs)
        yield (f"{label}: whole page (HTML)", wall, cpu, None, False)
        wall, cpu = timed(lambda path=path: (forget_related(app), client.get(path)), runs)
        yield (f"{label}: first view (related not yet computed)", wall, cpu, None, False)
        wall, cpu = timed(lambda twin=twin: client.get(twin), runs)
        yield (f"{label}: JSON twin", wall, cpu, None, False)
        oxi_wall, oxi_cpu = timed(lambda texts=texts: [store.select(t) for t in texts], runs)
        rdf_wall = rdflib_ms(memory, texts, max(2, runs // 5), rdflib_limit_s)
        yield (f"{label}: its {len(texts)} queries", oxi_wall, oxi_cpu, rdf_wall or rdflib_limit_s * 1000, not rdf_wall)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 30])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--reuse", nargs="*", default=[], help="SCALE=DATA_DIR of an existing build")
    parser.add_argument("--rdflib-limit", type=float, default=120.0, help="seconds for rdflib per page's queries")
    args = parser.parse_args()
    reuse = {float(k): Path(v) for k, v in (item.split("=", 1) for item in args.reuse)}
    print(f"{'scale':>5}  {'what':<58} {'wall ms':>8} {'cpu ms':>8} {'rdflib ms':>10} {'ratio':>7}")
    for scale in args.scales:
        with tempfile.TemporaryDirectory() as tmp:
            data_dir = reuse.get(scale)
            if data_dir is None:
                ontology, data = prepare_sources(Path(tmp), scale)
                data_dir = Path(tmp) / "var"
                run_build(replace(Settings(), data_dir=data_dir, sources=(ontology, data)), progress=lambda _: None)
            for what, wall, cpu, rdf, stopped in bench_store(data_dir, args.runs, args.rdflib_limit):
                ratio = (">" if stopped else "") + f"{rdf / wall:.1f}x" if rdf else ""
                rdf_text = (f"> {rdf / 1000:.0f} s" if stopped else f"{rdf:.1f}") if rdf else ""
                flag = "" if rdf or cpu <= TARGET_MS else "  over 20 ms"
                print(f"{scale:>5g}  {what:<58} {wall:8.1f} {cpu:8.1f} {rdf_text:>10} {ratio:>8}{flag}", flush=True)


if __name__ == "__main__":
    main()
