"""The Flask application factory."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template

from ..config import Settings, settings_from_env
from . import area_choice as area
from . import chrome, graph, i18n
from . import glossary as glossary_module
from .explore import explore
from .gaps import gaps
from .glossary import glossary
from .lod import lod
from .maps import maps
from .mychild import mychild
from .oruk_api import oruk
from .schema_org import schema_org
from .search import search
from .sparql import init_app as init_sparql
from .sparql import sparql

BLUEPRINTS = (explore, search, maps, mychild, glossary, area.area_choice, sparql, lod, schema_org, gaps, oruk)


def create_app(test_config: dict[str, Any] | None = None, settings: Settings | None = None) -> Flask:
    """Build the app. `settings` (or GRAPH_APP_* variables) say which store to serve."""
    app = Flask(__name__)
    app.config.from_mapping(SETTINGS=settings or settings_from_env(), JSON_SORT_KEYS=False)
    if test_config:
        app.config.update(test_config)
    graph.init_app(app)
    init_sparql(app)
    # interface language, the reader's area, the abbr filter and the page frame (templates/base.html)
    for part in (i18n, area, glossary_module, chrome):
        part.init_app(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)

    @app.errorhandler(404)
    def not_found(error: Exception) -> tuple[str, int]:
        return render_template("error.html", title="Page not found", message=getattr(error, "description", "")), 404

    @app.errorhandler(400)
    def bad_request(error: Exception) -> tuple[str, int]:
        return render_template("error.html", title="Something in the address is wrong",
                               message=getattr(error, "description", "")), 400

    return app
