"""Benchmark: "related" (personalised PageRank) and "how is A connected to B" (paths), at scale
factors 1 and 30, side by side with the same work done naively in one run:

- related: ours is power iteration on a sparse matrix built once per store version; naive is
  networkx.pagerank(personalization=...) per call, which rebuilds its matrix every time;
- path: ours is a hub-weighted bidirectional Dijkstra on the projection; naive is networkx
  shortest_path on the unweighted graph of every triple (rdf:type included) built from the store.

Server-side figures are the median time of the JSON endpoint through Flask's test client (labels in
the reader's language included). Machines here are shared and noisy: compare ratios.

    .venv/bin/python bench/bench_related_path.py [--scales 1 30] [--runs 30]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_build_and_page import median_ms, prepare_sources  # noqa: E402

from graph_app.build import run_build  # noqa: E402
from graph_app.config import Settings  # noqa: E402
from graph_app.layout import Layout  # noqa: E402
from graph_app.projection import chain_steps, related, shortest_chain  # noqa: E402
from graph_app.store import EmbeddedStore  # noqa: E402

ID = "https://w3id.org/se7-local-offer/id/"


def full_graph(store: EmbeddedStore) -> nx.Graph:
    """Every triple between IRIs, rdf:type included, unweighted: the naive graph."""
    graph = nx.Graph()
    for row in store.select("SELECT ?s ?o WHERE { ?s ?p ?o FILTER(isIRI(?o)) }"):
        graph.add_edge(row["s"].value, row["o"].value)
    return graph


def bench_scale(scale: float, runs: int) -> list[tuple[str, float, float | None]]:
    from graph_app.web import create_app
    from graph_app.web.map.views import projection

    rows: list[tuple[str, float, float | None]] = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        ontology, data = prepare_sources(workdir, scale)
        settings = replace(Settings(), data_dir=workdir / "var", sources=(ontology, data))
        report = run_build(settings, progress=lambda line: None)
        store = EmbeddedStore(Layout(settings.data_dir).current().store_path)
        app = create_app({"TESTING": True}, settings=settings)
        client = app.test_client()
        with app.test_request_context():
            started = time.perf_counter()
            p = projection()
            rows.append(
                (
                    f"projection build ({report.counts['services']} services, {p.size} nodes, {p.edge_count} edges)",
                    (time.perf_counter() - started) * 1000,
                    None,
                )
            )
        naive_projection = p.to_networkx()  # the same graph for networkx's pagerank
        rng = random.Random(7)
        services = [n for n, kind in enumerate(p.kinds) if kind == "service"]
        starts = [p.index[ID + "need/autism"], p.index[ID + "area/kent"], *rng.sample(services, 3)]
        pairs = [(rng.choice(services), rng.choice(services)) for _ in range(5)]
        pairs.append((p.index[ID + "need/dyslexia"], p.index[ID + "pathway/ehc-needs-assessment"]))

        def ours_related() -> None:
            for start in starts:
                related(p, start)

        def naive_related() -> None:
            for start in starts:
                ranks = nx.pagerank(naive_projection, alpha=0.85, personalization={start: 1.0}, weight="rank")
                sorted(ranks, key=ranks.get, reverse=True)[:9]

        per = len(starts)
        rows.append(
            (
                "related: PageRank core, per node (ours vs networkx.pagerank)",
                median_ms(ours_related, runs) / per,
                median_ms(naive_related, max(3, runs // 10)) / per,
            )
        )
        urls = [f"/related.json?node={p.iris[s]}" for s in starts]

        def cold_related() -> None:
            for url in urls:
                p.__dict__.get("related_cache", {}).clear()  # measure the ranking, not the cache
                client.get(url)

        rows.append(
            ("related: server-side /related.json, per request (not cached)", median_ms(cold_related, runs) / per, None)
        )
        rows.append(
            (
                "related: server-side /related.json, per request (seen before: cached)",
                median_ms(lambda: [client.get(u) for u in urls], runs) / per,
                None,
            )
        )

        naive = full_graph(store)

        def ours_path() -> None:
            for a, b in pairs:
                chain_steps(p, shortest_chain(p, a, b))

        def naive_path() -> None:
            for a, b in pairs:
                nx.shortest_path(naive, p.iris[a], p.iris[b])

        per = len(pairs)
        rows.append(
            (
                "path: core, per pair (ours weighted vs naive unweighted full graph)",
                median_ms(ours_path, runs) / per,
                median_ms(naive_path, max(3, runs // 5)) / per,
            )
        )
        urls = [f"/path.json?from={p.iris[a]}&to={p.iris[b]}" for a, b in pairs]
        rows.append(
            (
                "path: server-side /path.json, per request",
                median_ms(lambda: [client.get(u) for u in urls], runs) / per,
                None,
            )
        )
        through_hub = sum(
            any(naive.degree(n) > 200 for n in nx.shortest_path(naive, p.iris[a], p.iris[b])[1:-1]) for a, b in pairs
        )
        ours_hub = sum(any(p.degree[n] > 200 for n in shortest_chain(p, a, b)[1:-1]) for a, b in pairs)
        rows.append(
            (f"paths through a node of degree > 200: naive {through_hub}/{per}, ours {ours_hub}/{per}", 0.0, None)
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 30])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print(f"{'scale':>5}  {'what':<78} {'ours ms':>9} {'naive ms':>9} {'ratio':>7}")
    for scale in args.scales:
        for what, ours, theirs in bench_scale(scale, args.runs):
            ratio = f"{theirs / ours:6.2f}x" if theirs and ours else ""
            theirs_text = f"{theirs:9.2f}" if theirs else ""
            print(f"{scale:>5g}  {what:<78} {ours:9.2f} {theirs_text:>9} {ratio:>7}", flush=True)


if __name__ == "__main__":
    main()
