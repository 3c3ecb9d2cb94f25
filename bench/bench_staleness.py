"""Staleness everywhere (issue 16): what saying "May be out of date" costs the pages that list records.
Each page is timed twice in one run, side by side: as served (one extra batched query, navigate/last_checked,
for the whole list) and with that query answered by nothing (core/staleness.checked_map returning no dates),
so the difference is the cost of the tag. Median CPU and wall milliseconds of repeated requests through the
Flask app over the current build (GRAPH_APP_DATA_DIR, default var/). Compare the ratio on a busy machine.

    GRAPH_APP_DATA_DIR=/tmp/me/var .venv/bin/python bench/bench_staleness.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from contextlib import contextmanager

from graph_app.config import settings_from_env
from graph_app.web import create_app
from graph_app.web.commission import views
from graph_app.web.core import staleness
from graph_app.web.explore import node_page
from graph_app.web.map import nodes
from graph_app.web.mychild import map_builder
from graph_app.web.search import results

USERS = [staleness, node_page, nodes, map_builder, results]  # every module that reads the dates

PAGES = [
    "/kinds/service?page=2",
    "/search?q=speech+therapy&area=all",
    "/my-child?age=7&area=kent&need=autism",
    "/id/area/kent",
    "/map/neighbourhood?node=/id/need/autism",
    "/gaps/report/kent",
]


@contextmanager
def no_dates():
    """Every list as before this change: the batched date query finds nothing to say."""
    real = {module: module.checked_map for module in USERS}
    real_report = views.out_of_date_report
    for module in USERS:
        module.checked_map = lambda graph, iris, today=None: {}
    views.out_of_date_report = lambda graph, council, councils, today=None: {"by_council": [], "records": []}
    try:
        yield
    finally:
        for module, function in real.items():
            module.checked_map = function
        views.out_of_date_report = real_report


def median_ms(client, path: str, repeat: int, salt: str) -> tuple[float, float]:
    wall, cpu = [], []
    for n in range(repeat + 1):
        sep = "&" if "?" in path else "?"
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(f"{path}{sep}bench={salt}{n}")  # a new address each time: no page cache
        if n:  # the first request warms templates and memos
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    app = create_app({"TESTING": True}, settings=settings_from_env())
    client = app.test_client()
    head = ("page", "with tag cpu", "without cpu", "ratio", "with wall", "without wall")
    print("{:40s} {:>12s} {:>12s} {:>6s} {:>10s} {:>12s}".format(*head))
    for path in PAGES:
        with_wall, with_cpu = median_ms(client, path, args.repeat, "a")
        with no_dates():
            without_wall, without_cpu = median_ms(client, path, args.repeat, "b")
        ratio = with_cpu / without_cpu if without_cpu else float("nan")
        cells = (path[:40], with_cpu, without_cpu, ratio, with_wall, without_wall)
        print("{:40s} {:12.1f} {:12.1f} {:6.2f} {:10.1f} {:12.1f}".format(*cells))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (median ms; CPU is the honest figure)")


if __name__ == "__main__":
    main()
