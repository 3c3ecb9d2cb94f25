"""The navigation projection served (graph_app/projection, built once per store version), the nodes it
knows, and their names in the reader's language: what every map page reads (moved out of views.py)."""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, abort, current_app

from ...projection import Projection, ProjectionFiles, catalogue, load_projection, projection_folder
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.labels import DEFAULT_LANGUAGE, label_map, reader_languages
from ..core.links import node_url as record_url
from ..core.ontology_names import family_kind_name
from ..core.staleness import checked_map, long_date
from .projection_keeper import ProjectionKeeper

MAX_PARAMETER = 2000


# ---- the projection and the nodes it knows -------------------------------------------------------


def keep_projection(app: Flask) -> None:
    """One projection keeper per app; warmed in the background at start-up unless the app is under test
    (WARM_PROJECTION overrides). It maps the version's files, which every worker shares (built by the
    build, or by the first worker under a lock: projection/shared.py)."""
    graph = app.extensions["graph"]
    files = ProjectionFiles(projection_folder(graph.settings.data_dir))

    def load() -> Projection:
        store = graph.store  # one store object: the version named is the one read
        return files.get(store.version(), lambda: load_projection(store, graph.library, graph.id_base))

    keeper = ProjectionKeeper(version=lambda: graph.store.version(), load=load)
    app.extensions["projection_keeper"] = keeper
    if app.config.get("WARM_PROJECTION", not app.testing):
        keeper.warm()


def projection() -> Projection:
    """The projection of the store version served (or, for a moment after an edit, of the one before)."""
    return current_app.extensions["projection_keeper"].get()


_catalogue_lock = threading.Lock()


def _catalogue() -> dict:
    p = projection()
    with _catalogue_lock:  # kept on the projection it was made from, so it never mixes versions
        if "catalogue" not in p.__dict__:
            p.__dict__["catalogue"] = catalogue(p)
        return p.__dict__["catalogue"]


def node_url(iri: str) -> str | None:
    return record_url(iri, get_graph().id_base)


def kind_label(kind: str) -> str:
    """The families' name for a kind ("Step", "Topic", "Ways to pay"), never the data's class name."""
    return family_kind_name(kind)


class Names:
    """Names in the reader's language for a set of IRIs, fetched in one query; for a reader who reads
    only English, straight from the projection's English names (no query at all)."""

    def __init__(self, iris, p: Projection | None = None) -> None:  # any iterable of IRIs
        wanted = set(iris)
        self._names: dict[str, str] = {}
        if p is not None and reader_languages() == [DEFAULT_LANGUAGE]:
            for iri in wanted:
                if iri in p.index:
                    self._names[iri] = p.labels[p.index[iri]]
                elif iri in p.folded:
                    self._names[iri] = p.folded[iri][1]
        missing = wanted - self._names.keys()
        if missing:
            self._names.update(label_map(get_graph(), missing))

    def __getitem__(self, iri: str) -> str:
        return self._names.get(iri, iri)


def _item(p: Projection, iri: str, names: Names) -> dict[str, Any]:
    if iri in p.index:
        n = p.index[iri]
        kind, is_sample = p.kinds[n], p.samples[n]
    else:
        kind, _label, is_sample = p.folded.get(iri, (p.kind_of(iri), "", False))
    return {
        "iri": iri,
        "label": names[iri],
        "label_lang": getattr(names[iri], "lang", DEFAULT_LANGUAGE),  # the mind map marks a name not in the page's
        "url": node_url(iri),
        "kind": kind,
        "kind_label": kind_label(kind),
        "is_sample": is_sample,
    }


def with_checked(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items, each with when its record was last checked and whether that is too long ago (the rule is
    core/staleness.py's), and the words the map's panel shows for it: one query for all of them."""
    checked = checked_map(get_graph(), [item["iri"] for item in items])
    for item in items:
        found = checked.get(item["iri"])
        item["last_checked"] = found.last_checked if found else None
        item["out_of_date"] = bool(found and found.out_of_date)
        words = long_date(found.last_checked) if found and found.out_of_date else ""
        item["checked_words"] = translate("last checked {date}", date=words) if words else ""
    return items


def resolve(raw: str | None, parameter: str) -> str:
    """A node IRI from a parameter: a full IRI, a page path such as /id/need/autism, or a page URL on
    this site. 400 (naming the parameter) when it is none of these; 404 when no such node exists."""
    p = projection()
    text = (raw or "").strip()
    if not text:
        abort(
            400,
            translate(
                "The '{name}' parameter is missing: give the address of a page, such as /id/need/autism.",
                name=parameter,
            ),
        )
    if len(text) > MAX_PARAMETER:
        abort(400, translate("The '{name}' parameter is too long.", name=parameter))
    iri = text
    if not text.startswith(p.id_base):
        path = urlsplit(text).path
        if "/id/" not in path:
            abort(
                400,
                translate(
                    "The '{name}' parameter must be the address of a page, such as /id/need/autism, "
                    "or a full identifier.",
                    name=parameter,
                ),
            )
        iri = p.id_base + path.split("/id/", 1)[1].strip("/")
    if not p.has_page(iri):
        abort(404, translate("Nothing is recorded at {address} (the '{name}' parameter).", address=iri, name=parameter))
    return iri


def _owner_chain(p: Projection, iri: str) -> tuple[str, int | None]:
    """A folded record (an answer, a contact) stands on the map for the record that owns it."""
    seen = {iri}
    while iri not in p.index and iri in p.owners and p.owners[iri] not in seen:
        iri = p.owners[iri]
        seen.add(iri)
    return iri, p.index.get(iri)
