"""The version comparison shows only real changes (graph_app/live/comparable.py, staff/editing.py compare()):
the sample data writes a cost as "Free." and the form writes "Free."@en, which compared as raw triples was a
false "Cost changed" on every first save."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from live_helpers import LO, copy_build, current_store, form_data
from staff_helpers import login, make_staff

from graph_app.live import comparable

S = ox.NamedNode("https://w3id.org/se7-local-offer/id/service/example")
XSD = "http://www.w3.org/2001/XMLSchema#"


def _t(predicate: str, value: ox.NamedNode | ox.Literal) -> ox.Triple:
    return ox.Triple(S, ox.NamedNode(predicate), value)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (ox.Literal("Free."), ox.Literal("Free.", language="en")),  # the false "Cost changed"
        (ox.Literal("Free.", language="EN"), ox.Literal("Free.", language="en")),
        (ox.Literal("Line one\r\nline two "), ox.Literal("Line one\nline two", language="en")),  # a textarea's CRLF
        (
            ox.Literal("5.0", datatype=ox.NamedNode(XSD + "decimal")),
            ox.Literal("5", datatype=ox.NamedNode(XSD + "decimal")),
        ),
        (
            ox.Literal("1", datatype=ox.NamedNode(XSD + "boolean")),
            ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
        ),
        (
            ox.Literal("https://example.org/a", datatype=ox.NamedNode(XSD + "anyURI")),
            ox.NamedNode("https://example.org/a"),
        ),
    ],
)
def test_the_same_value_spelt_differently_is_no_change(old, new):
    assert comparable.real_changes([_t(LO + "cost", old)], [_t(LO + "cost", new)]) == ([], [])
    assert comparable.changed_properties([_t(LO + "cost", old)], [_t(LO + "cost", new)], S.value) == []


def test_a_different_value_a_different_language_and_derived_statements():
    old = [_t(LO + "cost", ox.Literal("Free.")), _t(LO + "forAgeBand", ox.NamedNode("https://example.org/band"))]
    new = [
        _t(LO + "cost", ox.Literal("£5 a session", language="en")),
        _t(LO + "cost", ox.Literal("Am ddim.", language="cy")),
    ]
    added, removed = comparable.real_changes(old, new)
    assert {t.object.value for t in added} == {"£5 a session", "Am ddim."}
    assert [t.object.value for t in removed] == ["Free."]  # the age band is derived again by the rules
    assert comparable.changed_properties(old, new, S.value) == [LO + "cost"]


# -- through the app: the compare page --------------------------------------------------------------------
@pytest.fixture(scope="module")
def compare_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("compare") / "data")


@pytest.fixture(scope="module")
def compare_app(compare_settings, make_module_app):
    return make_module_app(compare_settings)


def _untagged_cost_services(settings) -> list[tuple[str, str]]:
    """(provider, slug) of services whose cost the data gives without a language tag, as the sample does."""
    rows = current_store(settings).select(
        f"SELECT ?provider ?service WHERE {{ ?service a <{LO}Service> ; <{LO}providedBy> ?provider ; "
        f'<{LO}cost> ?cost FILTER(lang(?cost) = "") }} ORDER BY ?service LIMIT 2'
    )
    assert len(rows) == 2, "the sample has no service whose cost has no language tag: the test proves nothing"
    return [(r["provider"].value, r["service"].value.rsplit("/", 1)[-1]) for r in rows]


def _editor(app, settings, provider):
    client = app.test_client()
    user, password = make_staff(settings, "editor", provider)
    assert login(client, user.email, password).status_code == 303
    return client


def _fields_in(page: str) -> list[str]:
    """The Field column of the comparison table."""
    body = page.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0] if "<tbody" in page else ""
    cells = re.findall(r'<td class="govuk-table__cell[^"]*"[^>]*>(.*?)</td>', body, re.S)
    return [cells[i + 1].strip() for i in range(0, len(cells), 4)]  # Record, Field, before, after


def _save_and_compare(client, slug: str, change=None) -> str:
    data = form_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    if change:
        change(data)
    response = client.post(f"/staff/records/service/{slug}/edit", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    versions = client.get(f"/staff/records/service/{slug}/versions").get_data(as_text=True)
    newest = max(int(n) for n in re.findall(rf"/staff/records/service/{slug}/versions/(\d+)", versions))
    return client.get(f"/staff/records/service/{slug}/versions/{newest}").get_data(as_text=True)


def test_saving_without_changing_anything_marks_no_field_changed(compare_app, compare_settings):
    provider, slug = _untagged_cost_services(compare_settings)[0]
    page = _save_and_compare(_editor(compare_app, compare_settings, provider), slug)
    assert _fields_in(page) == []
    assert "Nothing changed in this version." in page and "Fields changed" not in page


def test_changing_the_cost_marks_exactly_the_cost(compare_app, compare_settings):
    provider, slug = _untagged_cost_services(compare_settings)[1]

    def new_cost(data):
        data["lo-cost"] = ["£3 a session, free for families on a low income"]

    page = _save_and_compare(_editor(compare_app, compare_settings, provider), slug, new_cost)
    assert set(_fields_in(page)) == {"Cost"}
    # one row, side by side: the old words struck out on the left, the new underlined on the right (issue 18)
    assert page.count("<del>") >= 1 and page.count("<ins>") >= 1
    words = re.sub(r"</?(?:ins|del)>", "", re.sub(r'<span class="govuk-visually-hidden">\w+: </span>', "", page))
    assert "£3 a session, free for families on a low income" in words
    assert "Fields changed: Cost" in page
