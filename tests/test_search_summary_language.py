"""A result's summary is its English description when it has one (issue 16): the summary is stored once
per node in the search index, and with Welsh and Polish definitions in the data (data/translations/) the
first definition read could be Welsh, which every reader, English or Polish, then saw under the result."""

import re

NEED = "https://w3id.org/se7-local-offer/id/need/autism"


def test_a_need_with_definitions_in_three_languages_is_summarised_in_english(client, embedded_store):
    rows = embedded_store.select(
        f"SELECT (LANG(?text) AS ?language) WHERE {{ <{NEED}> <http://www.w3.org/2004/02/skos/core#definition> ?text }}"
    )
    languages = {row["language"].value for row in rows}
    assert {"en", "cy"} <= languages  # the case this guards: more than one language to choose from
    for accept in ("en", "pl", "cy"):
        data = client.get("/search.json", query_string={"q": "autism"}, headers={"Accept-Language": accept}).get_json()
        result = next(r for r in data["results"] if r["iri"] == NEED)
        summary = re.sub(r"</?mark>", "", result["summary"])
        assert summary.startswith("Autism is a lifelong difference"), (accept, summary)
