"""Load: N concurrent clients for S seconds against a real gunicorn on loopback, mixing pages, search, SPARQL
and comment posts (each with its CSRF token). It stops by itself and reports requests served, p50/p95, the
5xx count (must be 0) and comments acknowledged (303) vs found in the private database afterwards, once the
server has stopped (must be equal).

    python tests/soak.py --clients 50 --seconds 60        (make soak: over the build in var/)

Rate limits are raised for this run only (wsgi_app below): 50 clients share one loopback address, and the
limits themselves are tested elsewhere; everything else is the app as deployed."""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import requests
from server_process import app_process

from graph_app.config import Settings

ROOT = Path(__file__).resolve().parents[1]
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
PAGES = [
    "/",
    "/glossary",
    "/id/need/autism",
    "/id/area/kent",
    "/id/pathway/ehc-needs-assessment",
    "/kinds/service",
    "/my-child?age=7&area=kent&need=autism",
    "/gaps",
    "/you-said-we-did",
    "/a-z/service",
    "/glossary.json",
]
SEARCHES = [
    "autism",
    "speech therapy",
    "short breaks kent",
    "ehc plan",
    "dyslexia",
    "wheelchair",
    "respite",
    "gets upset by loud noises",
]
QUERIES = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 50",
    "ASK { ?s a <https://w3id.org/se7-local-offer/def#Service> }",
]
COMMENT_PAGES = ["/id/need/autism", "/glossary", "/id/area/kent"]


def wsgi_app():  # gunicorn's app factory: `soak:wsgi_app()`
    from graph_app.web import create_app

    return create_app({"COMMENT_LIMIT": (1_000_000, 60.0), "SPARQL_RATE": (1_000_000, 60.0)})


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    acknowledged: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, started: float, status: int) -> None:
        with self.lock:
            self.latencies.append(time.monotonic() - started)
            self.statuses[status] += 1
            self.kinds[kind] += 1


def client(base: str, deadline: float, tally: Tally, run: str, number: int, comment_share: float) -> None:
    session = requests.Session()
    rng = random.Random(number)
    sent = 0
    while time.monotonic() < deadline:
        roll = rng.random()
        started = time.monotonic()
        try:
            if roll < comment_share:
                page = rng.choice(COMMENT_PAGES)
                form = session.get(f"{base}/comments/new", params={"page": page}, timeout=30)
                tally.add("comment form", started, form.status_code)
                found = TOKEN.search(form.text)
                if not found:
                    continue
                marker = f"soak {run} {number} {sent}"
                sent += 1
                started = time.monotonic()
                posted = session.post(
                    f"{base}/comments",
                    allow_redirects=False,
                    timeout=30,
                    data={
                        "csrf_token": found.group(1),
                        "page": page,
                        "comment": f"{marker}: this page helped <b>us</b>",
                        "name": "",
                        "email": "",
                    },
                )
                tally.add("comment post", started, posted.status_code)
                if posted.status_code == 303:
                    with tally.lock:
                        tally.acknowledged.add(marker)
            elif roll < comment_share + 0.15:
                response = session.get(
                    f"{base}/sparql",
                    params={"query": rng.choice(QUERIES)},
                    timeout=30,
                    headers={"Accept": "application/sparql-results+json"},
                )
                tally.add("sparql", started, response.status_code)
            elif roll < comment_share + 0.40:
                response = session.get(f"{base}/search", params={"q": rng.choice(SEARCHES)}, timeout=30)
                tally.add("search", started, response.status_code)
            else:
                response = session.get(base + rng.choice(PAGES), timeout=30)
                tally.add("page", started, response.status_code)
        except requests.RequestException as error:
            with tally.lock:
                tally.errors.append(f"{type(error).__name__}: {error}"[:200])
                tally.statuses[0] += 1


def comments_found(private_db: Path, run: str) -> set[str]:
    with sqlite3.connect(private_db) as conn:
        rows = conn.execute("SELECT body FROM comments WHERE body LIKE ?", (f"soak {run} %",)).fetchall()
    return {body.split(":", 1)[0] for (body,) in rows}


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def soak(
    data_dir: Path,
    clients: int,
    seconds: float,
    private_db: Path,
    workers: int = 3,
    threads: int = 8,
    comment_share: float = 0.1,
) -> dict:
    """Run the load and return the figures (the server is stopped before comments are counted)."""
    settings = replace(Settings(), data_dir=data_dir, private_db_path=private_db)
    # the first request (/glossary) builds the app's caches
    server = app_process(
        settings, app_factory="soak:wsgi_app()", workers=workers, threads=threads, ready_path="/glossary"
    )
    base = server.start().url
    run = uuid.uuid4().hex[:8]
    tally = Tally()
    try:
        deadline = time.monotonic() + seconds
        started = time.monotonic()
        threads_ = [
            threading.Thread(target=client, args=(base, deadline, tally, run, n, comment_share)) for n in range(clients)
        ]
        for thread in threads_:
            thread.start()
        for thread in threads_:
            thread.join(timeout=seconds + 60)
        elapsed = time.monotonic() - started
    finally:
        server.stop()  # gunicorn finishes requests in flight, then exits
    found = comments_found(private_db, run)
    served = sum(count for status, count in tally.statuses.items() if status)
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": served,
        "per_second": round(served / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(percentile(tally.latencies, 0.50) * 1000),
        "p95_ms": round(percentile(tally.latencies, 0.95) * 1000),
        "status_5xx": sum(count for status, count in tally.statuses.items() if status >= 500),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "kinds": dict(tally.kinds),
        "connection_errors": len(tally.errors),
        "first_errors": tally.errors[:3],
        "comments_acknowledged": len(tally.acknowledged),
        "comments_found": len(found),
        "comments_lost": sorted(tally.acknowledged - found)[:10],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        figures = soak(args.data_dir, args.clients, args.seconds, Path(tmp) / "private.sqlite", workers=args.workers)
    print(json.dumps(figures, indent=2))
    ok = (
        figures["status_5xx"] == 0
        and figures["connection_errors"] == 0
        and figures["comments_acknowledged"] == figures["comments_found"]
        and not figures["comments_lost"]
    )
    print("PASS" if ok else "FAIL", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
