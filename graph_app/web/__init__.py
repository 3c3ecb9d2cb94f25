"""The Flask application factory."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template

from ..config import Settings, settings_from_env
from . import area_choice as area
from . import auth, chrome, csrf, graph, i18n, page_cache, proxies, security, sessions, static_files
from . import comments as comments_module
from . import glossary as glossary_module
from .comments import comments
from .editing import editing
from .editing import init_app as init_editing
from .explore import explore
from .feedback import feedback
from .gaps import gaps
from .glossary import glossary
from .lod import lod
from .maps import maps
from .moderation import moderation
from .mychild import mychild
from .oruk_api import oruk
from .schema_org import schema_org
from .search import search
from .sparql import init_app as init_sparql
from .sparql import sparql
from .staff_admin import staff_admin

BLUEPRINTS = (explore, search, maps, mychild, glossary, area.area_choice, sparql, lod, schema_org, gaps, oruk,
              auth.staff, staff_admin, comments, moderation, feedback, editing)


def create_app(test_config: dict[str, Any] | None = None, settings: Settings | None = None) -> Flask:
    """Build the app. `settings` (or GRAPH_APP_* variables) say which store to serve."""
    app = Flask(__name__)
    app.config.from_mapping(SETTINGS=settings or settings_from_env(), JSON_SORT_KEYS=False)
    if test_config:
        app.config.update(test_config)
    page_cache.init_app(app)  # first, so its after-request hook sees each response last (web/page_cache.py)
    proxies.init_app(app)  # the visitor's address and scheme when reverse proxies stand in front
    security.init_app(app)  # headers on every response, body cap, plain error pages
    graph.init_app(app)
    init_sparql(app)
    # interface language, the reader's area, the abbr filter and the page frame (templates/base.html)
    # the cookie session and private database, CSRF on every form, staff sign-in, the comment partial
    for part in (i18n, area, glossary_module, chrome, sessions, csrf, auth, comments_module):
        part.init_app(app)
    static_files.init_app(app)  # compressed answers, versioned static URLs cached for a year
    init_editing(app)  # apply published changes a crash left unapplied (graph_app/live)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)

    @app.errorhandler(404)
    def not_found(error: Exception) -> tuple[str, int]:
        if security.wants_json_error():  # a JSON twin or API: the error as JSON too
            return security.error_page(error), 404
        return render_template("error.html", title="Page not found", message=getattr(error, "description", "")), 404

    @app.errorhandler(400)
    def bad_request(error: Exception) -> tuple[str, int]:
        if security.wants_json_error():
            return security.error_page(error), 400
        return render_template("error.html", title="Something in the address is wrong",
                               message=getattr(error, "description", "")), 400

    return app
