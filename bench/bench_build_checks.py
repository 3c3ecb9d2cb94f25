"""The build's record checks (build step 4) on a built store: the single queries the build used to run
against graph_app/build/record_checks.py, side by side in one run, same answers asserted.

    .venv/bin/python bench/bench_build_checks.py var/current/oxigraph [--runs 3]

Both read the same store opened read-only; the order alternates each run so that neither always gets
the warmer cache. Prints the median seconds of each check and the ratio old / new.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pyoxigraph import Literal  # noqa: E402

from graph_app.binding import bind  # noqa: E402
from graph_app.build import record_checks  # noqa: E402
from graph_app.namespaces import DATA_BASE  # noqa: E402
from graph_app.queries import QueryLibrary  # noqa: E402
from graph_app.store import EmbeddedStore  # noqa: E402

PREFIXES = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""
# the queries the build ran before (queries/build/checks/ at commit 42baeae)
OLD_DISJOINT = (
    PREFIXES
    + """SELECT DISTINCT ?node ?first ?second
WHERE {
  { SELECT DISTINCT ?first ?second WHERE {
      { ?first owl:disjointWith ?second . }
      UNION
      { ?all a owl:AllDisjointClasses ; owl:members ?list .
        ?list rdf:rest*/rdf:first ?first .
        ?list rdf:rest*/rdf:first ?second .
        FILTER(STR(?first) < STR(?second)) }
  } }
  ?node a ?first .
  ?node a ?second .
}
ORDER BY ?node
LIMIT 1000
"""
)
OLD_DANGLING = """SELECT ?node ?property ?target
WHERE {
  ?node ?property ?target .
  FILTER(isIRI(?target) && STRSTARTS(STR(?target), ?idbase))
  MINUS { ?target ?p ?o }
}
ORDER BY ?node ?property
LIMIT 1000
"""


def timed(action: Callable[[], list]) -> tuple[float, int]:
    start = time.perf_counter()
    rows = action()
    return time.perf_counter() - start, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a built store folder (…/oxigraph)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    store = EmbeddedStore(args.store)
    library = QueryLibrary(ROOT / "queries")
    id_base = DATA_BASE + "id/"

    cases = {
        "disjoint types": (lambda: store.select(OLD_DISJOINT), lambda: record_checks.disjoint_types(store, library)),
        "dangling links": (
            lambda: store.select(bind(OLD_DANGLING, {"idbase": Literal(id_base)})),
            lambda: record_checks.dangling_links(store, library, id_base),
        ),
    }
    print(f"store {args.store}: {store.triple_count()} triples, {args.runs} run(s) each")
    for name, (old, new) in cases.items():
        samples: dict[str, list[float]] = {"old": [], "new": []}
        found: dict[str, int] = {}
        for run in range(args.runs):
            order = [("old", old), ("new", new)] if run % 2 == 0 else [("new", new), ("old", old)]
            for label, action in order:
                seconds, found[label] = timed(action)
                samples[label].append(seconds)
        assert found["old"] == found["new"], f"{name}: {found['old']} problems before, {found['new']} now"
        old_s, new_s = statistics.median(samples["old"]), statistics.median(samples["new"])
        print(f"{name:15} old single query {old_s:7.2f} s   new {new_s:7.2f} s   ratio {old_s / new_s:5.1f}x")


if __name__ == "__main__":
    main()
