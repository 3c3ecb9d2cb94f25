"""The pathway flowchart: a server-rendered SVG with one box per step, its deadlines, escaped text, and
an ordered list of the same steps beside it on the page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from graph_app.web.explore.flowchart import FlowStep, deadline_text, flowchart_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_text_is_escaped_and_the_svg_is_well_formed():
    steps = [FlowStep(1, '<script>alert("x")</script> & more'), FlowStep(2, "Second", deadline_weeks=Decimal(6))]
    svg = str(flowchart_svg('A "quoted" <title>', steps, onward="Adult <care>"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
    assert title.text == 'A "quoted" <title>'
    assert "2 steps in order" in desc.text and "By week 6" in desc.text and "Adult <care>" in desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_one_box_per_step_in_order_plus_the_onward_pathway():
    steps = [FlowStep(3, "Three"), FlowStep(1, "One"), FlowStep(2, "Two")]
    root = ET.fromstring(str(flowchart_svg("t", steps, onward="Adult pathway")))
    groups = root.findall(SVG + "g")
    labels = [" ".join(t.text for t in g.findall(SVG + "text")) for g in groups]
    assert labels == ["1. One", "2. Two", "3. Three", "Then: Adult pathway"]
    assert len(root.findall(SVG + "path")) == 3  # one arrow between each pair of boxes


def test_deadline_words():
    assert deadline_text(None) is None
    assert deadline_text(Decimal("0")) == "Start: week 0"
    assert deadline_text(Decimal("6.0")) == "By week 6"
    assert deadline_text(Decimal("20")) == "By week 20"


def test_ehc_pathway_page_draws_its_six_steps_with_the_6_16_20_week_deadlines(client):
    html = client.get("/id/pathway/ehc-needs-assessment").get_data(as_text=True)
    svg = re.search(r"<svg class=\"flowchart\".*?</svg>", html, re.S).group(0)
    root = ET.fromstring(svg)
    assert len(root.findall(SVG + "g")) == 6
    deadlines = [t.text for t in root.iter(SVG + "text") if t.get("class") == "flowchart__deadline"]
    assert deadlines == ["Start: week 0", "By week 6", "By week 16", "By week 20"]
    steps = re.search(r'<ol class="govuk-list govuk-list--number se7-steps" id="pathway-steps">(.*?)</ol>', html, re.S)
    assert steps and steps.group(1).count("<li") == 6  # the text alternative right next to the image
    assert html.index("</svg>") < html.index('id="pathway-steps"')
    for words in ("Time limit", "Who is responsible", "If it goes wrong"):
        assert words in steps.group(1)


def test_a_pathway_that_leads_to_an_adult_one_links_onward(client, embedded_store):
    row = embedded_store.select("""PREFIX lo: <https://w3id.org/se7-local-offer/def#>
        SELECT ?p ?a WHERE { ?p a lo:Pathway ; lo:dovetailsInto ?a ; lo:hasStep ?s } ORDER BY ?p LIMIT 1""")[0]
    base = "https://w3id.org/se7-local-offer/id/"
    html = client.get("/id/" + row["p"].value[len(base) :]).get_data(as_text=True)
    onward = html[html.index("What comes next:") :]
    assert f'href="/id/{row["a"].value[len(base) :]}"' in onward[:2000]


def test_a_step_page_shows_where_it_fits(client):
    html = client.get("/id/step/ehc-04-decision-on-plan").get_data(as_text=True)
    assert "Where this step fits in" in html
    # a step's page lists the pathway compactly with this step marked; the flowchart is on the pathway's page
    steps = html[html.index('id="pathway-steps"') :]
    steps = steps[: steps.index("</ol>")]
    current = steps[steps.index('class="se7-steps__current"') :]
    assert "This step" in current[: current.index("</li>")]
    assert steps.count("<li") >= 3 and steps.count('href="/id/step/') == steps.count("<li") - 1
