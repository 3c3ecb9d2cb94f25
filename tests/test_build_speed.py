"""The build's faster paths (issue 20) against their straightforward versions on the sample: the same answers,
so each test fails if a shortcut ever changes a result.

- build steps that only read the store run side by side, and a failure is the one the steps in order give;
- the search index, written beside the other read-only steps (before the build's own metadata), is the
  index written from the finished store;
- the index's text query skips exactly the kinds the index never keeps; its facet rows of those kinds are
  dropped in Python, the same rows as a query filtered by kind;
- `fold` skips Unicode decomposition for ASCII text, and a node's body terms come from each text's cached
  words: both equal the uncached computation.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest

from graph_app.binding import bind
from graph_app.build.errors import BuildError
from graph_app.build.pipeline import _Steps
from graph_app.layout import Layout
from graph_app.search import build as search_build
from graph_app.search.text import _APOSTROPHES, fold, terms

TABLES = ("docs", "phrases", "vocab", "lang_vocab", "facets", "facet_values", "best_bets", "provisions", "meta")
FTS_TABLES = ("fts", "phrase_fts", "vocab_tri")


def index_contents(path: Path) -> dict[str, list]:
    """Every row of every table; the contentless full-text tables as their term instances (fts5vocab)."""
    connection = sqlite3.connect(path)
    try:
        contents = {t: sorted(connection.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}
        for table in FTS_TABLES:
            connection.execute(f"CREATE VIRTUAL TABLE temp.v_{table} USING fts5vocab(main, {table}, 'instance')")
            contents[table] = sorted(connection.execute(f"SELECT * FROM temp.v_{table}").fetchall(), key=repr)
    finally:
        connection.close()
    return contents


def differences(left: dict[str, list], right: dict[str, list]) -> list[str]:
    """Per table, how many rows only one side has and a few of them: a short message, where pytest's own
    diff of 650,000 rows ran past the test's time limit."""
    found = []
    for table in left.keys() | right.keys():
        only_left = set(left.get(table, [])) - set(right.get(table, []))
        only_right = set(right.get(table, [])) - set(left.get(table, []))
        if only_left or only_right:
            found.append(
                f"{table}: {len(only_left)} rows only in the first, e.g. {sorted(only_left, key=repr)[:2]}; "
                f"{len(only_right)} only in the second, e.g. {sorted(only_right, key=repr)[:2]}"
            )
    return found


def test_read_only_steps_run_side_by_side() -> None:
    """Each step waits for the other to start: run one after the other, the first would time out."""
    started = [threading.Event(), threading.Event()]

    def step(mine: int) -> int:
        started[mine].set()
        assert started[1 - mine].wait(timeout=20), "the steps did not run side by side"
        return mine

    assert _Steps(lambda line: None).run_together([("a", lambda: step(0)), ("b", lambda: step(1))]) == [0, 1]


def test_first_failure_in_step_order_is_raised_after_every_step_ends() -> None:
    """The later step fails first; the build still reports the earlier step's error, as when run in order,
    and only once every step has ended (no step still reading a store the build is about to discard)."""
    later_failed = threading.Event()
    ended: list[str] = []

    def checks() -> None:
        later_failed.wait(timeout=20)
        ended.append("checks")
        raise BuildError("3 records contradict the ontology", ["a"])

    def shacl() -> None:
        ended.append("shacl")
        later_failed.set()
        raise BuildError("2 SHACL violations", ["b"])

    def index() -> None:
        ended.append("index")

    with pytest.raises(BuildError, match="records contradict"):
        _Steps(lambda line: None).run_together([("checks", checks), ("shacl", shacl), ("index", index)])
    assert sorted(ended) == ["checks", "index", "shacl"]


def test_index_beside_the_checks_equals_the_index_of_the_finished_store(built, embedded_store, library, tmp_path):
    """The build writes the index before its dataset metadata: the same index as one written afterwards."""
    written_by_build = Layout(built.data_dir).current().search_path
    again = tmp_path / "again.sqlite"
    search_build.build_index(embedded_store, library, again, built.base + "id/")
    assert not differences(index_contents(again), index_contents(written_by_build))


INDEX_IN_A_CHILD = """
import sys
from pathlib import Path
from graph_app.queries import QueryLibrary
from graph_app.search.build import build_index
from graph_app.store import EmbeddedStore
store_path, queries, target, id_base = sys.argv[1:]
build_index(EmbeddedStore(Path(store_path)), QueryLibrary(Path(queries)), Path(target), id_base)
"""


def test_the_index_is_the_same_whatever_the_process(built, tmp_path):
    """Two processes with different string hashing (PYTHONHASHSEED) write the same index of one store: words
    gathered in sets were once written in set order, so a build's index differed from the same store's index
    written by another process (CI: the shared build is made by whichever test worker asks first)."""
    current = Layout(built.data_dir).current()
    written = []
    for seed in ("1", "2"):
        target = tmp_path / f"seed-{seed}.sqlite"
        subprocess.run(
            [
                sys.executable,
                "-c",
                INDEX_IN_A_CHILD,
                str(current.store_path),
                str(built.queries_dir),
                str(target),
                built.base + "id/",
            ],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            timeout=300,
        )
        written.append(index_contents(target))
    assert not differences(*written)


@pytest.mark.parametrize("name", ["search/texts"])
def test_index_queries_skip_exactly_the_unindexed_kinds(name, embedded_store, library, built) -> None:
    """The rows of the query equal those of the query without its kind filter, less the unindexed kinds."""
    id_base = built.base + "id/"
    query = library.get(name)
    skipped = set(re.findall(r'!STRSTARTS\(STR\(\?node\), CONCAT\(\?idbase, "([\w-]+)/"\)\)', query.text))
    assert skipped == search_build.UNINDEXED_KINDS
    unfiltered = re.sub(r'\s*&& !STRSTARTS\(STR\(\?node\), CONCAT\(\?idbase, "[\w-]+/"\)\)', "", query.text)
    assert unfiltered != query.text
    terms_ = query.terms({"idbase": id_base})
    everything = embedded_store.select_table(bind(unfiltered, terms_))
    kept = embedded_store.select_table(bind(query.text, terms_))
    expected = sorted(r for r in everything if search_build.kind_of(r[0], id_base) not in search_build.UNINDEXED_KINDS)
    assert sorted(kept) == expected
    assert len(kept) < len(everything)  # the sample has answers and contacts: something was skipped


def straightforward_fold(text: str) -> str:
    """`fold` as it was: every text decomposed, whatever its characters."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES).lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def sample_texts(embedded_store, library, built) -> list[str]:
    rows = library.select_table(embedded_store, "search/texts", idbase=built.base + "id/")
    return sorted({row[2] for row in rows})


def test_fold_equals_decomposing_every_text(embedded_store, library, built) -> None:
    tricky = ["Słuch", "CAFÉ", "Cymraeg: â ŵ ŷ", "council’s", "İstanbul", "ﬁnancial", "½ day", "plain ASCII's"]
    texts = sample_texts(embedded_store, library, built) + tricky
    assert any(not t.isascii() for t in texts) and any(t.isascii() for t in texts)
    assert [fold(t) for t in texts] == [straightforward_fold(t) for t in texts]


def test_cached_body_terms_equal_terms_of_the_joined_text(embedded_store, library, built) -> None:
    id_base = built.base + "id/"
    nodes = search_build._collect(embedded_store, library, id_base)
    cache = search_build._Words()
    several = [node for node in nodes.values() if len(node.bodies) > 1]
    assert several, "the sample has records with more than one description"
    for node in nodes.values():
        assert search_build._fts_values(node, cache) == search_build._fts_values(node, None), node.iri
    # the stop-word rule looks at the whole text: "the and" alone keeps its words, beside "autism" it does not
    for texts in (["the", "and"], ["the", "autism"], ["Speech and language", "the"], ["council's", "it’s ok"]):
        assert cache.joined_terms(texts) == terms(" ".join(texts))


def test_facets_of_unindexed_kinds_are_dropped_in_python(embedded_store, library, built) -> None:
    """The facets query no longer tests each row's IRI against every unindexed kind (that cost more CPU than
    the extra rows): the facet rows the index keeps equal those of the query filtered by kind in SPARQL."""
    id_base = built.base + "id/"
    query = library.get("search/facets")
    unindexed = sorted(search_build.UNINDEXED_KINDS)
    kinds = " ".join(f'&& !STRSTARTS(STR(?node), CONCAT(?idbase, "{k}/"))' for k in unindexed)
    prefix = "FILTER(STRSTARTS(STR(?node), ?idbase)"
    filtered = query.text.replace(prefix + ")", f"{prefix} {kinds})")
    assert filtered != query.text
    terms_ = query.terms({"idbase": id_base})
    by_kind = embedded_store.select_table(bind(filtered, terms_))
    rows = search_build._facet_rows(embedded_store, library, id_base)
    assert len(rows) > len(by_kind)  # the sample's contacts and answers have facets: the query returns more
    nodes = search_build._collect(embedded_store, library, id_base)
    ids = {iri: number for number, iri in enumerate(sorted(nodes), 1)}
    assert search_build._facets(ids, rows, id_base) == search_build._facets(ids, by_kind, id_base)


def test_manifest_records_each_steps_cpu_time(built) -> None:
    """bench/bench_build_speed.py compares steps by CPU time, steadier than wall time on a shared machine."""
    manifest = json.loads(Layout(built.data_dir).current().manifest_path.read_text())
    assert list(manifest["cpu_timings"]) == list(manifest["timings"])
    assert all(seconds >= 0 for seconds in manifest["cpu_timings"].values())
    reading = next(iter(manifest["timings"]))
    assert reading.startswith("Reading") and manifest["cpu_timings"][reading] > 0
