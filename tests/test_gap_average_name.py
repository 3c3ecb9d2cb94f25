"""The average the councils are compared with is named from the data (issue 17): "SE7 average" on the sample,
whose seven councils are exactly the SE7 region's (dcterms:hasPart of area:se7), and "average of the N
councils" on a store with a council outside that region, as a national deployment's would have."""

from __future__ import annotations

import re
import shutil

import pyoxigraph as ox
from live_helpers import copy_build, current_store

from graph_app.gaps.average_name import AverageOf, average_of
from graph_app.layout import Layout

ID = "https://w3id.org/se7-local-offer/id/"
LO = "https://w3id.org/se7-local-offer/def#"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _councils(store) -> list[str]:
    return [r["a"].value for r in store.select(f"SELECT ?a WHERE {{ ?a a <{LO}LocalAuthority> }}")]


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_sample_compares_with_the_se7_average(embedded_store, library, served, make_app):
    assert average_of(embedded_store, library, _councils(embedded_store)) == AverageOf("SE7", 7)
    client = make_app(served).test_client()
    html = _text(client.get("/gaps/compare?council=kent&council=surrey").get_data(as_text=True))
    assert "SE7 average" in html and "average of the" not in html.lower()
    assert client.get("/gaps/compare.json?council=kent&council=surrey").get_json()["average_name"] == "SE7 average"
    assert client.get("/gaps/report/kent.json").get_json()["average_name"] == "SE7 average"


def test_a_council_outside_the_region_makes_it_the_average_of_the_councils(built, make_app, tmp_path, library):
    settings = copy_build(built, tmp_path / "data")
    shutil.rmtree(settings.data_dir / "cache" / "gaps", ignore_errors=True)  # results of the store as it was
    raw = ox.Store(str(Layout(settings.data_dir).current().store_path))
    elsewhere = ox.NamedNode(ID + "area/elsewhere")
    raw.add(ox.Quad(elsewhere, RDF_TYPE, ox.NamedNode(LO + "LocalAuthority")))
    raw.add(ox.Quad(elsewhere, RDFS_LABEL, ox.Literal("Elsewhere", language="en")))
    raw.flush()
    del raw
    store = current_store(settings)
    assert average_of(store, library, _councils(store)) == AverageOf(None, 8)
    assert average_of(store, library, [c for c in _councils(store) if c != elsewhere.value]) == AverageOf("SE7", 7)
    del store

    client = make_app(settings).test_client()
    html = _text(client.get("/gaps/compare?council=kent&council=elsewhere").get_data(as_text=True))
    assert "Average of the 8 councils" in html and re.search("(above|below) the average of the 8 councils", html)
    assert "SE7 average" not in html
    data = client.get("/gaps/compare.json?council=kent&council=elsewhere").get_json()
    assert data["average_name"] == "Average of the 8 councils" and len(data["average_over"]) == 8
