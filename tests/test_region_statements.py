"""What the seven SE7 councils say together (issue 16): the SE7 region (area/se7, a lo:Region) has its own
marked sample statement under each heading it answers together (data/framework/region.ttl). A heading's page
leads with it when no council is chosen and shows it under the chosen council's own; an admin whose council
is the region edits it with the same form (and no council's); the council content gap analysis and the staff
list include the region, for its headings only."""

from __future__ import annotations

import secrets

import pyoxigraph as ox
import pytest
from live_helpers import copy_build, form_data
from staff_helpers import csrf_from, login

from graph_app.gaps import run_gap
from graph_app.layout import Layout
from graph_app.private import open_private_db
from graph_app.private.accounts import create_user, user_by_email
from graph_app.sample.council_content import regional_headings
from graph_app.store import EmbeddedStore

ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
SE7 = ID + "area/se7"
CONCERNS = "/id/heading/education-concerns"
REGION_EDIT = "/staff/records/council-statement/se7-education-concerns/edit"
KENT_EDIT = "/staff/records/council-statement/kent-education-concerns/edit"


def _section(html: str) -> str:
    start = html.index('class="se7-council-statement')
    return html[start : html.index("</section>", start)]


def test_the_region_answers_its_headings_in_the_sample(embedded_store) -> None:
    regional = regional_headings()
    assert len(regional) >= 10 and "education-mission-statement" in regional
    rows = embedded_store.select(
        f"SELECT ?s ?h ?text WHERE {{ ?s <{LO}statementOf> <{SE7}> ; <{LO}aboutHeading> ?h ;"
        f" <{LO}statementText> ?text ; <{LO}isSample> true }}"
    )
    found = {r["h"].value.rsplit("/", 1)[-1] for r in rows}
    assert found == regional  # one each, and only under the region's headings
    assert all(r["text"].value.startswith("Sample text:") for r in rows)


def test_without_a_council_the_regions_statement_leads(client) -> None:
    section = _section(client.get(CONCERNS + "?area=").get_data(as_text=True))
    together = section.index("What the seven SE7 councils say together")
    assert "Raising a concern: what all seven SE7 councils promise" in section
    assert together < section.index("Choose your council to see what it says about this")
    assert "Sample text: invented" in section
    assert "What each council says (7)" in section  # the seven councils, the region's not among them


def test_with_a_council_the_regions_statement_follows_the_councils_own(client) -> None:
    section = _section(client.get(CONCERNS + "?area=kent").get_data(as_text=True))
    kent = section.index("What Kent says")
    assert kent < section.index("What the seven SE7 councils say together") < section.index("What other councils")
    assert "What other councils say (6)" in section
    twin = client.get(CONCERNS + ".json?area=kent").get_json()["page"]["council_statement"]
    assert twin["chosen"]["council"] == "Kent"
    assert twin["regional"]["title"] == "Raising a concern: what all seven SE7 councils promise"


def test_a_heading_the_region_does_not_answer_has_no_regional_statement(client) -> None:
    html = client.get("/id/heading/education-travel-policy?area=").get_data(as_text=True)
    assert "What the seven SE7 councils say together" not in html


@pytest.fixture(scope="module")
def site(built, tmp_path_factory, make_module_app):
    settings = copy_build(built, tmp_path_factory.mktemp("region-pages") / "data")
    return make_module_app(settings), settings


def _signed_in(site, council: str | None):
    app, settings = site
    client = app.test_client()
    password = "correct horse " + secrets.token_hex(8)
    email = f"admin-{secrets.token_hex(4)}@staff.example.org"
    create_user(open_private_db(settings), email, "Test", "admin", None, password, council_iri=council)
    assert login(client, email, password).status_code == 303
    return client


def test_a_regional_admin_makes_an_account_for_the_region(site) -> None:
    _, settings = site
    regional = _signed_in(site, None)
    token = csrf_from(regional.get("/staff/admin/users").get_data(as_text=True))
    base = {"csrf_token": token, "name": "Sam Region", "role": "admin", "provider": ""}
    made = regional.post("/staff/admin/users", data={**base, "email": "sam@se7.example.org", "council": "se7"})
    assert made.status_code == 200
    assert user_by_email(open_private_db(settings), "sam@se7.example.org").council_iri == SE7


def test_the_regions_admin_edits_its_statements_and_no_councils(site) -> None:
    app, _ = site
    region = _signed_in(site, SE7)
    listing = region.get("/staff/council-content/").get_data(as_text=True)
    assert REGION_EDIT in listing and "/kent-" not in listing
    assert "education-travel-policy" not in listing  # only the headings the region answers together
    assert region.get(KENT_EDIT).status_code == 403
    assert _signed_in(site, ID + "area/kent").get(REGION_EDIT).status_code == 403

    form = form_data(region.get(REGION_EDIT).get_data(as_text=True))
    assert "lo-statementOf" not in form  # their own: shown, never changed
    text = "All seven councils answer a complaint within 20 working days.\n\nYou can ask SENDIASS for help."
    form.update({"lo-statementText": [text], "lo-isSample": ["false"], "rdfs-label": ["Complaints across SE7"]})
    saved = region.post(REGION_EDIT, data=form)
    assert saved.status_code == 303
    page = _section(app.test_client().get(CONCERNS + "?area=medway").get_data(as_text=True))
    regional = page[page.index("What the seven SE7 councils say together") :]
    assert "Complaints across SE7" in regional and "within 20 working days" in regional
    assert "Sample text: invented" not in regional.split("What other councils")[0]


def test_a_regional_admin_can_choose_the_region_in_the_form(site) -> None:
    regional = _signed_in(site, None)
    html = regional.get(REGION_EDIT).get_data(as_text=True)
    assert f'value="{SE7}"' in html and f'value="{ID}area/kent"' in html  # any of the councils, or SE7
    assert regional.get("/staff/council-content/?council=se7").status_code == 200
    assert regional.get("/staff/council-content/?council=narnia").status_code == 400


@pytest.fixture(scope="module")
def without_one(built, tmp_path_factory):
    """A copy of the build without the region's mission statement."""
    settings = copy_build(built, tmp_path_factory.mktemp("region-gaps") / "data")
    path = Layout(settings.data_dir).current().store_path
    store = ox.Store(str(path))
    store.update(f"DELETE WHERE {{ <{ID}council-statement/se7-education-mission-statement> ?p ?o }}")
    store.flush()
    del store
    return EmbeddedStore(path)


def test_the_gap_analysis_lists_the_regions_missing_statement_only(without_one, library) -> None:
    rows = run_gap(without_one, library, "council_content", as_of="2026-11-01").rows
    missing = [(r["area"]["iri"], r["heading"]["iri"]) for r in rows if r["problem"] == "No statement yet"]
    assert missing == [(SE7, ID + "heading/education-mission-statement")]
    region_rows = run_gap(without_one, library, "council_content", area=ox.NamedNode(SE7), as_of="2026-11-01").rows
    assert {r["heading"]["iri"].rsplit("/", 1)[-1] for r in region_rows} <= regional_headings()


def test_the_gap_analysis_page_names_the_region(client) -> None:
    page = client.get("/gaps/council-content?as_of=2026-11-01").get_data(as_text=True)
    assert "SE7 (the seven councils together)" in page  # one of its sample statements is past its date
    data = client.get("/gaps/council-content.json?as_of=2026-11-01").get_json()
    assert SE7 in str(data)
