"""The home map, the mind map, related topics, paths and the A to Z, over HTTP (Flask test client)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest

from graph_app.namespaces import KINDS

ID = "https://w3id.org/se7-local-offer/id/"
HREF = re.compile(r'href="([^"#]+)')


def home_path(client) -> str:
    # explore's old home is served at "/" until it is removed; the map home is also at /home
    return "/" if b'data-kind="need"' in client.get("/").data else "/"


def page_links(client, path: str) -> set[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    links = set()
    for href in HREF.findall(response.data.decode()):
        href = href.replace("&amp;", "&")
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/static/"):
            continue
        links.add(unquote(parts.path) + (f"?{parts.query}" if parts.query else ""))
    return links


def every_page(app) -> set[str]:
    from graph_app.web.map.views import projection

    with app.test_request_context():
        p = projection()
        iris = p.iris + list(p.folded)
    return {"/id/" + iri[len(ID) :] for iri in iris if iri[len(ID) :].split("/")[0] in KINDS}


def test_every_node_is_at_most_three_clicks_from_home(app, client):
    """Follow the links actually rendered: home (0) -> pages (1) -> pages (2) -> pages (3)."""
    targets = every_page(app)
    assert len(targets) > 1000
    start = home_path(client)
    reached: set[str] = set()
    frontier, seen = [start], {start}
    for _click in range(3):
        following: list[str] = []
        # A to Z pages first: they cover the most, so the walk can stop early once all are reached
        for path in sorted(frontier, key=lambda p: (not p.startswith("/a-z/"), p)):
            for link in page_links(client, path):
                reached.add(link.split("?")[0])
                if link not in seen:
                    seen.add(link)
                    following.append(link)
            if targets <= reached:
                return
        frontier = following
    missing = sorted(targets - reached)
    assert not missing, f"{len(missing)} pages are more than three clicks from home, e.g. {missing[:5]}"


def test_home_map_has_the_top_level_topics(client):
    data = client.get("/index.json").get_json()
    groups = {g["key"]: [m["iri"] for m in g["members"]] for g in data["groups"]}
    assert {"sections", "needs", "ages", "areas", "going-wrong", "money", "travel", "ehc"} <= set(groups)
    assert len(groups["areas"]) == 7 and ID + "area/kent" in groups["areas"]
    assert ID + "heading/things-going-wrong" in groups["going-wrong"]
    assert ID + "resolution-stage/mediation" in groups["going-wrong"]
    assert ID + "pathway/ehc-needs-assessment" in groups["ehc"]
    assert "kinds" not in data  # the data-kind A-Z is for professionals (/professionals), not the family's home
    html = client.get("/").data.decode()
    assert "data-mindmap" in html and "/a-z/" not in html
    professionals = client.get("/professionals.json").get_json()
    assert "service" in str(professionals) and "contact" in str(professionals)


def test_related_has_reasons_and_twin(client):
    data = client.get("/related.json?node=/id/need/autism").get_json()
    assert data["node"]["iri"] == ID + "need/autism"
    iris = [item["iri"] for item in data["related"]]
    assert iris and ID + "need/autism" not in iris
    assert all(item["reason"] for item in data["related"])
    assert any(item["reason"].startswith("shares: ") for item in data["related"])
    html = client.get("/related?node=" + ID + "need/autism").data.decode()
    assert "You might also want to look at" in html and "How is this connected" in html


def test_related_for_a_folded_record_leads_to_its_owner(client):
    data = client.get("/a-z/answer/1.json").get_json()
    answer = data["entries"][0]
    related = client.get(f"/related.json?node={answer['url']}").get_json()["related"]
    assert related[0]["reason"] == "this record belongs to it"


def test_path_is_a_readable_chain_and_symmetric(client):
    there = client.get("/path.json?from=/id/need/autism&to=/id/need/broad-communication-and-interaction")
    chain = there.get_json()["result"]
    assert chain["connected"] is True
    assert [(s["from"]["label"], s["relation"], s["to"]["label"]) for s in chain["steps"]] == [
        ("Autism", "comes under", "Communication and interaction")
    ]
    html = client.get("/path?from=/id/need/autism&to=/id/need/broad-communication-and-interaction").data.decode()
    assert "Autism → comes under → Communication and interaction" in html
    forward = client.get("/path.json?from=/id/need/dyslexia&to=/id/area/kent").get_json()["result"]["steps"]
    backward = client.get("/path.json?from=/id/area/kent&to=/id/need/dyslexia").get_json()["result"]["steps"]
    assert [s["from"]["iri"] for s in forward] == [s["to"]["iri"] for s in reversed(backward)]
    assert all(s["to"]["url"] for s in forward)


def test_path_takes_names_and_offers_choices(client):
    by_name = client.get("/path.json?from=Autism&to=Kent").get_json()
    assert by_name["result"]["from"]["iri"] == ID + "need/autism"
    choices = client.get("/path.json?from=learning&to=Kent").get_json()
    assert choices["result"] is None and len(choices["candidates"]["from"]) > 1


def test_path_with_no_connection(client):
    result = client.get("/path.json?from=/id/scheme/needs&to=/id/need/autism").get_json()["result"]
    assert result["connected"] is False and result["steps"] == []
    assert "No connection" in client.get("/path?from=/id/scheme/needs&to=/id/need/autism").data.decode()


@pytest.mark.parametrize(
    ("path", "status", "parameter"),
    [
        ("/path?from=/id/need/autism", 400, "to"),
        ("/path?from=&to=/id/need/autism", 400, "from"),
        ("/path?from=ftp:x&to=/id/need/autism", 404, "from"),
        ("/path?from=/id/need/autism&to=/id/need/no-such-need", 404, "to"),
        ("/path?from=https://example.org/thing&to=/id/need/autism", 400, "from"),
        ("/related?node=", 400, "node"),
        ("/related?node=/id/need/no-such-need", 404, "node"),
        ("/map/neighbourhood?node=/nowhere", 400, "node"),
        ("/map/neighbourhood.json?node=" + "x" * 3000, 400, "node"),
    ],
)
def test_bad_input_is_refused_naming_the_parameter(client, path, status, parameter):
    response = client.get(path)
    assert response.status_code == status
    assert f"&#39;{parameter}&#39;".encode() in response.data or f"'{parameter}'".encode() in response.data


def test_neighbourhood_twin_is_grouped_capped_and_links_to_the_rest(client):
    data = client.get("/map/neighbourhood.json?node=/id/area/kent").get_json()
    assert data["node"]["label"] == "Kent"
    big = [g for g in data["groups"] if g["more"] > 0]
    assert big and all(len(g["members"]) <= 8 for g in data["groups"])
    more = client.get(big[0]["more_url"])
    assert more.status_code == 200
    html = client.get("/map/neighbourhood?node=/id/area/kent").data.decode()
    assert f"and {big[0]['more']} more" in html and "mindmap.js" in html


def test_a_to_z_parts_cover_a_kind(client):
    index = client.get("/a-z/answer.json").get_json()
    assert len(index["parts"]) > 1 and not index["entries"]
    total = sum(part["count"] for part in index["parts"])
    listed = sum(
        len(client.get(part["url"] + ".json" if False else part["url"]).data.decode().split('href="/id/answer/')) - 1
        for part in index["parts"]
    )
    assert listed == total
    assert client.get("/a-z/need.json").get_json()["entries"]
    assert client.get("/a-z/no-such-kind").status_code == 404
    assert client.get(f"/a-z/answer/{len(index['parts']) + 1}").status_code == 404


def test_node_page_shows_the_map_and_related(client):
    html = client.get("/id/need/autism").data.decode()
    assert "You might also want to look at" in html
    assert "Map of what this links to" in html and "data-map-node" in html


INTERNAL_KIND_NAMES = ("Pathway step", "Local offer heading", "Funding route", "Referral route", "Access level")


@pytest.mark.parametrize("words", ["budget", "referral", "care"])
def test_path_choices_use_families_names_for_kinds(client, words):
    """The "which one did you mean?" list names each kind as families do (the ontology's class labels: "Step",
    "Topic", "Ways to pay"), never the data's class names."""
    data = client.get(f"/path.json?from={words}&to=Kent").get_json()
    found = data["candidates"]["from"]
    kinds = {item["kind"] for item in found}
    assert kinds & {"step", "heading", "funding-route", "referral-route"}, kinds  # the case that mattered
    assert not {item["kind_label"] for item in found} & set(INTERNAL_KIND_NAMES)
    page = client.get(f"/path?from={words}&to=Kent").get_data(as_text=True)
    assert not any(f"({name})" in page for name in INTERNAL_KIND_NAMES)
    expected = {"step": "(Step)", "heading": "(Topic)", "funding-route": "(Ways to pay)"}
    assert any(expected[kind] in page for kind in kinds if kind in expected)


def test_path_form_asks_for_names_and_shows_names(client):
    empty = client.get("/path").get_data(as_text=True)
    hints = re.findall(r'class="govuk-hint" id="path-\w+-hint">([^<]*)<', empty)
    assert len(hints) == 2 and all("name" in hint for hint in hints)
    assert not any("/id/" in hint or "address" in hint for hint in hints)
    # a link from a record page gives addresses and identifiers: the boxes show the names
    page = client.get(f"/path?from=/id/need/autism&to={ID}area/kent").get_data(as_text=True)
    values = re.findall(r'<input class="govuk-input" id="path-(\w+)"[^>]*value="([^"]*)"', page)
    assert dict(values) == {"from": "Autism", "to": "Kent"}
