"""The reader's council area, chosen once and remembered in a cookie, so every page can say who can
help where they live. Works with plain HTML forms (no JavaScript); nothing is stored on the server.
The page that sets the cookie is explore/area_choice.py. Which council a page is for (the address first,
then this cookie) is decided in one place, core/context.py, which also gives the header its council."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.wrappers import Response

# the seven SE7 councils: fixed slugs from ontology/README.md
from ...slugs import COUNCILS as COUNCIL_SLUGS
from .graph import get_graph
from .labels import label_map, reader_languages

COOKIE = "se7_area"


def current_area_slug() -> str | None:
    """The chosen council's slug, or None; a cookie value that is not one of the seven is ignored."""
    value = request.cookies.get(COOKIE, "")
    return value if value in COUNCIL_SLUGS else None


def current_area() -> str | None:
    """The chosen council's IRI, or None when no area is chosen."""
    slug = current_area_slug()
    return f"{get_graph().id_base}area/{slug}" if slug else None


def council_names() -> dict[str, str]:
    """slug -> council name in the reader's language (names are data), once per store version and language."""
    graph = get_graph()
    languages = reader_languages()

    def compute() -> dict[str, str]:
        iris = {slug: f"{graph.id_base}area/{slug}" for slug in COUNCIL_SLUGS}
        names = label_map(graph, iris.values(), languages)
        return {slug: names.get(iri, slug.replace("-", " ").title()) for slug, iri in iris.items()}

    try:
        return graph.memo("council_names:" + ",".join(languages), compute)
    except Exception:  # the header must render even before the first build
        return {slug: slug.replace("-", " ").title() for slug in COUNCIL_SLUGS}


def _vary_by_cookie(response: Response) -> Response:
    """Pages and their JSON twins differ by the area cookie (the family's context, core/context.py): shared
    caches must not mix them up."""
    if response.mimetype in ("text/html", "application/json"):
        response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    app.add_template_global(current_area, "current_area")
    app.after_request(_vary_by_cookie)
