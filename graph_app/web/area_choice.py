"""The reader's council area, chosen once and remembered in a cookie, so every page can say who can
help where they live. Works with plain HTML forms (no JavaScript); nothing is stored on the server."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, redirect, request, url_for
from werkzeug.wrappers import Response

from .graph import get_graph
from .labels import label_map, reader_languages
from .twin import respond, twin_route

# the seven SE7 councils: fixed slugs from ontology/README.md
COUNCIL_SLUGS = ("brighton-and-hove", "east-sussex", "hampshire", "kent", "medway", "surrey", "west-sussex")
COOKIE = "se7_area"
ONE_YEAR = 365 * 24 * 60 * 60

area_choice = Blueprint("area_choice", __name__)


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
    except Exception:  # noqa: BLE001 - the header must render even before the first build
        return {slug: slug.replace("-", " ").title() for slug in COUNCIL_SLUGS}


def safe_next(raw: str | None) -> str:
    """A local path to go back to; anything that could leave the site is refused with 400."""
    if not raw:
        return url_for("maps.home")
    parts = urlsplit(raw)
    if (parts.scheme or parts.netloc or not raw.startswith("/") or raw.startswith("//")
            or "\\" in raw or any(ord(c) < 32 or ord(c) == 127 for c in raw)):
        abort(400, "The 'next' parameter must be a path on this site, starting with a single '/'.")
    return raw


@twin_route(area_choice, "/area")
def choose() -> object:
    """The chooser as a page of its own (and its JSON twin): the seven councils and the current choice."""
    names = council_names()
    chosen = current_area_slug()
    councils = [{"slug": slug, "name": names[slug], "iri": f"{get_graph().id_base}area/{slug}",
                 "chosen": slug == chosen} for slug in COUNCIL_SLUGS]
    return respond("area.html", councils=councils, chosen=chosen, next=safe_next(request.args.get("next")))


@area_choice.post("/area")
def remember() -> Response:
    """Set (or clear, with area=none) the area cookie and go back to the page the reader came from."""
    target = safe_next(request.form.get("next") or request.args.get("next"))
    value = request.form.get("area", "")
    if value not in COUNCIL_SLUGS and value not in ("", "none"):
        abort(400, "The 'area' parameter must be one of: " + ", ".join(COUNCIL_SLUGS) + ", or 'none'.")
    response = redirect(target, code=303)
    if value in COUNCIL_SLUGS:
        response.set_cookie(COOKIE, value, max_age=ONE_YEAR, path="/", samesite="Lax", httponly=True,
                            secure=request.is_secure)
    else:
        response.delete_cookie(COOKIE, path="/", samesite="Lax", httponly=True, secure=request.is_secure)
    return response


def area_context() -> dict[str, object]:
    """For every template: the chosen council's slug and name, and the seven councils for the chooser."""
    slug = current_area_slug()
    names = council_names()
    return {"area_slug": slug, "area_name": names.get(slug) if slug else None, "council_names": names}


def _vary_by_cookie(response: Response) -> Response:
    """Pages differ by the area cookie: shared caches must not mix them up."""
    if response.mimetype == "text/html":
        response.vary.add("Cookie")
    return response


def init_app(app: Flask) -> None:
    app.context_processor(area_context)
    app.add_template_global(current_area, "current_area")
    app.after_request(_vary_by_cookie)
