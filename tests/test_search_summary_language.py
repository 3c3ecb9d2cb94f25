"""A result's summary is in the reader's language (issue 16): the search index stores the English
description once per node (with Welsh and Polish definitions in the data, the first definition read could
have been Welsh, which every reader then saw), and a Welsh or Polish page swaps in that language's
description where the data has one."""

import html
import re

from graph_app.search.build import cut_summary

NEED = "https://w3id.org/se7-local-offer/id/need/autism"


def test_a_need_with_definitions_in_three_languages_is_summarised_in_the_readers(client, embedded_store):
    rows = embedded_store.select(
        "SELECT ?text (LANG(?text) AS ?language)"
        f" WHERE {{ <{NEED}> <http://www.w3.org/2004/02/skos/core#definition> ?text }}"
    )
    languages = {row["language"].value for row in rows}
    definitions = {row["language"].value: row["text"].value for row in rows}
    assert {"en", "cy"} <= languages  # the case this guards: more than one language to choose from
    for accept in ("en", "pl", "cy"):
        data = client.get("/search.json", query_string={"q": "autism"}, headers={"Accept-Language": accept}).get_json()
        result = next(r for r in data["results"] if r["iri"] == NEED)
        summary = html.unescape(re.sub(r"</?mark>", "", result["summary"]))  # the summary is marked-up text
        if accept == "en" or accept not in definitions:
            assert summary.startswith("Autism is a lifelong difference"), (accept, summary)
        else:
            assert summary == cut_summary(definitions[accept]), (accept, summary)
