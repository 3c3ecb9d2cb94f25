"""A charter (issue 19): each council's commitment statement, and the SE7 region's, are council content (a
lo:CouncilStatement under the heading area:se7 names with lo:charterHeading), marked invented sample text in the
sample; the home page shows the region's under "About this Local Offer" (with the chosen council's, or a link to
each council's), each council's page shows its own and the region's, in HTML, the JSON twin and RDF; the
council content lists (staff list, gap analysis) include the charter heading."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from live_helpers import copy_build

from graph_app.gaps import run_gap
from graph_app.layout import Layout
from graph_app.sample.council_content import charter_heading
from graph_app.slugs import COUNCILS
from graph_app.store import EmbeddedStore

LO = "https://w3id.org/se7-local-offer/def#"
ID = "https://w3id.org/se7-local-offer/id/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.fixture(scope="module")
def heading(embedded_store) -> str:
    rows = embedded_store.select(f"SELECT ?h WHERE {{ <{ID}area/se7> <{LO}charterHeading> ?h }}")
    assert len(rows) == 1
    return rows[0]["h"].value


def _statements(store, heading: str) -> dict[str, dict[str, str]]:
    """council slug -> the title and text of its statement under the charter heading."""
    rows = store.select(
        f"SELECT ?area ?title ?text ?sample WHERE {{ ?s <{LO}aboutHeading> <{heading}> ; <{LO}statementOf> ?area ;"
        f" <{LABEL}> ?title ; <{LO}statementText> ?text OPTIONAL {{ ?s <{LO}isSample> ?sample }} }}"
    )
    return {
        r["area"].value.rsplit("/", 1)[-1]: {
            "title": r["title"].value,
            "text": r["text"].value,
            "sample": r["sample"].value if r.get("sample") is not None else "",
        }
        for r in rows
    }


def test_every_council_and_the_region_has_a_marked_sample_commitment(embedded_store, heading) -> None:
    assert heading == ID + "heading/" + charter_heading()  # the generator reads the same heading
    found = _statements(embedded_store, heading)
    assert set(found) == {*COUNCILS, "se7"}
    for council, statement in found.items():
        assert statement["sample"] == "true", council
        assert statement["text"].startswith("Sample text:"), council


def test_the_home_page_shows_the_regions_commitment_and_links_to_each_councils(client, embedded_store, heading):
    found = _statements(embedded_store, heading)
    html = client.get("/?area=").get_data(as_text=True)
    about = html[
        html.index('id="about-offer-heading"') : html.index("</section>\n\n", html.index('id="about-offer-heading"'))
    ]
    assert "About this Local Offer" in about
    assert found["se7"]["title"] in about
    assert "Sample text: invented to show what the council will write here" in about
    for council in COUNCILS:
        assert f'href="/id/council-statement/{council}-{heading.rsplit("/", 1)[-1]}' in about, council
    twin = client.get("/index.json?area=").get_json()["charter"]
    assert twin["regional"]["title"] == found["se7"]["title"] and twin["regional"]["is_sample"] is True
    assert twin["council"] is None and len(twin["others"]) == len(COUNCILS)


def test_with_a_council_chosen_the_home_page_shows_its_commitment_first(client, embedded_store, heading) -> None:
    found = _statements(embedded_store, heading)
    html = client.get("/?area=kent").get_data(as_text=True)
    about = html[html.index('id="about-offer-heading"') :]
    kent, region = about.index(found["kent"]["title"]), about.index(found["se7"]["title"])
    assert kent < region
    first_paragraph = found["kent"]["text"].split("\n\n")[1]
    assert first_paragraph in about
    twin = client.get("/index.json?area=kent").get_json()["charter"]
    assert twin["council"]["council_slug"] == "kent" and twin["others"] == []


def test_each_councils_page_shows_its_commitment_in_html_json_and_rdf(client, embedded_store, heading) -> None:
    found = _statements(embedded_store, heading)
    for council in ("kent", "surrey"):
        html = client.get(f"/id/area/{council}").get_data(as_text=True)
        assert "Our commitment to families" in html
        assert found[council]["title"] in html and found["se7"]["title"] in html
        other = next(c for c in COUNCILS if c != council)
        assert found[other]["title"] not in html  # only its own council's
        twin = client.get(f"/id/area/{council}.json").get_json()["charter"]
        assert twin["council"]["title"] == found[council]["title"]
    assert client.get("/id/need/autism.json").get_json()["charter"] is None  # council pages only
    slug = f"kent-{heading.rsplit('/', 1)[-1]}"
    turtle = client.get(f"/id/council-statement/{slug}", headers={"Accept": "text/turtle"}).get_data()
    triples = {q.triple for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE)}
    statement = ox.NamedNode(ID + "council-statement/" + slug)
    assert ox.Triple(statement, ox.NamedNode(LO + "aboutHeading"), ox.NamedNode(heading)) in triples
    assert ox.Triple(statement, ox.NamedNode(LO + "statementOf"), ox.NamedNode(ID + "area/kent")) in triples


def test_the_staff_list_of_council_content_includes_the_charter(embedded_store, library, heading) -> None:
    for area in ("kent", "se7"):
        rows = library.select(embedded_store, "live/council_statements", area=ox.NamedNode(ID + "area/" + area))
        charter = [r for r in rows if r["heading"].value == heading]
        assert len(charter) == 1 and charter[0]["statement"].value.endswith(f"{area}-{heading.rsplit('/', 1)[-1]}")


@pytest.fixture(scope="module")
def without_kents(built, tmp_path_factory, heading):
    """A copy of the build without Kent's commitment statement."""
    settings = copy_build(built, tmp_path_factory.mktemp("charter-gaps") / "data")
    path = Layout(settings.data_dir).current().store_path
    store = ox.Store(str(path))
    store.update(f"DELETE WHERE {{ <{ID}council-statement/kent-{heading.rsplit('/', 1)[-1]}> ?p ?o }}")
    store.flush()
    del store
    return EmbeddedStore(path)


def test_a_council_without_a_commitment_shows_in_the_gap_analysis(without_kents, library, heading) -> None:
    rows = run_gap(without_kents, library, "council_content", as_of="2026-11-01").rows
    missing = [(r["area"]["iri"], r["heading"]["iri"]) for r in rows if r["problem"] == "No statement yet"]
    assert missing == [(ID + "area/kent", heading)]
