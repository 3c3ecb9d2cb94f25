"""Honest review dates (issue 18): "Last checked" is set by the app, never typed; future dates are refused by
the server and by the shape (a SHACL-SPARQL constraint with NOW()); "Still correct" is a read-only review
with a confirm button; an edit asks whether the whole record was checked; the person who checked is kept
in the private database only, the organisation in the public graph; the commissioners' out-of-date list
says who last checked; the build warns about a future date already in the data.

Flask test client on a real copy of the built store and a real private database (no mocks)."""

from __future__ import annotations

import re
from datetime import date

import pyoxigraph as ox
import pytest
import rdflib
from live_helpers import LO, copy_build, current_store, form_data
from staff_helpers import csrf_from, login, make_staff

from graph_app.build import shacl_sparql, validation
from graph_app.config import PROJECT_ROOT
from graph_app.live import Replace, publish, versions
from graph_app.private import open_private_db

SHAPES = PROJECT_ROOT / "ontology" / "shapes.ttl"
PROV = "http://www.w3.org/ns/prov#"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
FUTURE = "2031-01-01"
CHECKED = "checked-whole-record"


@pytest.fixture(scope="module")
def review_settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("review-dates") / "data")


@pytest.fixture(scope="module")
def review_app(review_settings, make_module_app):
    return make_module_app(review_settings)


@pytest.fixture(scope="module")
def services(review_settings):
    """(provider, service IRI) pairs, one service per provider, none checked today."""
    store = current_store(review_settings)
    rows = store.select(
        f"SELECT ?provider ?service WHERE {{ ?service a <{LO}Service> ; <{LO}providedBy> ?provider ;"
        f" <{LO}lastReviewed> ?d FILTER(STR(?d) < STR(NOW())) }} ORDER BY ?provider ?service"
    )
    found: dict[str, str] = {}
    for row in rows:
        found.setdefault(row["provider"].value, row["service"].value)
    return list(found.items())


def _signed_in(app, settings, provider):
    client = app.test_client()
    user, password = make_staff(settings, "editor", provider)
    assert login(client, user.email, password).status_code == 303
    return client, user


def _slug(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _last_checked(settings, iri: str) -> list[str]:
    rows = current_store(settings).select(f"SELECT ?d WHERE {{ <{iri}> <{LO}lastReviewed> ?d }}")
    return [r["d"].value for r in rows]


def test_last_checked_is_no_field_and_a_typed_date_is_refused(review_app, review_settings, services):
    provider, service = services[0]
    before = _last_checked(review_settings, service)
    client, _ = _signed_in(review_app, review_settings, provider)
    page = client.get(f"/staff/records/service/{_slug(service)}/edit").get_data(as_text=True)
    assert 'name="lo-lastReviewed"' not in page and "Did you check the whole record?" in page
    data = form_data(page)
    data["lo-lastReviewed"] = [FUTURE]  # typed into a forged or old form
    response = client.post(f"/staff/records/service/{_slug(service)}/edit", data=data)
    assert response.status_code == 400
    assert "lo-lastReviewed" in response.get_data(as_text=True)
    assert _last_checked(review_settings, service) == before


def test_an_edit_must_answer_whether_the_whole_record_was_checked(review_app, review_settings, services):
    provider, service = services[1]
    before = _last_checked(review_settings, service)
    assert before and before != [date.today().isoformat()]
    client, user = _signed_in(review_app, review_settings, provider)
    url = f"/staff/records/service/{_slug(service)}/edit"
    data = form_data(client.get(url).get_data(as_text=True))
    data.pop(CHECKED)
    data["dcterms-description"] = ["Wombat-led music sessions for every age."]
    unanswered = client.post(url, data=data)
    assert unanswered.status_code == 400
    html = unanswered.get_data(as_text=True)
    assert f'<a href="#{CHECKED}">' in html and f'id="{CHECKED}-error"' in html
    # "No": the change is published, the date stays as it was, and the version is no check
    data[CHECKED] = ["no"]
    assert client.post(url, data=data).status_code == 303
    assert _last_checked(review_settings, service) == before
    db = open_private_db(review_settings)
    assert versions.latest(db, service).checked_on is None and versions.last_check(db, service) is None
    # "Yes": today, and the private version names the person who checked
    data = form_data(client.get(url).get_data(as_text=True))
    data[CHECKED] = ["yes"]
    data["dcterms-description"] = ["Wombat-led music sessions for every age, checked."]
    assert client.post(url, data=data).status_code == 303
    assert _last_checked(review_settings, service) == [date.today().isoformat()]
    check = versions.last_check(db, service)
    assert check.checked_on == date.today().isoformat() and check.user_name == user.name


def test_still_correct_is_a_read_only_review_then_a_confirm(review_app, review_settings, services):
    provider, service = services[2]
    client, user = _signed_in(review_app, review_settings, provider)
    dashboard = client.get("/staff/records/").get_data(as_text=True)
    url = f"/staff/records/service/{_slug(service)}/reviewed"
    assert f'href="{url}"' in dashboard  # a link to the review, no one-click button
    assert f'action="{url}"' not in dashboard
    page = client.get(url).get_data(as_text=True)
    store = current_store(review_settings)
    (description,) = [
        r["d"].value
        for r in store.select(f"SELECT ?d WHERE {{ <{service}> <http://purl.org/dc/terms/description> ?d }}")
    ]
    assert description.split("\n")[0][:40] in page.replace("&#39;", "'").replace("&#34;", '"')
    assert "Youngest age" in page and "Did you check the whole record?" not in page
    assert re.search(r'name="(?:lo|dcterms|rdfs)-[A-Za-z]+"', page) is None, "the review is read-only"
    token = csrf_from(page)
    (based_on,) = re.findall(r'name="based_on" value="(\d+)"', page)
    assert client.post(url, data={"based_on": based_on}).status_code == 400  # no CSRF token: refused
    response = client.post(url, data={"csrf_token": token, "based_on": based_on})
    assert response.status_code == 303
    assert _last_checked(review_settings, service) == [date.today().isoformat()]
    # the person in the private database; the organisation, and no person, in the public graph
    check = versions.last_check(open_private_db(review_settings), service)
    assert check.user_name == user.name and check.checked_on == date.today().isoformat()
    store = current_store(review_settings)
    change = service.replace("/id/service/", "/id/change/service-") + f"-{check.number}"
    rows = store.select(f"SELECT ?p ?o WHERE {{ <{change}> ?p ?o }}")
    said = {(r["p"].value, r["o"].value) for r in rows}
    assert (PROV + "wasAssociatedWith", provider) in said
    assert (LO + "changeKind", LO + "ChangeChecked") in said
    assert not any(user.name in o or user.email in o for _p, o in said)


def test_fields_of_the_review_page_are_the_forms(review_app, review_settings, services):
    provider, service = services[3]
    client, _ = _signed_in(review_app, review_settings, provider)
    page = client.get(f"/staff/records/service/{_slug(service)}/reviewed").get_data(as_text=True)
    names = re.findall(r'<dt class="govuk-summary-list__key">([^<]+)</dt>', page)
    edit = client.get(f"/staff/records/service/{_slug(service)}/edit").get_data(as_text=True)
    for name in names[:5]:
        assert name.strip() in edit
    assert "Youngest age" in names and "Last checked" not in names and len(names) >= 10


def test_a_future_date_already_in_the_data_cannot_be_kept_by_an_edit(review_app, review_settings, services):
    provider, service = services[4]
    store = current_store(review_settings)
    triples = [t for t in store.construct(f"CONSTRUCT {{ <{service}> ?p ?o }} WHERE {{ <{service}> ?p ?o }}")]
    lines = [f"{t.subject} {t.predicate} {t.object} ." for t in triples if t.predicate.value != LO + "lastReviewed"]
    lines.append(f'<{service}> <{LO}lastReviewed> "{FUTURE}"^^<{XSD_DATE}> .')
    publish(review_settings, [Replace(service, "\n".join(lines))], actor="a test import", summary="bad import")
    assert _last_checked(review_settings, service) == [FUTURE]
    client, _ = _signed_in(review_app, review_settings, provider)
    url = f"/staff/records/service/{_slug(service)}/edit"
    data = form_data(client.get(url).get_data(as_text=True))
    data[CHECKED] = ["no"]  # would keep 2031
    refused = client.post(url, data=data)
    assert refused.status_code == 400 and FUTURE in refused.get_data(as_text=True)
    assert _last_checked(review_settings, service) == [FUTURE]
    data[CHECKED] = ["yes"]
    assert client.post(url, data=data).status_code == 303
    assert _last_checked(review_settings, service) == [date.today().isoformat()]


def test_the_shape_refuses_a_future_date_and_the_build_only_warns(tmp_path):
    from test_shacl_sparql import FIXTURES, prepared_store  # the build's own steps up to validation

    late = tmp_path / "late"
    late.mkdir()
    text = (FIXTURES / "minimal" / "records.ttl").read_text(encoding="utf-8")
    assert text.count('"2026-10-01"^^xsd:date') == 3
    # the service and its contact checked "in 2031"; the provider's date stays in the past
    text = text.replace('"2026-10-01"^^xsd:date', f'"{FUTURE}"^^xsd:date').replace(
        f'"{FUTURE}"^^xsd:date', '"2026-10-01"^^xsd:date', 1
    )
    (late / "records.ttl").write_text(text, encoding="utf-8")
    steps = prepared_store(tmp_path, PROJECT_ROOT / "ontology", late)
    warnings = steps.validate()  # a warning, not a build error: the build goes on
    found = [w for w in warnings if "in the future" in w]
    assert len(found) == 2 and any("service/fixture-sensory-play" in w for w in found), warnings
    compiled = {(v.focus, v.field) for v in shacl_sparql.validate(steps.reader.select, SHAPES) if "future" in v.message}
    graph = rdflib.Graph()
    graph.parse(data=steps.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), format="nt")
    reference = {(v.focus, v.field) for v in validation.validate(graph, SHAPES) if "future" in v.message}
    assert compiled == reference and len(compiled) == 2  # pyshacl, the reference, finds the same


def test_a_save_is_refused_by_the_shape_alone(review_settings, services):
    """The shapes check an editor's save runs (live/record_check.py) refuses a future date by itself."""
    from graph_app.live import record_check
    from graph_app.queries import QueryLibrary

    _provider, service = services[5]
    store = current_store(review_settings)
    library = QueryLibrary(review_settings.queries_dir)
    triples = [t for t in store.construct(f"CONSTRUCT {{ <{service}> ?p ?o }} WHERE {{ <{service}> ?p ?o }}")]
    hierarchy = library.construct(store, "live/class_hierarchy")
    assert not [
        v for v in record_check.check(SHAPES, library, store, {service: triples}, hierarchy) if "future" in v[2]
    ]
    late = [t for t in triples if t.predicate.value != LO + "lastReviewed"]
    late.append(
        ox.Triple(
            ox.NamedNode(service),
            ox.NamedNode(LO + "lastReviewed"),
            ox.Literal(FUTURE, datatype=ox.NamedNode(XSD_DATE)),
        )
    )
    found = record_check.check(SHAPES, library, store, {service: late}, hierarchy)
    assert (
        service,
        "lo:lastReviewed",
        "The date it was last checked is in the future: a record can only have been checked today or earlier.",
    ) in found


def test_commissioners_see_which_organisation_last_checked_an_out_of_date_record(review_app, review_settings, services):
    """A check made long ago (published as a save publishes one, with its PROV activity) puts the record in the
    report's out-of-date list with the organisation that checked it; the person is in neither page nor JSON."""
    from datetime import UTC, datetime

    from graph_app.live import history
    from graph_app.ntriples import ntriples

    provider, service = services[6]
    store = current_store(review_settings)
    triples = [t for t in store.construct(f"CONSTRUCT {{ <{service}> ?p ?o }} WHERE {{ <{service}> ?p ?o }}")]
    old = [t for t in triples if t.predicate.value != LO + "lastReviewed"]
    old.append(
        ox.Triple(
            ox.NamedNode(service),
            ox.NamedNode(LO + "lastReviewed"),
            ox.Literal("2024-02-03", datatype=ox.NamedNode(XSD_DATE)),
        )
    )
    change = Replace(service, ntriples(old))
    id_base = review_settings.base + "id/"
    activity = history.activity(
        id_base, service, 900, triples, [change], provider, when=datetime(2024, 2, 3, tzinfo=UTC)
    )
    publish(review_settings, [change, activity], actor="Test Checker (staff account 1)", summary="an old check")
    (area,) = [r["a"].value for r in store.select(f"SELECT ?a WHERE {{ <{service}> <{LO}inLocalOfferOf> ?a }} LIMIT 1")]
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    names = current_store(review_settings).select(f"SELECT ?l WHERE {{ <{provider}> <{label}> ?l }}")
    english = [r["l"].value for r in names if getattr(r["l"], "language", None) in (None, "en")]
    client = review_app.test_client()
    data = client.get(f"/gaps/report/{area.rsplit('/', 1)[-1]}.json").get_json()
    (listed,) = [r for r in data["out_of_date"]["records"] if r["iri"] == service]
    assert listed["last_checked"] == "2024-02-03" and listed["checked_by"] in english
    html = client.get(f"/gaps/report/{area.rsplit('/', 1)[-1]}").get_data(as_text=True)
    section = html[html.index('id="out-of-date"') :]
    assert "last checked by" in section and "Test Checker" not in html
