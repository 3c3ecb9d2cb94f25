"""Every named query file has a readable header, and parameter values are checked by type."""

from pathlib import Path

import pytest

from graph_app.queries import QueryError, QueryLibrary, parse_query_file

QUERIES = Path(__file__).parents[1] / "queries"


def test_every_query_file_has_title_description_and_valid_params():
    library = QueryLibrary(QUERIES)
    assert len(library.names()) >= 10
    for name in library.names():
        query = library.get(name)
        assert query.title and query.description, name
        assert query.form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), name
        for param in query.params:
            assert f"?{param.name}" in query.text, f"{name}: parameter {param.name} is never used"


def test_bad_param_line_names_file_and_line(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("#+ title: T\n#+ description: D\n#+ param: need iri sometimes The need\nSELECT * WHERE {}\n")
    with pytest.raises(QueryError, match=r"q\.rq:3: bad '#\+ param:' line"):
        parse_query_file(path, "q")


def test_missing_title_is_reported(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("#+ description: D\nSELECT * WHERE {}\n")
    with pytest.raises(QueryError, match="missing '#\\+ title:'"):
        parse_query_file(path, "q")


@pytest.mark.parametrize("name", ["../secret", "navigate/../../x", "a b", ""])
def test_query_names_cannot_reach_outside_the_folder(name):
    with pytest.raises(QueryError, match="invalid query name"):
        QueryLibrary(QUERIES).get(name)


def test_parameter_values_are_checked_by_type(tmp_path):
    path = tmp_path / "q.rq"
    path.write_text(
        "#+ title: T\n#+ description: D\n#+ param: months integer optional=12 Months\n"
        "#+ param: node iri required The node\nSELECT ?months ?node WHERE { }\n"
    )
    query = parse_query_file(path, "q")
    with pytest.raises(QueryError, match="parameter 'months': 'twelve' is not a valid integer"):
        query.terms({"months": "twelve", "node": "http://example.org/a"})
    with pytest.raises(QueryError, match="needs parameter 'node'"):
        query.terms({})
    with pytest.raises(QueryError, match="parameter 'node'"):
        query.terms({"node": "http://example.org/a> } DROP ALL {"})
    with pytest.raises(QueryError, match="has no parameter 'colour'"):
        query.terms({"node": "http://example.org/a", "colour": "red"})
    terms = query.terms({"node": "http://example.org/a"})
    assert str(terms["months"]) == '"12"^^<http://www.w3.org/2001/XMLSchema#integer>'
