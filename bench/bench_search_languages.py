"""Benchmark: search in English, Welsh and Polish on one build, as the fastest of N runs per query.

The shared machines these run on are noisy (other builds, browsers and benches at the same time), so a
median can move by several times between two runs of the same code; the fastest of many runs of one query,
each with the index's memory of recent queries emptied, is what the code costs. Run it on a build made
before and after a change to search and compare the sums: issue 16 measured English before and after the
Welsh and Polish analysis this way (0.97 after/before, same store, same machine).

    .venv/bin/python bench/bench_search_languages.py [DATA_DIR] [--runs 40]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import QUERIES  # noqa: E402

from graph_app.layout import Layout  # noqa: E402
from graph_app.search import SearchIndex  # noqa: E402

OTHER_LANGUAGES = [
    ("autyzm", ("pl",)),
    ("dziecko z autyzmem", ("pl",)),
    ("sluch", ("pl",)),
    ("awtistiaeth", ("cy",)),
    ("ei hawtistiaeth", ("cy",)),
    ("nam ar ei glyw", ("cy",)),
    ("autyzmu", ()),  # an English page: the word is tried in every language the index holds
]


def fastest_ms(index: SearchIndex, text: str, languages: tuple[str, ...], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        index._recent_values.clear()  # each run costs what a new query costs
        started = time.perf_counter()
        index.search(text, counts=True, languages=languages)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default=str(ROOT / "var"))
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    index = SearchIndex(Layout(Path(args.data_dir)).current().search_path)
    index.search("warm up", counts=True)
    english = [(text, fastest_ms(index, text, (), args.runs)) for text in QUERIES]
    others = [(text, langs, fastest_ms(index, text, langs, args.runs)) for text, langs in OTHER_LANGUAGES]
    for text, ms in english:
        print(f"  en  {text[:45]:45} {ms:7.2f} ms")
    for text, langs, ms in others:
        print(f"  {'+'.join(langs) or 'any':3} {text[:45]:45} {ms:7.2f} ms")
    print(f"English: {len(english)} queries, sum of fastest {sum(ms for _t, ms in english):.2f} ms")
    print(f"Welsh and Polish: {len(others)} queries, sum of fastest {sum(ms for _t, _l, ms in others):.2f} ms")


if __name__ == "__main__":
    main()
