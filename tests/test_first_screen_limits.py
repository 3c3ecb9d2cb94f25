"""Answer first on statutory and urgent pages (issue 14): a step's or resolution stage's time limit heads
its "Who to contact" section with the page that sets it, and a mental-health need's urgent help starts
with every number as a tap-to-call (or text) link before the longer descriptions. Expected values are
read from the built store, never hard-coded where the data decides."""

from __future__ import annotations

from test_node_pages import PREFIX, path_of, section, text_of


def test_a_stage_and_a_step_lead_with_their_time_limit_and_its_source(client, embedded_store):
    rows = embedded_store.select(
        PREFIX
        + """SELECT ?node ?timescale ?source WHERE {
          { ?node lo:timescale ?timescale ; lo:timeLimitSource ?source ; lo:localContact ?c }
          UNION { ?step lo:resolutionStage ?node ; lo:timescale ?timescale ; lo:timeLimitSource ?source }
          FILTER(LANG(?timescale) IN ("", "en"))  # an English page shows the English limit (cy/pl sit beside it)
        } ORDER BY ?node ?source"""
    )
    kinds = {r["node"].value.split("/id/")[1].split("/")[0] for r in rows}
    assert {"step", "resolution-stage"} <= kinds, kinds
    for row in rows:
        html = client.get(path_of(row["node"].value)).get_data(as_text=True)
        local = section(html, "local-contact-heading")
        first_sentence = row["timescale"].value.split(". ")[0]
        limit = local.index("Time limit:")
        assert first_sentence in text_of(local[limit:]), row["node"].value
        assert f'href="{row["source"].value}"' in local[limit : local.index("</p>", limit)]
        # before the contacts and the official guidance
        assert all(limit < local.index(mark) for mark in ("se7-contact", "Official guidance") if mark in local)


def test_a_pathway_page_names_no_single_time_limit(client):
    html = client.get("/id/pathway/resolving-disagreements").get_data(as_text=True)
    assert "Time limit:" not in html


def test_urgent_help_starts_with_every_number_to_tap(client, embedded_store):
    numbers = {
        r["telephone"].value.replace(" ", "")
        for r in embedded_store.select(
            PREFIX
            + """PREFIX schema: <https://schema.org/>
            SELECT ?telephone WHERE { <https://w3id.org/se7-local-offer/id/need/mental-health> lo:urgentHelp ?h .
            ?h schema:telephone ?telephone }"""
        )
    }
    assert len(numbers) >= 5
    urgent = section(client.get("/id/need/mental-health").get_data(as_text=True), "urgent-heading")
    compact = urgent[: urgent.index("<details")]
    for number in numbers:
        assert f'href="tel:{number}"' in compact or f'href="sms:{number}"' in compact, number
    # the longer descriptions and their sources come after the list, not before it
    assert "nhs.uk" in urgent[urgent.index("<details") :] and "nhs.uk" not in compact
