"""'My child': server-side time of the whole personal map (every query, the names and the HTML), median of
repeated requests through the Flask app over the current build (GRAPH_APP_DATA_DIR, default var/).
Target: <= 50 ms at sample scale.

    GRAPH_APP_DATA_DIR=/tmp/me/var .venv/bin/python bench/bench_mychild.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from graph_app.config import settings_from_env
from graph_app.web import create_app

CHOICES = [
    "age=7&area=kent&need=autism",
    "age=16&area=tunbridge-wells&need=mental-health",
    "age=11&area=surrey&need=dyslexia&need=adhd&need=anxiety",
    "age=7&area=kent&need=not-sure",
    "age=3&area=brighton-and-hove&need=broad-communication-and-interaction&need=broad-cognition-and-learning"
    "&need=broad-social-emotional-mental-health&need=broad-sensory-and-physical",
]
TARGET_MS = 50.0


def median_ms(client, path: str, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds; CPU time is the honest figure on a busy machine, where the
    wall clock also counts time spent waiting for a core."""
    client.get(path)  # warm: memoised need and area lists, templates compiled
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    client = create_app({"TESTING": True}, settings=settings_from_env()).test_client()
    print(f"{'choice':70s} {'html wall':>9s} {'html cpu':>9s} {'json wall':>9s} {'json cpu':>9s}  (median ms)")
    worst = 0.0
    for choice in CHOICES:
        html, html_cpu = median_ms(client, "/my-child?" + choice, args.repeat)
        twin, twin_cpu = median_ms(client, "/my-child.json?" + choice, args.repeat)
        worst = max(worst, html_cpu, twin_cpu)
        print(f"{choice[:70]:70s} {html:9.1f} {html_cpu:9.1f} {twin:9.1f} {twin_cpu:9.1f}")
    print(f"worst median CPU {worst:.1f} ms (target {TARGET_MS:.0f} ms): {'ok' if worst <= TARGET_MS else 'OVER'}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: wall times above include waiting for one")


if __name__ == "__main__":
    main()
