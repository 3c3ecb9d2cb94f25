"""What every page's frame needs: the service navigation with the current item marked, and the address
of the page for forms that come back to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, request, url_for
from werkzeug.routing import BuildError

from .i18n import N_, translate


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    current: bool  # this very page (aria-current="page")
    active: bool  # a page inside this section (aria-current="true")


# (English text, endpoint, values, fallback path); "Help for you" is for parents and young people alike
NAVIGATION: tuple[tuple[str, str, dict[str, str], str], ...] = (
    (N_("Home"), "maps.home", {}, "/"),
    (N_("Help for you"), "mychild.page", {}, "/my-child"),
    (N_("Search"), "search.results", {}, "/search"),
    (N_("Glossary"), "glossary.index", {}, "/glossary"),
    (N_("For professionals"), "maps.professionals", {}, "/professionals"),
)


def endpoint_url(endpoint: str, fallback: str, **values: Any) -> str:
    """url_for, or the fallback path while another part of the app is not in place yet."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return fallback


def navigation() -> list[NavItem]:
    items = []
    here = request.path.removesuffix(".json")
    for text, endpoint, values, fallback in NAVIGATION:
        href = endpoint_url(endpoint, fallback, **values)
        prefix = "/kinds/" if endpoint == "explore.kind_list" else href
        current = here == href
        active = not current and href != "/" and here.startswith(prefix.rstrip("/") + "/")
        items.append(NavItem(translate(text), href, current, active))
    return items


def this_page() -> str:
    """The path and query of this page, for a form's `next` field."""
    return request.full_path.rstrip("?") if request.query_string else request.path


def init_app(app: Flask) -> None:
    app.add_template_global(navigation, "navigation")
    app.add_template_global(this_page, "this_page")
    app.add_template_global(endpoint_url, "endpoint_url")
