"""/area: the page and form that choose the reader's council (the cookie itself is read in core/area.py)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from werkzeug.wrappers import Response

from ..core.area import COOKIE, COUNCIL_SLUGS, council_names, current_area_slug
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.local_paths import local_path
from ..core.twin import respond, twin_route

ONE_YEAR = 365 * 24 * 60 * 60

area_choice = Blueprint("area_choice", __name__)


def safe_next(raw: str | None) -> str:
    """A local path to go back to; anything that could leave the site is refused with 400."""
    if not raw:
        return url_for("maps.home")
    if local_path(raw) is None:
        abort(400, translate("The 'next' parameter must be a path on this site, starting with a single '/'."))
    return raw


@twin_route(area_choice, "/area")
def choose() -> object:
    """The chooser as a page of its own (and its JSON twin): the seven councils and the current choice."""
    names = council_names()
    chosen = current_area_slug()
    councils = [
        {"slug": slug, "name": names[slug], "iri": f"{get_graph().id_base}area/{slug}", "chosen": slug == chosen}
        for slug in COUNCIL_SLUGS
    ]
    return respond("explore/area.html", councils=councils, chosen=chosen, next=safe_next(request.args.get("next")))


@area_choice.post("/area")
def remember() -> Response:
    """Set (or clear, with area=none) the area cookie and go back to the page the reader came from."""
    target = safe_next(request.form.get("next") or request.args.get("next"))
    value = request.form.get("area", "")
    if value not in COUNCIL_SLUGS and value not in ("", "none"):
        councils = ", ".join(COUNCIL_SLUGS)
        abort(400, translate("The 'area' parameter must be one of: {councils}, or 'none'.", councils=councils))
    response = redirect(target, code=303)
    if value in COUNCIL_SLUGS:
        response.set_cookie(
            COOKIE, value, max_age=ONE_YEAR, path="/", samesite="Lax", httponly=True, secure=request.is_secure
        )
    else:
        response.delete_cookie(COOKIE, path="/", samesite="Lax", httponly=True, secure=request.is_secure)
    return response
