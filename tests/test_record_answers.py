"""Answer-first record pages (issue 14): the contact read from the record's lo:hasContact, settings'
specialist provision in words, statutory steps' local contact for the chosen council (or "choose your
council"), official links, need bridges and urgent help, question answer excerpts for the chosen area,
a topic's pathway inline, families' names for kinds, and link groups merged. Records are found through
queries on the built sample, never hard-coded where the sample decides."""

from __future__ import annotations

import re

from test_node_pages import ID, PREFIX, first, path_of, section, text_of

from graph_app.web.core.links import Link
from graph_app.web.explore.node_page import merge_groups
from graph_app.web.explore.shaping import IN, OUT, LinkGroup


def test_a_services_phone_and_email_are_in_how_to_get_it(client, embedded_store):
    row = embedded_store.select(
        PREFIX
        + """PREFIX schema: <https://schema.org/>
        SELECT ?s ?phone ?email WHERE { ?s a lo:Service ; lo:hasContact ?c . ?c schema:telephone ?phone ;
        schema:email ?email } ORDER BY ?s LIMIT 1"""
    )[0]
    html = client.get(path_of(row["s"].value)).get_data(as_text=True)
    summary = html[html.index('id="summary-heading"') : html.index("</dl>", html.index('id="summary-heading"'))]
    how = summary[summary.index("How to get it") :]
    assert f'href="tel:{row["phone"].value.replace(" ", "")}"' in how
    assert f'href="mailto:{row["email"].value}"' in how
    # the professionals' disclosure holds the graph's links, not the top level
    top = html[: html.index('id="connections"')]
    assert "Where this information comes from" not in top and "In the list of" not in top
    assert "What you can do next" in top


def test_a_settings_specialist_provision_is_said_plainly(client, embedded_store):
    row = embedded_store.select(
        PREFIX
        + """SELECT ?s ?places WHERE { ?s lo:specialistProvision lo:SENUnitProvision ;
        lo:senUnitCapacity ?places } ORDER BY ?s LIMIT 1"""
    )[0]
    summary = text_of(section_or_page(client.get(path_of(row["s"].value)).get_data(as_text=True)))
    assert re.search(rf"SEN unit for [a-z ,]+, {row['places'].value} places", summary), summary[:600]


def section_or_page(html: str) -> str:
    start = html.index('id="summary-heading"')
    return html[start : html.index("</dl>", start)]


def test_a_step_asks_for_a_council_then_names_its_contact(client, embedded_store):
    step = "/id/step/ehc-01-request"
    box = section(client.get(step).get_data(as_text=True), "local-contact-heading")
    assert "Choose your council to see who to write to" in box
    assert "legislation.gov.uk/uksi/2014/1530/regulation/5" in box  # where the time limit comes from
    medway = {
        r["c"].value
        for r in embedded_store.select(
            PREFIX
            + f"""SELECT ?c WHERE {{
        <{ID}step/ehc-01-request> lo:localContact ?c . ?c lo:locatedIn <{ID}area/medway> }}"""
        )
    }
    assert medway
    client.set_cookie("se7_area", "medway")
    try:
        box = section(client.get(step).get_data(as_text=True), "local-contact-heading")
    finally:
        client.delete_cookie("se7_area")
    assert "Who to contact in Medway" in box
    assert "special educational needs (sen) team" in text_of(box).lower()
    assert "being checked" in box  # families are told the details are not checked yet
    assert "Check before publishing" not in box  # the note for staff is not shown to families
    assert "kent" not in box.lower()


def test_the_appeal_stage_links_to_govuk(client):
    box = section(client.get("/id/resolution-stage/appeal-to-tribunal").get_data(as_text=True), "local-contact-heading")
    assert 'href="https://www.gov.uk/appeal-ehc-plan-decision"' in box


def test_anxiety_starts_with_urgent_help_and_bridges(client, embedded_store):
    html = client.get("/id/need/anxiety").get_data(as_text=True)
    urgent = section(html, "urgent-heading")
    assert html.index('id="urgent-heading"') < html.index('id="summary-heading"')
    assert 'href="tel:999"' in urgent and "nhs.uk" in urgent
    bridges = section(html, "bridges-heading")
    care = {
        r["p"].value
        for r in embedded_store.select(PREFIX + f"SELECT ?p WHERE {{ <{ID}need/anxiety> lo:carePathway ?p }}")
    }
    assert care and all(f'href="{path_of(p)}"' in bridges for p in care)
    assert 'href="/id/pathway/ehc-needs-assessment"' in bridges
    assert "urgent-heading" not in client.get("/id/need/dyslexia").get_data(as_text=True)


def test_a_question_shows_answer_excerpts_from_the_chosen_council(client, embedded_store):
    question = first(
        embedded_store,
        """SELECT ?q WHERE { ?a lo:answers ?q ; lo:answerOf ?s .
        ?s lo:inLocalOfferOf <https://w3id.org/se7-local-offer/id/area/kent> } ORDER BY ?q LIMIT 1""",
        "q",
    )
    client.set_cookie("se7_area", "kent")
    try:
        box = section(client.get(path_of(question)).get_data(as_text=True), "excerpts-heading")
    finally:
        client.delete_cookie("se7_area")
    kent = {
        r["a"].value
        for r in embedded_store.select(
            PREFIX
            + f"""SELECT ?a WHERE {{ ?a lo:answers <{question}> ;
        lo:answerOf/lo:inLocalOfferOf <{ID}area/kent> }}"""
        )
    }
    shown = {ID + m for m in re.findall(r'href="/id/(answer/[a-z0-9-]+)"', box)}
    assert shown and shown <= kent
    assert "in Kent answered" in text_of(box)
    texts = re.findall(r'<span class="govuk-body-s">(.*?)</span></li>', box, re.S)
    assert texts and all(len(text_of(t).strip()) <= 220 for t in texts)


def test_a_topic_shows_its_best_pathway_step_by_step(client):
    html = client.get("/id/heading/education").get_data(as_text=True)
    steps = re.search(r'id="pathway-steps">(.*?)</ol>', html, re.S)
    assert steps and steps.group(1).count("<li") >= 3
    # the disagreement topic is the Local Offer itself: its pathway, and who to write to in your council
    wrong = client.get("/id/heading/things-going-wrong?area=kent").get_data(as_text=True)
    assert 'href="/id/pathway/resolving-disagreements"' in section(wrong, "pathway-heading")
    assert "Who to contact in Kent" in section(wrong, "local-contact-heading")


def test_kinds_are_named_as_families_name_them(client):
    assert '<span class="govuk-caption-l">Age group' in client.get("/id/age-band/5-10").get_data(as_text=True)
    assert '<span class="govuk-caption-l">Step' in client.get("/id/step/ehc-01-request").get_data(as_text=True)


def _link(name: str) -> Link:
    return Link(ID + "need/" + name, name, "/id/need/" + name, "Need")


def test_groups_with_the_same_heading_become_one():
    groups = [
        LinkGroup(OUT, "p", "Related", 2, [_link("a"), _link("b")]),
        LinkGroup(IN, "p", "Related", 2, [_link("b"), _link("c")]),
        LinkGroup(OUT, "q", "Part of", 1, [_link("d")]),
    ]
    merged = merge_groups(groups)
    assert [g.title for g in merged] == ["Related", "Part of"]
    assert [item.label for item in merged[0].links] == ["a", "b", "c"] and merged[0].count == 3


def test_staff_see_what_to_check_on_an_unverified_contact(app, served, embedded_store):
    from staff_helpers import login, make_staff

    note = first(
        embedded_store,
        f"""SELECT ?n WHERE {{ <{ID}contact/medway-sen-team> lo:verificationNote ?n }}""",
        "n",
    )
    staff_user, password = make_staff(served, "moderator")
    staff = app.test_client()
    assert login(staff, staff_user.email, password).status_code == 303
    box = section(staff.get("/id/step/ehc-01-request?area=medway").get_data(as_text=True), "local-contact-heading")
    assert "Not checked" in box  # each unchecked value, tagged for staff
    assert note[:60] in text_of(box)
    public = section(
        app.test_client().get("/id/step/ehc-01-request?area=medway").get_data(as_text=True), "local-contact-heading"
    )
    assert note[:60] not in text_of(public)
