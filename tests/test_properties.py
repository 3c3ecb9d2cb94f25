"""Property-based tests (hypothesis) over the parts that take strangers' input: parameter binding into SPARQL,
search text, the ORUK and GIAS importers' record mapping, and the JSON twins. A few dozen examples each in
the normal run (profile "ci"); HYPOTHESIS_PROFILE=thorough runs many more."""

from __future__ import annotations

import os
from datetime import date

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_app.binding import bind, blank_comments_and_strings
from graph_app.config import PROJECT_ROOT
from graph_app.importers import oruk
from graph_app.importers.gias import REQUIRED_COLUMNS, GiasContext, map_rows
from graph_app.importers.records import ImportFailed, Problem
from graph_app.importers.vocabulary import load_vocabulary
from graph_app.layout import Layout
from graph_app.search import text as search_text
from graph_app.search.index import SearchIndex

settings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# any text a form or URL can carry (no lone surrogates: they cannot be encoded as UTF-8)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
HOSTILE = st.one_of(
    TEXT,
    st.sampled_from(
        [
            '" } ; DROP ALL ; #',
            "<x> } UNION { ?s ?p ?o",
            "\\",
            '"""',
            "'''",
            "\n#",
            "}}}",
            "?s ?p ?o",
            "\u0000",
            "a>b",
            "WHERE {",
        ]
    ),
)
EMPTY = ox.Store()


@given(value=HOSTILE)
def test_a_bound_literal_comes_back_exactly_and_adds_no_rows(value):
    query = bind('SELECT ?v WHERE { # a comment with WHERE {\n FILTER("WHERE {" != "") }', {"v": ox.Literal(value)})
    rows = list(EMPTY.query(query))
    assert len(rows) == 1
    assert rows[0]["v"] == ox.Literal(value)


@given(value=HOSTILE)
def test_an_iri_is_bound_exactly_or_refused(value):
    try:
        term = ox.NamedNode("https://example.org/" + value)
    except ValueError:
        return  # refused before it reaches any query
    rows = list(EMPTY.query(bind("SELECT ?v WHERE { }", {"v": term})))
    assert [r["v"] for r in rows] == [term]


@given(query=HOSTILE)
def test_blanking_keeps_every_position(query):
    blanked = blank_comments_and_strings(query)
    assert len(blanked) == len(query)
    assert [i for i, c in enumerate(query) if c == "\n" and blanked[i] != "\n" and blanked[i] != " "] == []


@given(text=HOSTILE)
def test_search_text_analysis_never_fails(text):
    terms = search_text.terms(text)
    assert all(isinstance(t, str) and t and not any(c.isspace() for c in t) for t in terms)
    assert search_text.normalise(text) == " ".join(terms)


@pytest.fixture(scope="module")
def index(built):
    return SearchIndex(Layout(built.data_dir).current().search_path)


@given(text=HOSTILE, limit=st.integers(min_value=0, max_value=50), offset=st.integers(min_value=0, max_value=10**6))
def test_search_over_the_real_index_never_fails(index, text, limit, offset):
    results = index.search(text, limit=limit, offset=offset)
    assert len(results.hits) <= limit
    assert len(index.suggest(text)) <= 8


VOCABULARY = load_vocabulary(PROJECT_ROOT)
MAPPINGS = PROJECT_ROOT / "data" / "mappings"
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=20,
)
ORUK_FIELDS = [
    "id",
    "name",
    "description",
    "url",
    "email",
    "status",
    "organization",
    "eligibilitys",
    "service_areas",
    "taxonomy_terms",
    "attributes",
    "contacts",
    "min_age",
    "max_age",
    "last_modified",
]
SERVICE = st.fixed_dictionaries({}, optional={name: JSON for name in ORUK_FIELDS})
DOCUMENT = st.one_of(
    JSON,
    SERVICE,
    st.fixed_dictionaries(
        {"contents": st.lists(SERVICE, max_size=4)}, optional={"total_items": JSON, "total_pages": JSON}
    ),
)


@given(document=DOCUMENT)
def test_oruk_mapping_reports_or_maps_every_record_and_never_crashes(document):
    context = oruk.Context("kent", VOCABULARY, MAPPINGS, rdflib.Literal("hypothesis.json"), None, date(2026, 11, 28))
    try:
        result = oruk.map_document([document], context)
    except ImportFailed as error:
        assert error.message  # a whole-document problem, in words
        return
    assert all(isinstance(p, Problem) and p.field and p.reason for p in result.problems)
    for record in result.records:
        assert record.triples


GIAS_ROW = st.fixed_dictionaries(
    {
        column: st.one_of(
            TEXT, st.sampled_from(["886", "Kent", "4", "11", "Primary", "Community special school", "ME1 1AA"])
        )
        for column in REQUIRED_COLUMNS
    }
)


@given(rows=st.lists(GIAS_ROW, max_size=5))
def test_gias_mapping_accounts_for_every_row(rows):
    context = GiasContext(None, VOCABULARY, MAPPINGS, rdflib.Literal("hypothesis.csv"), date(2026, 11, 28))
    result = map_rows(rows, context)
    assert result.read == {"establishments": len(rows)}
    assert len(result.records) + len(result.problems) == len(rows)


@pytest.fixture(scope="module")
def twin_client(built, make_module_app):
    app = make_module_app(built, TESTING=False)
    return app.test_client()


@given(q=HOSTILE, area=HOSTILE, age=HOSTILE, need=st.lists(HOSTILE, max_size=3), page=HOSTILE)
@settings(max_examples=15 if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci" else 200)
def test_json_twins_answer_json_for_any_parameters(twin_client, q, area, age, need, page):
    for path, args in (
        ("/search.json", {"q": q, "area": area, "page": page}),
        ("/my-child.json", {"age": age, "area": area, "need": need}),
        ("/glossary.json", {"q": q}),
        ("/path.json", {"from": q, "to": area}),
    ):
        response = twin_client.get(path, query_string=args)
        assert response.status_code < 500, (path, args)
        assert response.is_json, (path, args, response.status_code)
        assert response.get_json() is not None
