"""Helpers for tests of published changes (graph_app/live): a private copy of a real build to change."""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
from staff_helpers import csrf_from, login, make_staff

from graph_app.config import Settings
from graph_app.layout import Layout
from graph_app.search import SearchIndex
from graph_app.store import EmbeddedStore

LO = "https://w3id.org/se7-local-offer/def#"
DESCRIPTION = "http://purl.org/dc/terms/description"
KENT = "https://w3id.org/se7-local-offer/id/area/kent"


def copy_build(built: Settings, target: Path) -> Settings:
    """A data folder of our own holding a copy of the session's build (never the shared one)."""
    current = Layout(built.data_dir).current()
    (target / "builds").mkdir(parents=True)
    # a server over the shared build may be writing its dumps (a file "<.name>.tmp", renamed when finished):
    # one renamed between copytree's listing and its copy failed the copy, so unfinished dumps stay behind
    shutil.copytree(current.path, target / "builds" / current.build_id, ignore=shutil.ignore_patterns(".*.tmp"))
    (target / "current").symlink_to(Path("builds") / current.build_id)
    if (built.data_dir / "cache").exists():
        shutil.copytree(built.data_dir / "cache", target / "cache")
    return replace(built, data_dir=target, private_db_path=None)


def current_store(settings: Settings) -> EmbeddedStore:
    return EmbeddedStore(Layout(settings.data_dir).current().store_path)


def current_search(settings: Settings) -> SearchIndex:
    return SearchIndex(Layout(settings.data_dir).current().search_path)


def statements(store, subject: str) -> list[ox.Triple]:  # any GraphStore
    return store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": ox.NamedNode(subject)})


def ntriples(triples: list[ox.Triple]) -> str:
    return "\n".join(f"{t} ." for t in triples)


def with_description(store, subject: str, text: str) -> str:
    """The subject's statements with its description replaced by `text`, as N-Triples."""
    kept = [t for t in statements(store, subject) if t.predicate.value != DESCRIPTION]
    return ntriples(kept) + f'\n<{subject}> <{DESCRIPTION}> "{text}"@en .'


def first_service(store) -> str:
    rows = store.select(f"SELECT ?s WHERE {{ ?s a <{LO}Service> }} ORDER BY ?s LIMIT 2")
    return rows[0]["s"].value


def form_data(html: str) -> dict[str, list[str]]:
    """What a browser would submit for the form as shown (text, textareas, checked boxes and radios, selected
    options)."""
    data: dict[str, list[str]] = {}
    for name, value in re.findall(
        r'<input class="govuk-input[^"]*" id="[^"]+" name="([^"]+)" type="(?:text|url)"'
        r'(?: inputmode="numeric")?(?: spellcheck="false")?(?: autocomplete="url")? '
        r'value="([^"]*)"',
        html,
    ):
        data.setdefault(name, []).append(unescape(value))
    for name, value in re.findall(r'<textarea [^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', html):
        data.setdefault(name, []).append(unescape(value))
    for name, value in re.findall(r'name="([^"]+)" type="checkbox" value="([^"]+)" checked', html):
        data.setdefault(name, []).append(unescape(value))
    for name, value in re.findall(r'name="([^"]+)" type="radio" value="([^"]+)" checked', html):
        data[name] = [unescape(value)]
    for name, body in re.findall(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r'<option value="([^"]*)" selected>', body)
        if chosen:
            data[name] = [unescape(chosen[0])]
    data["based_on"] = re.findall(r'name="based_on" value="(\d+)"', html)
    data["csrf_token"] = [csrf_from(html)]
    if 'name="checked-whole-record"' in html:  # "Did you check the whole record?" (issue 18): "No" keeps the
        data.setdefault("checked-whole-record", ["no"])  # date, as an editor changing one fact would answer
    return data


def unescape(text: str) -> str:
    return (
        text.replace("&#34;", '"')
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&amp;", "&")
    )


def signed_in_editor_of_an_unchanged_kent_record(settings: Settings, make_app, kind: str, runner: str):
    """The first open Kent record of `kind` (Service, Setting) with needs and no change history yet, an app on
    `settings` and a test client signed in as an editor for the provider `runner` names (providedBy, runBy):
    (app, client, record IRI, record label)."""
    row = current_store(settings).select(
        f"SELECT ?record ?provider ?label WHERE {{ ?record a <{LO}{kind}> ; <{LO}inLocalOfferOf> <{KENT}> ; "
        f"<{LO}{runner}> ?provider ; <{LO}meetsNeed> ?need ; <http://www.w3.org/2000/01/rdf-schema#label> ?label "
        f"FILTER NOT EXISTS {{ ?record <{LO}closedOn> ?c }} FILTER NOT EXISTS {{ ?record <{LO}changeHistory> ?h }} }}"
        " ORDER BY ?record LIMIT 1"
    )[0]
    app = make_app(settings)
    client = app.test_client()
    user, password = make_staff(settings, "editor", row["provider"].value)
    assert login(client, user.email, password).status_code == 303
    return app, client, row["record"].value, row["label"].value


def hold_back(worker, seconds: float = 600.0) -> None:
    """Leave a version worker (the gap warm-up, the dump writer) waiting until woken: its poll becomes an hour,
    and this returns once a round has ended since, so its loop waits with the long poll and will not look
    at a version published next by itself. No sleep guesses how long the short wait lasts on a busy machine."""
    before = worker.rounds
    worker.poll_s = 3600.0
    deadline = time.monotonic() + seconds
    while worker.rounds == before:
        assert time.monotonic() < deadline, f"{type(worker).__name__} ended no round in {seconds} s"
        time.sleep(0.05)
