"""Benchmark: the build, and the queries behind one node page, at scale factors 1 and 10.

Each node-page query runs on the built pyoxigraph store (on disk) and on rdflib's in-memory Graph
holding the same triples, side by side in one run, and the ratio is printed (machines here are
shared and noisy: compare the ratio, not the absolute times).

    .venv/bin/python bench/bench_build_and_page.py [--scales 1 10] [--runs 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph_app.binding import bind  # noqa: E402
from graph_app.build import run_build  # noqa: E402
from graph_app.config import Settings  # noqa: E402
from graph_app.layout import Layout  # noqa: E402
from graph_app.queries import QueryLibrary  # noqa: E402
from graph_app.sample import write as write_sample  # noqa: E402
from graph_app.store import EmbeddedStore  # noqa: E402

ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
PAGE_QUERIES = ["navigate/node_values", "navigate/node_types", "navigate/out_link_groups", "navigate/in_link_groups"]
NODES = {"hub (need: autism)": ID + "need/autism", "leaf (a service)": None}


def prepare_sources(workdir: Path, scale: float) -> tuple[Path, Path]:
    """A copy of ontology/ and data/ whose sample is generated at the given scale."""
    ontology = workdir / "ontology"
    data = workdir / "data"
    shutil.copytree(ROOT / "ontology", ontology)
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("sample"))
    (data / "sample").mkdir()
    suffix = ".ttl" if scale <= 1 else ".nt"
    write_sample(data / "sample" / f"local-offer{suffix}", scale=scale)
    return ontology, data


def page_queries(library: QueryLibrary, node: str) -> list[str]:
    """The query texts a node page runs for the node, bound exactly as the app binds them."""
    texts = []
    for name in PAGE_QUERIES:
        query = library.get(name)
        texts.append(bind(query.text, query.terms({"node": node})))
    group = library.get("navigate/in_links")
    bound = bind(group.text, group.terms({"node": node, "property": LO + "meetsNeed"}))
    texts.append(bound.rstrip() + "\nLIMIT 10 OFFSET 0\n")
    return texts


def median_ms(action, runs: int) -> float:
    action()  # warm caches once
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def bench_scale(scale: float, runs: int) -> list[tuple[str, str, float, float | None]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        ontology, data = prepare_sources(workdir, scale)
        settings = replace(Settings(), data_dir=workdir / "var", sources=(ontology, data))
        start = time.perf_counter()
        report = run_build(settings, progress=lambda line: None)
        build_s = time.perf_counter() - start
        rows.append(
            (
                f"build ({report.counts['services']} services, {report.counts['triples']} triples)",
                "total",
                build_s * 1000,
                None,
            )
        )
        for step, seconds in report.timings.items():
            rows.append((f"  build step: {step}", "", seconds * 1000, None))
        store = EmbeddedStore(Layout(settings.data_dir).current().store_path)
        library = QueryLibrary(ROOT / "queries")
        graph = rdflib.Graph()
        with tempfile.NamedTemporaryFile(suffix=".nt") as dump:
            store.dump(Path(dump.name))
            graph.parse(dump.name, format="nt")
        leaf = store.select(f"SELECT ?s WHERE {{ ?s a <{LO}Service> }} ORDER BY ?s LIMIT 1")[0]["s"].value
        for label, node in NODES.items():
            texts = page_queries(library, node or leaf)
            oxi = median_ms(lambda texts=texts: [store.select(t) for t in texts], runs)
            rdf = median_ms(lambda texts=texts: [list(graph.query(t)) for t in texts], max(3, runs // 5))
            rows.append((f"node page queries, {label}", "pyoxigraph vs rdflib", oxi, rdf))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 10])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(f"{'scale':>5}  {'what':<60} {'median ms':>10} {'rdflib ms':>10} {'ratio':>7}")
    for scale in args.scales:
        for what, _how, ours, theirs in bench_scale(scale, args.runs):
            ratio = f"{theirs / ours:6.1f}x" if theirs else ""
            theirs_text = f"{theirs:10.1f}" if theirs else ""
            print(f"{scale:>5g}  {what:<60} {ours:10.1f} {theirs_text:>10} {ratio:>7}", flush=True)


if __name__ == "__main__":
    main()
