"""Benchmark: bytes on the wire for a record page in a real Chromium (Playwright, Debian's /usr/bin/chromium)
against gunicorn serving a scale-1 build: first view (empty cache) and repeat view (same browser context,
so its HTTP cache is warm). Sums the DevTools Network.loadingFinished encodedDataLength of every request.

    .venv/bin/python bench/page_weight.py [--reuse DATA_DIR] [--path /id/service/...]

Targets (issue 14): first view <= 150 KB, repeat view <= 30 KB.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_build_and_page import prepare_sources  # noqa: E402
from http_load import gunicorn  # noqa: E402

from graph_app.build import run_build  # noqa: E402
from graph_app.config import Settings  # noqa: E402

FIRST_TARGET_KB, REPEAT_TARGET_KB = 150, 30


def view(page, cdp, url: str) -> tuple[int, dict[str, int]]:
    """Load `url` and wait for the network to go quiet; total and per-URL encoded bytes."""
    urls: dict[str, str] = {}
    sizes: dict[str, int] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(urls.get(e["requestId"], e["requestId"]), int(e["encodedDataLength"])),
    )
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return sum(sizes.values()), sizes


def measure(base: str, path: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context()
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        for name, target in (("first view", FIRST_TARGET_KB), ("repeat view", REPEAT_TARGET_KB)):
            total, sizes = view(page, cdp, base + path)
            verdict = "meets" if total / 1024 <= target else "MISSES"
            print(
                f"{name}: {total / 1024:.1f} KB on the wire in {len(sizes)} requests (target <= {target} KB: {verdict})"
            )
            for url, size in sorted(sizes.items(), key=lambda item: -item[1]):
                print(f"    {size / 1024:8.1f} KB  {url.replace(base, '')[:100]}")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", type=Path, help="an existing build's data dir (skips building)")
    parser.add_argument("--path", default="/id/need/autism", help="the record page to load")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        data_dir = args.reuse
        if data_dir is None:
            ontology, data = prepare_sources(Path(workdir), scale=1)
            settings = replace(Settings(), data_dir=Path(workdir) / "var", sources=(ontology, data))
            run_build(settings)
            data_dir = settings.data_dir
        with gunicorn(data_dir, workers=1) as base:
            print(f"# {args.path} at scale 1, gunicorn on {base}, Chromium /usr/bin/chromium")
            measure(base, args.path)


if __name__ == "__main__":
    main()
