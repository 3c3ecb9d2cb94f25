"""What families and machines see of a record's own opening times and contacts (issue 18), after a staff edit:
the record page says the times in plain words, its schema.org JSON-LD has openingHoursSpecification, the ORUK
API's service has them as `schedules` (ORUK 3's name for v1's regular_schedule) and validates against the
profile's schemas; and a contact marked "staff only" appears in no public output at all: page, .jsonld,
.ttl, .nt, the dumps, /sparql (anonymous) or the ORUK API (red team: each output is first shown to carry
the public contact, so a missing private one means kept out, not a dead output)."""

from __future__ import annotations

import gzip
import json
import re

import pytest
from live_helpers import LO, copy_build, current_store
from staff_helpers import login, make_staff
from test_oruk_api import check, our_schema
from test_subforms import sub_data

from graph_app.private.db import open_private_db

PUBLIC_PHONE = "01632 960123"
PRIVATE = ("07700 900777", "secret-manager@example.org.uk", "Secret Manager Mobile")


@pytest.fixture(scope="module")
def settings(built, tmp_path_factory):
    return copy_build(built, tmp_path_factory.mktemp("subforms-public") / "data")


@pytest.fixture(scope="module")
def app(settings, make_module_app):
    return make_module_app(settings)


@pytest.fixture(scope="module")
def edited(app, settings):
    """A service edited through its form: opening times, a public contact and a staff-only one. Its slug."""
    rows = current_store(settings).select(
        f"SELECT ?provider ?service WHERE {{ ?service a <{LO}Service> ; <{LO}providedBy> ?provider . "
        f"FILTER NOT EXISTS {{ ?service <{LO}hasSchedule> ?s }} }} ORDER BY DESC(?service) LIMIT 1"
    )
    provider, slug = rows[0]["provider"].value, rows[0]["service"].value.rsplit("/", 1)[-1]
    client = app.test_client()
    user, password = make_staff(settings, "editor", provider)
    assert login(client, user.email, password).status_code == 303
    data = sub_data(client.get(f"/staff/records/service/{slug}/edit").get_data(as_text=True))
    m = int(data["sub-contact-count"][0])
    data |= {
        "sub-schedule-1-lo-byDay": ["MO", "WE"],
        "sub-schedule-1-lo-opensAt": ["9:30am"],
        "sub-schedule-1-lo-closesAt": ["15:00"],
        "sub-schedule-2-lo-byDay": ["SA"],
        "sub-schedule-2-lo-opensAt": ["10am"],
        "sub-schedule-2-lo-closesAt": ["12 noon"],
        "sub-schedule-2-rdfs-comment": ["Term time only"],
        "sub-schedule-count": ["3"],
        f"sub-contact-{m}-rdfs-label": ["Drop-in desk"],
        f"sub-contact-{m}-schema-telephone": [PUBLIC_PHONE],
        f"sub-contact-{m}-public": ["yes"],
        f"sub-contact-{m + 1}-rdfs-label": [PRIVATE[2]],
        f"sub-contact-{m + 1}-schema-telephone": [PRIVATE[0]],
        f"sub-contact-{m + 1}-schema-email": [PRIVATE[1]],
        f"sub-contact-{m + 1}-public": ["no"],
        "sub-contact-count": [str(m + 2)],
    }
    response = client.post(f"/staff/records/service/{slug}/edit", data=data)
    assert response.status_code == 303, re.findall(r'<li><a href="[^"]*">([^<]*)</a>', response.get_data(as_text=True))
    return slug


def test_the_record_page_says_the_opening_times_in_plain_words(app, edited):
    page = app.test_client().get(f"/id/service/{edited}").get_data(as_text=True)
    assert "Mondays and Wednesdays, 9:30am to 3pm" in page
    assert "Saturdays, 10am to 12 noon. Term time only" in page
    # the change line names the parts that changed, not their inner properties
    changed = re.search(r"These details changed: ([^<]*)", page)
    assert changed and "opening times" in changed.group(1) and "contact" in changed.group(1)
    assert "schema.org" not in changed.group(1) and "opens at" not in changed.group(1)


def test_the_json_ld_has_opening_hours_specification(app, edited):
    """A Service's are its hoursAvailable (schema.org has no openingHoursSpecification on a Service)."""
    page = app.test_client().get(f"/id/service/{edited}").get_data(as_text=True)
    scripts = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    data = next(d for d in map(json.loads, scripts) if "hoursAvailable" in d)
    assert "openingHoursSpecification" not in data
    specs = data["hoursAvailable"]
    assert {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": ["https://schema.org/Monday", "https://schema.org/Wednesday"],
        "opens": "09:30:00",
        "closes": "15:00:00",
    } in specs
    assert any(
        s.get("dayOfWeek") == ["https://schema.org/Saturday"] and "Term time only" in s["description"] for s in specs
    )


def test_the_oruk_api_gives_the_edited_schedules_and_validates(app, edited):
    full = app.test_client().get(f"/oruk/services/{edited}")
    assert full.status_code == 200
    check(full.json, our_schema("Service"))
    got = sorted(
        (s.get("byday"), s.get("opens_at"), s.get("closes_at"), s.get("notes")) for s in full.json["schedules"]
    )
    assert got == [("MO,WE", "09:30:00", "15:00:00", None), ("SA", "10:00:00", "12:00:00", "Term time only")]


def _everything_public(app, slug: str) -> dict[str, str]:
    """Every public output that could carry the record's contacts, as text."""
    client = app.test_client()
    out = {"page": client.get(f"/id/service/{slug}").get_data(as_text=True)}
    for ext in ("jsonld", "ttl", "nt"):
        response = client.get(f"/id/service/{slug}.{ext}")
        assert response.status_code == 200
        out[ext] = response.get_data(as_text=True)
    dump = client.get("/dumps/all.nt.gz")
    assert dump.status_code == 200
    out["dump"] = gzip.decompress(dump.get_data()).decode("utf-8")
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), '%s')) }"
    for probe in (PUBLIC_PHONE, *PRIVATE):
        response = client.get("/sparql", query_string={"query": query % probe}, headers={"Accept": "application/json"})
        assert response.status_code == 200
        out[f"sparql {probe}"] = response.get_data(as_text=True)
    oruk = client.get(f"/oruk/services/{slug}")
    assert oruk.status_code == 200
    out["oruk"] = oruk.get_data(as_text=True)
    return out


def test_a_staff_only_contact_appears_in_no_public_output(app, settings, edited):
    outputs = _everything_public(app, edited)
    store = current_store(settings)
    [public_iri] = [
        r["c"].value
        for r in store.select(
            f"SELECT ?c WHERE {{ <{settings.base}id/service/{edited}> <{LO}hasContact> ?c . "
            f'?c <https://schema.org/telephone> "{PUBLIC_PHONE}" }}'
        )
    ]
    with open_private_db(settings).connect() as db:
        kept = "".join(r[0] for r in db.execute("SELECT ntriples FROM private_parts WHERE ntriples LIKE '%900777%'"))
    private_iris = set(re.findall(rf"<({re.escape(settings.base)}id/contact/[^>]+)>", kept))
    assert len(private_iris) == 1 and public_iri not in private_iris
    # each output is alive: it carries the public contact (its phone, or the record's link to it)
    for name, text in outputs.items():
        if name.startswith("sparql") and PUBLIC_PHONE not in name:
            continue
        # (its local name: Turtle writes contact:service-...-contact1)
        assert PUBLIC_PHONE in text or public_iri.rsplit("/", 1)[-1] in text, (
            f"{name} does not carry the public contact"
        )
    for name, text in outputs.items():
        for secret in (*PRIVATE, *(i.rsplit("/", 1)[-1] for i in private_iris)):
            assert secret not in text, f"{secret!r} leaked into {name}"
    # the staff form still shows it
    with_staff = app.test_client()
    provider = store.select(f"SELECT ?p WHERE {{ <{settings.base}id/service/{edited}> <{LO}providedBy> ?p }}")[0][
        "p"
    ].value
    user, password = make_staff(settings, "editor", provider)
    assert login(with_staff, user.email, password).status_code == 303
    assert PRIVATE[0] in with_staff.get(f"/staff/records/service/{edited}/edit").get_data(as_text=True)
