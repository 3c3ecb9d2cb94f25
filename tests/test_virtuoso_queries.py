"""Every named query gives the same answer on a real Virtuoso Open Source server (`make test-virtuoso`)
as on the embedded Oxigraph store that was built: the same rows, and in the same order wherever the
query orders them. Run only in that store mode (GRAPH_APP_TEST_STORE=virtuoso).

What may differ, and is compared loosely here (see docs/deployment.md): the order of the pieces of a
GROUP_CONCAT and its language tag (SPARQL defines neither; compared as the set of pieces), the last digits
of a computed decimal (compared to 12 significant digits), blank node labels (CONSTRUCT compared on its
ground triples and its size), and which rows a LIMIT without ORDER BY picks where any will do (COUNT_ONLY)."""

from __future__ import annotations

import re
from decimal import Decimal

import pyoxigraph as ox
import pytest
from build_helpers import STORE_MODE
from test_queries_run import EXAMPLE_VALUES, LIBRARY, OVERRIDES

from graph_app.store import RemoteStore

pytestmark = pytest.mark.skipif(STORE_MODE != "virtuoso", reason="make test-virtuoso runs these")


@pytest.fixture(scope="module")
def virtuoso(served) -> RemoteStore:
    return RemoteStore(served.sparql_url)


# a LIMIT without ORDER BY where any rows will do: how many is compared, not which
COUNT_ONLY = {"build/checks/term_example", "live/class_size"}
XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
XSD_DOUBLE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#double")
GROUP_CONCAT = re.compile(r"GROUP_CONCAT\((.*?)\)\s+AS\s+\?(\w+)", re.IGNORECASE | re.DOTALL)
SEPARATOR = re.compile(r'SEPARATOR\s*=\s*"((?:[^"\\]|\\.)*)"', re.IGNORECASE)


def _concatenated(text: str) -> dict[str, str]:
    """GROUP_CONCAT variables and their separators."""
    found = {}
    for inner, name in GROUP_CONCAT.findall(text):
        separator = SEPARATOR.search(inner)
        found[name] = separator.group(1).encode().decode("unicode_escape") if separator else " "
    return found


def _key(row: dict, concatenated: dict[str, str]) -> tuple:
    items = []
    for name, term in row.items():
        if name in concatenated:
            # the list's items, empty ones left out (an empty text stands for "none" where an unbound value
            # would crash Virtuoso inside GROUP_CONCAT DISTINCT: navigate/mychild_settings_nearby*); a list with
            # no items is left out whole, as Virtuoso 7 leaves a GROUP_CONCAT of only empty texts unbound
            listed = sorted(p for p in term.value.split(concatenated[name]) if p)
            if listed:
                items.append((name, str(listed)))
        elif isinstance(term, ox.Literal) and term.datatype in (XSD_DECIMAL, XSD_DOUBLE):
            items.append((name, f"{Decimal(term.value):.12g}"))
        else:
            items.append((name, str(term)))
    return tuple(sorted(items))


# second cases that found Virtuoso compiler errors the examples miss (a district alone: reach 0)
MORE_CASES = [
    (name, {"reach": "0", "area": "https://w3id.org/se7-local-offer/id/area/swale"})
    for name in ("navigate/mychild_settings_nearby", "navigate/mychild_settings_nearby_any_need")
]


# Known Virtuoso defects, strict-xfailed (a test fails once the defect is mended). Found and
# worked round 2026-12-07: joining a DISTINCT sub-select of Kent's records with `?record ?p ?o` outside it lost
# 2 statements; queries/export/dump_area.rq now reads the statements inside the sub-select.
VIRTUOSO_DEFECTS: dict[str, str] = {}


@pytest.mark.parametrize(("name", "more"), [(name, {}) for name in LIBRARY.names()] + MORE_CASES)
def test_named_query_same_on_virtuoso(name, more, embedded_store, virtuoso, request):
    if name in VIRTUOSO_DEFECTS:
        request.applymarker(pytest.mark.xfail(strict=True, reason=VIRTUOSO_DEFECTS[name]))
    query = LIBRARY.get(name)
    values = {p.name: EXAMPLE_VALUES[p.name] for p in query.params} | OVERRIDES.get(name, {}) | more
    if query.form == "ASK":
        assert LIBRARY.ask(virtuoso, name, **values) == LIBRARY.ask(embedded_store, name, **values)
        return
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        terms = query.terms(values)
        expected, got = embedded_store.construct(query.text, terms), virtuoso.construct(query.text, terms)
        assert len(got) == len(expected)
        assert {str(t) for t in got if _ground(t)} == {str(t) for t in expected if _ground(t)}
        return
    expected = LIBRARY.select(embedded_store, name, **values)
    got = LIBRARY.select(virtuoso, name, **values)
    if name in COUNT_ONLY:
        assert len(got) == len(expected)
        return
    concatenated = _concatenated(query.text)
    expected_keys, got_keys = [_key(r, concatenated) for r in expected], [_key(r, concatenated) for r in got]
    assert sorted(got_keys) == sorted(expected_keys)
    if re.search(r"^\s*ORDER BY", query.text, re.MULTILINE | re.IGNORECASE):
        assert got_keys == expected_keys, "the same rows in another order"


def _ground(triple: ox.Triple) -> bool:
    return not isinstance(triple.subject, ox.BlankNode) and not isinstance(triple.object, ox.BlankNode)
