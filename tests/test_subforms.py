"""Repeatable sub-forms (issue 18): a service's opening times and its own contacts, edited as repeatable fieldsets
of its form (live/subrecords.py, web/staff/subforms.py), each item a dependent record made, versioned, removed
and published with the record and checked by the same shapes; a contact not shown to the public stays in the
private database. Real store, real private database, the real app."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from live_helpers import LO, copy_build, current_store, form_data
from staff_helpers import csrf_from, login, make_staff
from test_schema_org import schema_problems

from graph_app.live import subrecords
from graph_app.private import open_private_db
from graph_app.web.publish.schema_org import schema_org_data

XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA = "https://schema.org/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


# -- statements <-> values, no app ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("9:30", "09:30:00"),
        ("09:30", "09:30:00"),
        ("5pm", "17:00:00"),
        ("5.30pm", "17:30:00"),
        ("12am", "00:00:00"),
        ("noon", "12:00:00"),
        ("17:00", "17:00:00"),
        ("9:30 AM", "09:30:00"),
    ],
)
def test_times_as_people_type_them(typed, stored):
    assert subrecords.parse_time(typed) == stored


@pytest.mark.parametrize("typed", ["5", "25:00", "13pm", "9:75", "half nine", "0pm", ""])
def test_a_time_that_cannot_be_read_is_refused_saying_what_to_type(typed):
    with pytest.raises(subrecords.ValueProblem, match="9:30am, 5pm or 17:00"):
        subrecords.parse_time(typed)


def test_times_in_words_round_trip():
    for typed in ("9:30am", "3pm", "12 noon", "11:05pm"):
        assert subrecords.time_words(subrecords.parse_time(typed)) == typed


@pytest.mark.parametrize("number", ["01273 123456", "+44 (0)7700 900123", "0800 123 4567", "020-7946-0000"])
def test_uk_phone_numbers(number):
    assert subrecords.uk_phone(number) == number


@pytest.mark.parametrize("number", ["12345", "+1 415 555 0100", "call us", "01273 12345678"])
def test_other_phone_numbers_are_refused(number):
    with pytest.raises(subrecords.ValueProblem, match="UK phone number"):
        subrecords.uk_phone(number)


def test_days_in_week_order_and_web_pages_https_only():
    assert subrecords.days_value(["WE", "MO"]) == "MO,WE"
    assert subrecords.days_value(["1MO"]) == "1MO"  # an import's "first Monday" is kept as it is
    with pytest.raises(subrecords.ValueProblem):
        subrecords.days_value(["XX"])
    assert subrecords.web_page("https://example.org.uk/contact") == "https://example.org.uk/contact"
    with pytest.raises(subrecords.ValueProblem, match="https://"):
        subrecords.web_page("http://example.org.uk/")


# -- through the app --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("subforms") / "data")


@pytest.fixture(scope="module")
def app(settings, make_module_app):
    return make_module_app(settings)


@pytest.fixture(scope="module")
def service(settings):
    """(provider, slug) of a service with no opening times yet."""
    rows = current_store(settings).select(
        f"SELECT ?provider ?service WHERE {{ ?service a <{LO}Service> ; <{LO}providedBy> ?provider . "
        f"FILTER NOT EXISTS {{ ?service <{LO}hasSchedule> ?s }} }} ORDER BY ?service LIMIT 1"
    )
    return rows[0]["provider"].value, rows[0]["service"].value.rsplit("/", 1)[-1]


def editor(app, settings, provider):
    client = app.test_client()
    user, password = make_staff(settings, "editor", provider)
    assert login(client, user.email, password).status_code == 303
    return client


def sub_data(html: str) -> dict[str, list[str]]:
    """form_data plus what a browser also sends for the sub-forms: hidden fields, phone and email boxes."""
    data = form_data(html)
    for name, value in re.findall(r'<input type="hidden" name="(sub-[^"]+)" value="([^"]*)"', html):
        data[name] = [value]
    for name, value in re.findall(r'name="(sub-[^"]+)" type="(?:tel|email)"[^>]* value="([^"]*)"', html):
        data[name] = [value]
    return data


def schedules(settings, slug):
    rows = current_store(settings).select(
        f"SELECT ?s ?days ?opens ?closes ?notes WHERE {{ <{settings.base}id/service/{slug}> <{LO}hasSchedule> ?s . "
        f"OPTIONAL {{ ?s <{LO}byDay> ?days }} OPTIONAL {{ ?s <{LO}opensAt> ?opens }} "
        f"OPTIONAL {{ ?s <{LO}closesAt> ?closes }} OPTIONAL {{ ?s <{RDFS}comment> ?notes }}"
        f"}} ORDER BY ?s"
    )
    return [
        (
            r["s"].value.rsplit("/", 1)[-1],
            *(r[k].value if k in r else None for k in ("days", "opens", "closes", "notes")),
        )
        for r in rows
    ]


def own_contacts(settings, slug):
    rows = current_store(settings).select(
        f"SELECT ?c ?phone WHERE {{ <{settings.base}id/service/{slug}> <{LO}hasContact> ?c . "
        f"OPTIONAL {{ ?c <{SCHEMA}telephone> ?phone }} FILTER(CONTAINS(STR(?c), '/contact/service-')) }} ORDER BY ?c"
    )
    return [(r["c"].value.rsplit("/", 1)[-1], r["phone"].value if r["phone"] is not None else None) for r in rows]


def post(client, slug, data):
    return client.post(f"/staff/records/service/{slug}/edit", data=data)


def errors_of(response) -> list[str]:
    return re.findall(r'class="govuk-error-message"><span[^>]*>[^<]*</span> ([^<]*)<', response.get_data(as_text=True))


def test_opening_times_and_contacts_are_added_versioned_and_published_with_the_record(app, settings, service):
    provider, slug = service
    client = editor(app, settings, provider)
    html = client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    assert 'name="sub-schedule-count" value="1"' in html and 'name="sub-contact-count"' in html
    data = sub_data(html)
    contacts_before = own_contacts(settings, slug)  # the sample's own enquiries contact, shown as item 1
    m = data["sub-contact-count"][0]
    data |= {
        "sub-schedule-1-lo-byDay": ["WE", "MO"],
        "sub-schedule-1-lo-opensAt": ["9:30"],
        "sub-schedule-1-lo-closesAt": ["3pm"],
        "sub-schedule-1-rdfs-comment": ["Term time only"],
        f"sub-contact-{m}-rdfs-label": ["Bookings team"],
        f"sub-contact-{m}-schema-contactType": ["bookings"],
        f"sub-contact-{m}-schema-telephone": ["01273 555010"],
        f"sub-contact-{m}-schema-email": ["bookings@example.org.uk"],
        f"sub-contact-{m}-schema-url": ["https://example.org.uk/book"],
        f"sub-contact-{m}-public": ["yes"],
    }
    response = post(client, slug, data)
    assert response.status_code == 303, errors_of(response)
    assert schedules(settings, slug) == [(f"service-{slug}-hours1", "MO,WE", "09:30:00", "15:00:00", "Term time only")]
    typed = current_store(settings).select(
        f"SELECT (DATATYPE(?o) AS ?t) WHERE {{ <{settings.base}id/schedule/service-{slug}-hours1> <{LO}opensAt> ?o }}"
    )
    assert typed[0]["t"].value == XSD + "time"
    assert own_contacts(settings, slug) == sorted([*contacts_before, (f"service-{slug}-contact1", "01273 555010")])
    # the form shows them filled, with one empty set to add another
    html = client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    assert 'name="sub-schedule-count" value="2"' in html
    assert 'name="sub-schedule-1-lo-opensAt" type="text" spellcheck="false" value="9:30am"' in html
    assert 'name="sub-schedule-1-lo-byDay" type="checkbox" value="MO" checked' in html
    # the version shows them
    history = client.get(f"/staff/records/service/{slug}/versions").get_data(as_text=True)
    newest = max(int(n) for n in re.findall(rf"/staff/records/service/{slug}/versions/(\d+)", history))
    compare = client.get(f"/staff/records/service/{slug}/versions/{newest}").get_data(as_text=True)
    assert "Term time only" in compare and "01273 555010" in compare
    assert "Opens at" in compare and "Phone number" in compare and "lo:opensAt" not in compare
    # the public page says them in plain words
    page = app.test_client().get(f"/id/service/{slug}").get_data(as_text=True)
    assert "Mondays and Wednesdays, 9:30am to 3pm" in page
    assert "01273 555010" in page


def test_a_second_item_is_added_and_a_removed_one_goes_from_the_graph_and_the_version(app, settings, service):
    provider, slug = service
    client = editor(app, settings, provider)
    data = sub_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    data |= {
        "sub-schedule-2-lo-byDay": ["FR"],
        "sub-schedule-2-lo-opensAt": ["10am"],
        "sub-schedule-2-lo-closesAt": ["noon"],
    }
    assert post(client, slug, data).status_code == 303
    assert [s[0] for s in schedules(settings, slug)] == [f"service-{slug}-hours1", f"service-{slug}-hours2"]
    data = sub_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    data["sub-schedule-1-remove"] = ["yes"]
    assert post(client, slug, data).status_code == 303
    assert schedules(settings, slug) == [(f"service-{slug}-hours2", "FR", "10:00:00", "12:00:00", None)]
    gone = current_store(settings).select(
        f"SELECT ?p WHERE {{ <{settings.base}id/schedule/service-{slug}-hours1> ?p ?o }}"
    )
    assert gone == []
    history = client.get(f"/staff/records/service/{slug}/versions").get_data(as_text=True)
    newest = max(int(n) for n in re.findall(rf"/staff/records/service/{slug}/versions/(\d+)", history))
    compare = client.get(f"/staff/records/service/{slug}/versions/{newest}").get_data(as_text=True)
    assert "Term time only" in compare and "removed" in compare


def test_errors_are_placed_on_the_items_field_naming_the_item(app, settings, service):
    provider, slug = service
    client = editor(app, settings, provider)
    before = schedules(settings, slug)
    data = sub_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    n = data["sub-schedule-count"][0]  # the empty set
    data |= {
        f"sub-schedule-{n}-lo-byDay": ["TU"],
        f"sub-schedule-{n}-lo-opensAt": ["9:30"],
        f"sub-schedule-{n}-lo-closesAt": ["half three"],
    }
    m = data["sub-contact-count"][0]
    data |= {f"sub-contact-{m}-schema-telephone": ["+1 415 555 0100"], f"sub-contact-{m}-public": ["yes"]}
    response = post(client, slug, data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert (
        f'<a href="#sub-schedule-{n}-lo-closesAt">Opening times {n}: Enter a time such as 9:30am, 5pm or 17:00</a>'
        in html
    )
    assert f'id="sub-schedule-{n}-lo-closesAt-error"' in html
    assert f'href="#sub-contact-{m}-schema-telephone">Contact {m}: Enter a UK phone number' in html
    # the shapes' own rule (a contact needs a name) on the name's box, naming the item
    assert f'href="#sub-contact-{m}-rdfs-label">Contact {m}: A contact needs a name' in html
    # a rule on the whole item (a way to get in touch) on its fieldset
    assert f'href="#sub-contact-{m}">Contact {m}: A contact needs at least one way to get in touch' in html
    assert f'id="sub-contact-{m}-error"' in html
    assert schedules(settings, slug) == before  # nothing saved
    # what was typed is shown again
    assert f'name="sub-schedule-{n}-lo-closesAt" type="text" spellcheck="false" value="half three"' in html


def test_a_private_contact_is_kept_in_the_private_database_and_shown_only_to_staff(app, settings, service):
    provider, slug = service
    client = editor(app, settings, provider)
    data = sub_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    m = data["sub-contact-count"][0]
    data |= {
        f"sub-contact-{m}-rdfs-label": ["Manager's mobile"],
        f"sub-contact-{m}-schema-telephone": ["07700 900461"],
        f"sub-contact-{m}-public": ["no"],
    }
    response = post(client, slug, data)
    assert response.status_code == 303, errors_of(response)
    assert "07700 900461" not in str(own_contacts(settings, slug))
    everywhere = current_store(settings).select('SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "900461")) }')
    assert everywhere == []
    with open_private_db(settings).connect() as db:
        kept = db.execute("SELECT ntriples FROM private_parts WHERE ntriples LIKE '%900461%'").fetchall()
    assert kept
    html = client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    assert 'value="07700 900461"' in html
    assert re.search(r'name="sub-contact-\d+-public" type="radio" value="no" checked', html)


def test_a_rollback_brings_back_the_private_contact_as_that_version_had_it(app, settings, service):
    provider, slug = service
    client = editor(app, settings, provider)
    html = client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    [n] = re.findall(r'name="sub-contact-(\d+)-schema-telephone" type="tel"[^>]* value="07700 900461"', html)
    data = sub_data(html)
    data[f"sub-contact-{n}-schema-telephone"] = ["07700 900999"]
    assert post(client, slug, data).status_code == 303
    assert 'value="07700 900999"' in client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    history = client.get(f"/staff/records/service/{slug}/versions").get_data(as_text=True)
    newest = max(int(v) for v in re.findall(rf"/staff/records/service/{slug}/versions/(\d+)", history))
    page = client.get(f"/staff/records/service/{slug}/versions/{newest}").get_data(as_text=True)
    response = client.post(
        f"/staff/records/service/{slug}/versions/{newest - 1}/rollback",
        data={"csrf_token": csrf_from(page), "based_on": str(newest)},
    )
    assert response.status_code == 303
    html = client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True)
    assert 'value="07700 900461"' in html and "900999" not in html
    everywhere = current_store(settings).select('SELECT ?s WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "9004")) }')
    assert everywhere == []  # still never published


def test_a_setting_gets_opening_times_and_its_own_contact_too(app, settings):
    row = current_store(settings).select(
        f"SELECT ?s ?p WHERE {{ ?s a <{LO}Setting> ; <{LO}runBy> ?p }} ORDER BY ?s LIMIT 1"
    )[0]
    slug, provider = row["s"].value.rsplit("/", 1)[-1], row["p"].value
    client = editor(app, settings, provider)
    data = sub_data(client.get(f"/staff/records/setting/{slug}/edit").get_data(as_text=True))
    m = data["sub-contact-count"][0]
    data |= {
        "sub-schedule-1-lo-byDay": ["MO", "TU", "WE", "TH", "FR"],
        "sub-schedule-1-lo-opensAt": ["8:45am"],
        "sub-schedule-1-lo-closesAt": ["3:15pm"],
        f"sub-contact-{m}-rdfs-label": ["SENCO"],
        f"sub-contact-{m}-schema-email": ["senco@example.org.uk"],
        f"sub-contact-{m}-public": ["yes"],
    }
    response = client.post(f"/staff/records/setting/{slug}/edit", data=data)
    assert response.status_code == 303, errors_of(response)
    hours = current_store(settings).select(
        f"SELECT ?d ?o WHERE {{ <{settings.base}id/setting/{slug}> <{LO}hasSchedule> ?h . "
        f"?h <{LO}byDay> ?d ; <{LO}opensAt> ?o }}"
    )
    assert [(r["d"].value, r["o"].value) for r in hours] == [("MO,TU,WE,TH,FR", "08:45:00")]
    assert f"{settings.base}id/schedule/setting-{slug}-hours1" in str(
        current_store(settings).select(f"SELECT ?h WHERE {{ ?x <{LO}hasSchedule> ?h }}")
    )
    page = app.test_client().get(f"/id/setting/{slug}").get_data(as_text=True)
    assert "Mondays to Fridays, 8:45am to 3:15pm" in page and "senco@example.org.uk" in page
    # machines: an organisation has no hours of its own in schema.org, so they are its contact point's,
    # checked with pyld against schema.org's domains (tests/test_schema_org.py)
    with app.test_request_context():
        data = schema_org_data(f"{settings.base}id/setting/{slug}")
    assert data["contactPoint"]["hoursAvailable"][0]["opens"] == "08:45:00"
    assert schema_problems(data) == []


def test_a_form_naming_another_records_item_cannot_change_or_remove_it(app, settings, service):
    provider, slug = service
    store = current_store(settings)
    theirs = store.select(
        f"SELECT ?c WHERE {{ ?s <{LO}hasContact> ?c FILTER(CONTAINS(STR(?c), '/contact/service-')) "
        f"FILTER(?s != <{settings.base}id/service/{slug}>) }} ORDER BY ?c LIMIT 1"
    )[0]["c"].value
    before = sorted(map(str, store.construct("CONSTRUCT { ?c ?p ?o } WHERE { ?c ?p ?o }", {"c": ox.NamedNode(theirs)})))
    client = editor(app, settings, provider)
    data = sub_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    m = data["sub-contact-count"][0]
    # their contact's IRI with "remove", and again with new values: neither reaches it
    data |= {f"sub-contact-{m}-iri": [theirs], f"sub-contact-{m}-remove": ["yes"]}
    assert post(client, slug, data).status_code == 303
    data = sub_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    m = data["sub-contact-count"][0]
    data |= {
        f"sub-contact-{m}-iri": [theirs],
        f"sub-contact-{m}-rdfs-label": ["Taken over"],
        f"sub-contact-{m}-schema-telephone": ["01632 960999"],
        f"sub-contact-{m}-public": ["yes"],
    }
    assert post(client, slug, data).status_code == 303
    after = current_store(settings)
    assert (
        sorted(map(str, after.construct("CONSTRUCT { ?c ?p ?o } WHERE { ?c ?p ?o }", {"c": ox.NamedNode(theirs)})))
        == before
    )
    mine = own_contacts(settings, slug)
    assert ("01632 960999" in {phone for _, phone in mine}) and all(theirs.rsplit("/", 1)[-1] != c for c, _ in mine)
