"""Views own their data (issue 13): every section a record page shows is in its JSON twin, built by the
view (the map, related records, comments and schema.org included), never fetched by a template."""

from __future__ import annotations

import re

import pytest

from graph_app.namespaces import KINDS

# heading id on the HTML page -> where the twin holds that section's data
SECTIONS = {
    "summary-heading": ("page", "summary"),
    "help-heading": ("page", "who_can_help"),
    "law-heading": ("page", "law"),
    "wrong-heading": ("page", "things_go_wrong"),
    "answers-heading": ("page", "answers"),
    "pathway-heading": ("page", "pathway"),
    "start-heading": ("page", "pathway"),  # a pathway's first step, from the same steps
    "next-steps-heading": ("page", "next_steps"),
    "urgent-heading": ("page", "bridges", "urgent"),
    "bridges-heading": ("page", "bridges"),
    "local-contact-heading": ("page", "local_contacts"),
    "topic-local-heading": ("page", "topic_local"),
    "council-statement-heading": ("page", "council_statement"),
    "excerpts-heading": ("page", "excerpts"),
    "easy-read-heading": ("page", "easy_read"),  # pathways and key topics (issue 19)
    "reach-heading": ("contact_details",),  # a council's SENDIASS, forum or SEN team: its details (issue 16)
    "mindmap-heading": ("neighbourhood", "groups"),
    "related-heading": ("related",),
    "comments-heading": ("comments",),
    "sen-report-heading": ("sen_report",),  # a school's SEN information report (issue 19)
    "charter-heading": ("charter",),  # a council's commitment statement and the region's (issue 19)
    "destinations-heading": ("quality", "destinations"),  # where a school's leavers went (issue 19)
    "involvement-heading": ("involvement", "item"),  # a consultation's, survey's or training's dates (issue 19)
}
# shown with "none yet" and the form: the twin holds the (empty) list
ALWAYS_SHOWN = {"comments-heading", "excerpts-heading"}
GROUP = re.compile(r"^group-(\d+)$")


def at(data: dict, path: tuple[str, ...]) -> object:
    for key in path:
        if data is None:  # a part the page does not have (e.g. no involvement outside a council's records)
            return None
        data = data[key]
    return data


def record_pages(client) -> list[str]:
    """One record of every kind that has a list, plus records whose pages carry most sections."""
    pages = ["/id/need/autism", "/id/area/kent", "/id/pathway/ehc-needs-assessment", "/id/clause/cfa-2014-s30"]
    for kind, (cls, _label, _plural) in KINDS.items():
        if not cls:
            continue
        members = client.get(f"/kinds/{kind}.json").get_json()["members"]
        if members:
            pages.append(members[0]["url"])
    return list(dict.fromkeys(pages))


def test_every_record_page_section_is_in_its_twin(client):
    checked = 0
    for path in record_pages(client):
        html = client.get(path).get_data(as_text=True)
        twin = client.get(path + ".json").get_json()
        ids = re.findall(r'<h2 [^>]*id="([^"]+)"', html)
        assert ids, f"{path}: no section headings"
        for heading in ids:
            group = GROUP.match(heading)
            if group:
                assert twin["page"]["groups"][int(group.group(1)) - 1]["links"], f"{path}: {heading}"
                continue
            assert heading in SECTIONS, f"{path}: a section ({heading}) the test does not know: add it to SECTIONS"
            if heading in ALWAYS_SHOWN:
                assert at(twin, SECTIONS[heading]) is not None, f"{path}: {heading}"
            else:
                assert at(twin, SECTIONS[heading]), f"{path}: the page shows {heading} but the twin has no data for it"
            checked += 1
        # and the other way: a part the twin carries with data is shown on the page
        for heading, where in SECTIONS.items():
            if where[0] != "page" and at(twin, where):
                assert heading in ids, f"{path}: the twin has {where} but the page shows no {heading}"
        assert "schema_org" in twin
    assert checked > 10


@pytest.mark.parametrize("path", ["/id/need/autism"])
def test_the_twin_carries_what_templates_used_to_fetch(client, path):
    twin = client.get(path + ".json").get_json()
    assert {"neighbourhood", "related", "comments", "schema_org"} <= set(twin)
