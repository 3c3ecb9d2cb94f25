"""The path form's "which one did you mean?" list (issue 14): records that share a name and a kind say what
tells them apart, so a family never meets three identical "Assessment (Step)" entries. The duplicated names
and what tells them apart are read from the real store, not written into the test."""

from __future__ import annotations

import html as html_lib
import re
from collections import defaultdict
from urllib.parse import quote

import pytest

ID = "https://w3id.org/se7-local-offer/id/"
PREFIX = """PREFIX lo: <https://w3id.org/se7-local-offer/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def _shared_names(store, kind: str) -> dict[str, list[str]]:
    """English name -> the IRIs of `kind` records that carry it, for names carried by two or more."""
    rows = store.select(
        PREFIX + f'SELECT ?s ?label WHERE {{ ?s rdfs:label ?label FILTER(lang(?label) = "en" '
        f'&& STRSTARTS(STR(?s), "{ID}{kind}/")) }}'
    )
    by_name: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        by_name[row["label"].value].append(row["s"].value)
    return {name: iris for name, iris in by_name.items() if len(iris) > 1}


def _choices(client, words: str) -> list[dict]:
    data = client.get(f"/path.json?from={quote(words)}&to=Kent").get_json()
    return data["candidates"]["from"]


def _shown(client, words: str) -> list[str]:
    """The entries of the list as a family reads them (name, what tells it apart, kind)."""
    page = client.get(f"/path?from={quote(words)}&to=Kent").get_data(as_text=True)
    section = page.split('aria-labelledby="candidates-from"', 1)[1].split("</section>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    return [" ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", item)).split()) for item in items]


def test_steps_with_the_same_name_are_told_apart_by_their_pathway(client, embedded_store):
    shared = _shared_names(embedded_store, "step")
    assert shared, "the data has no two steps with one name: the case this test is about"
    name, iris = sorted(shared.items(), key=lambda item: -len(item[1]))[0]
    pathways = {
        row["s"].value: row["name"].value
        for row in embedded_store.select(
            PREFIX + 'SELECT ?s ?name WHERE { ?p lo:hasStep ?s ; rdfs:label ?name FILTER(lang(?name) = "en") }'
        )
        if row["s"].value in iris
    }
    choices = [c for c in _choices(client, name) if c["iri"] in iris]
    assert len(choices) == len(iris)
    for choice in choices:
        assert choice["told_apart"] == f"step in {pathways[choice['iri']]}", choice
    shown = [entry for entry in _shown(client, name) if entry.startswith(name + " — ")]
    assert len(shown) == len(iris) and len(set(shown)) == len(shown), shown
    assert f"{name} — step in {pathways[iris[0]]} (Step)" in shown


@pytest.mark.parametrize("kind", ["step", "service", "question"])
def test_every_shared_name_in_the_list_reads_differently(client, embedded_store, kind):
    """Any duplicated name of these kinds (whatever tells them apart: pathway, place, question set, access
    level, referral route), as long as the list shows them all."""
    shared = _shared_names(embedded_store, kind)
    assert shared, f"no two {kind} records share a name in the data"
    for name, iris in sorted(shared.items())[:4]:
        choices = [c for c in _choices(client, name) if c["iri"] in iris]
        if len(choices) < len(iris):
            continue  # more than the list's ten: the family is asked for more words first
        readings = [(c["label"], c["told_apart"], c["kind_label"]) for c in choices]
        assert all(c["told_apart"] for c in choices), readings
        assert len(set(readings)) == len(readings), f"{name!r} still reads the same: {readings}"


def test_names_that_differ_get_nothing_added(client):
    choices = _choices(client, "speech")
    by_name = defaultdict(list)
    for choice in choices:
        by_name[(choice["label"].casefold(), choice["kind"])].append(choice)
    single = [c for group in by_name.values() if len(group) == 1 for c in group]
    assert single and all(c["told_apart"] == "" for c in single)
