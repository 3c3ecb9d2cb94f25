"""The two slowest build steps, before and after, side by side in one run: SHACL validation
(build/shacl_sparql.py) and the search index (search/build.py).

"Before" is the code at a git revision (default HEAD), loaded from `git show` into its own module, so
the comparison needs no second checkout. Both run on the same store (opened read-only, never written)
and their results are compared: the same violations, and the same rows in every table of the index.

    .venv/bin/python bench/bench_build_steps.py --data-dir /work/scale300/var --out /tmp/h6

Wall time depends on what else the machine runs; CPU time of this process (all its threads) is
printed beside it.
"""

from __future__ import annotations

import argparse
import importlib.util
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph_app.build import shacl_sparql  # noqa: E402
from graph_app.config import Settings  # noqa: E402
from graph_app.layout import Layout  # noqa: E402
from graph_app.queries import QueryLibrary  # noqa: E402
from graph_app.search import build as search_build  # noqa: E402
from graph_app.store import EmbeddedStore  # noqa: E402

TABLES = ("docs", "phrases", "vocab", "facets", "facet_values", "meta")
FTS_TABLES = ("fts", "phrase_fts", "vocab_tri")


def baseline(module: str, path: str, revision: str) -> ModuleType:
    """`module` as it was at `revision`, imported under another name in the same package."""
    source = subprocess.run(
        ["git", "show", f"{revision}:{path}"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    package, _, name = module.rpartition(".")
    spec = importlib.util.spec_from_loader(f"{package}._baseline_{name}", loader=None)
    loaded = importlib.util.module_from_spec(spec)
    loaded.__package__ = package
    sys.modules[spec.name] = loaded  # dataclasses look their module up there
    exec(compile(source, f"{revision}:{path}", "exec"), loaded.__dict__)  # our own file
    return loaded


def timed(action):  # any callable
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def index_contents(path: Path) -> dict[str, list]:
    """Every row of every table; the full-text tables as their term instances (fts5vocab)."""
    connection = sqlite3.connect(path)
    try:
        contents = {t: sorted(connection.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}
        for table in FTS_TABLES:
            connection.execute(f"CREATE VIRTUAL TABLE temp.v_{table} USING fts5vocab(main, {table}, 'instance')")
            contents[table] = sorted(connection.execute(f"SELECT * FROM temp.v_{table}").fetchall(), key=repr)
        schema = connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        contents["schema"] = [(t, n, " ".join((s or "").split())) for t, n, s in schema]
    finally:
        connection.close()
    return contents


def report(name: str, before: tuple[float, float], after: tuple[float, float], same: bool) -> None:
    print(
        f"{name:<28} before {before[0]:8.1f} s wall {before[1]:8.1f} s cpu | after {after[0]:7.1f} s wall "
        f"{after[1]:7.1f} s cpu | wall x{before[0] / after[0]:5.1f} cpu x{before[1] / after[1]:5.1f} | "
        f"{'identical results' if same else 'RESULTS DIFFER'}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=Path("/work/scale300/var"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench_build_steps"), help="where indexes go")
    parser.add_argument("--baseline", default="HEAD", help="git revision of the 'before' code")
    parser.add_argument("--steps", default="shacl,search,parallel")
    args = parser.parse_args()
    steps = args.steps.split(",")
    settings = Settings()
    store = EmbeddedStore(Layout(args.data_dir).current().store_path)
    library = QueryLibrary(settings.queries_dir)
    id_base = settings.base + "id/"
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"store: {store.path} ({store.triple_count():,} triples); before = {args.baseline}", flush=True)
    same = True

    def validate(module: ModuleType) -> list:
        return module.validate(store.select, settings.shapes_file)

    def index(module: ModuleType, name: str) -> Path:
        path = args.out / name
        path.unlink(missing_ok=True)
        module.build_index(store, library, path, id_base)
        return path

    if "shacl" in steps:
        old = baseline("graph_app.build.shacl_sparql", "graph_app/build/shacl_sparql.py", args.baseline)
        print(
            f"SHACL: {len(old.compile_shapes(settings.shapes_file))} queries before, "
            f"{len(shacl_sparql.compile_shapes(settings.shapes_file))} after",
            flush=True,
        )
        new_result, *after = timed(lambda: validate(shacl_sparql))
        old_result, *before = timed(lambda: validate(old))
        report("SHACL validation", before, after, old_result == new_result)
        same &= old_result == new_result
    if "search" in steps:
        old = baseline("graph_app.search.build", "graph_app/search/build.py", args.baseline)
        new_path, *after = timed(lambda: index(search_build, "after.sqlite"))
        old_path, *before = timed(lambda: index(old, "before.sqlite"))
        equal = index_contents(old_path) == index_contents(new_path)
        report("search index", before, after, equal)
        same &= equal
    if "parallel" in steps:
        # the two steps only read the store: one after the other, then in two threads
        _, sequential, _ = timed(lambda: (validate(shacl_sparql), index(search_build, "after.sqlite")))
        start = time.perf_counter()
        thread = threading.Thread(target=validate, args=(shacl_sparql,))
        thread.start()
        index(search_build, "after.sqlite")
        thread.join()
        parallel = time.perf_counter() - start
        print(
            f"{'both steps, after':<28} one after the other {sequential:7.1f} s | in two threads "
            f"{parallel:7.1f} s | x{sequential / parallel:4.2f}",
            flush=True,
        )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
