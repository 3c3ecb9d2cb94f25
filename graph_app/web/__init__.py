"""The Flask application factory. Everything that runs on every request, at start-up or in the
background is registered here, so this one function lists it; registering a blueprint starts nothing.

The web layer is one folder per audience (a URL prefix names its folder), each importing only core/
and the layers below the web: explore/ (record pages, glossary, area choice), map/ (home map, A-Z,
related, paths), search/, mychild/, commission/ (/gaps), publish/ (linked data, dumps, sitemap,
schema.org, SPARQL, ORUK API), feedback/ (comments, confidential feedback) and staff/ (sign-in,
accounts, moderation, editing) and about/ (the standard pages: accessibility, privacy, cookies, the data and its
licence, contact). core/ is what every area may use and imports no area."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template

from ..config import Settings, settings_from_env
from ..gaps.warm_up import keep_warm
from .about.views import about
from .commission.districts import gap_districts
from .commission.views import gaps
from .core import (
    area,
    chrome,
    context,
    csrf,
    graph,
    i18n,
    language_choice,
    page_cache,
    proxies,
    security,
    staff_user,
    static_files,
)
from .core import contact_values as contact_details
from .core import cookie_session as sessions
from .core import cors as cross_origin
from .core import staleness as checked_dates
from .core.charter import charter_for_record
from .core.record_parts import add_record_part
from .explore import glossary as glossary_module
from .explore import records
from .explore.area_choice import area_choice
from .explore.change_history import change_history
from .explore.changes_page import changes
from .explore.glossary import glossary
from .explore.involvement_page import involvement
from .explore.involvement_record import involvement_part
from .explore.quality import quality
from .explore.records import explore
from .explore.sen_report import sen_report
from .explore.service_changes import service_changes
from .feedback import comments as comments_module
from .feedback.comments import comments, published_comments
from .feedback.confidential import feedback
from .map.nearby import neighbourhood_for, related_for
from .map.nodes import keep_projection
from .map.views import maps
from .mychild.views import mychild
from .publish import linked_data, schema_org
from .publish.linked_data import lod
from .publish.oruk_api import oruk
from .publish.sparql_endpoint import init_app as init_sparql
from .publish.sparql_endpoint import sparql
from .search import following as search_following
from .search.views import search
from .staff import sign_in
from .staff.accounts import staff_admin
from .staff.approvals import approvals_page
from .staff.contacts import staff_contacts
from .staff.council_content import council_content
from .staff.due_for_review import due_for_review
from .staff.editing import editing
from .staff.editing import init_app as init_editing
from .staff.emails import staff_emails
from .staff.feedback_actions import feedback_workflow
from .staff.moderation import moderation

BLUEPRINTS = (
    explore,
    search,
    maps,
    mychild,
    glossary,
    area_choice,
    changes,
    involvement,
    sparql,
    lod,
    gaps,
    gap_districts,
    oruk,
    sign_in.staff,
    staff_admin,
    council_content,
    comments,
    moderation,
    approvals_page,
    feedback,
    feedback_workflow,
    staff_emails,
    editing,
    due_for_review,
    staff_contacts,
    about,
)


def create_app(test_config: dict[str, Any] | None = None, settings: Settings | None = None) -> Flask:
    """Build the app. `settings` (or GRAPH_APP_* variables) say which store to serve."""
    app = Flask(__name__)
    app.config.from_mapping(SETTINGS=settings or settings_from_env())
    if test_config:
        app.config.update(test_config)
    page_cache.init_app(app)  # first, so its after-request hook sees each response last (core/page_cache.py)
    proxies.init_app(app)  # the visitor's address and scheme when reverse proxies stand in front
    security.init_app(app)  # headers on every response, body cap, plain error pages
    cross_origin.init_app(app)  # cross-origin reads of the public, read-only addresses (never pages with cookies)
    graph.init_app(app)
    init_sparql(app)
    # interface language, the reader's area, the abbr filter and the page frame (templates/core/base.html)
    # the cookie session and private database, CSRF on every form, staff sign-in and who is signed in
    for part in (
        i18n,
        language_choice,
        area,
        glossary_module,
        chrome,
        sessions,
        csrf,
        sign_in,
        staff_user,
        comments_module,
    ):
        part.init_app(app)
    checked_dates.init_app(app)  # the long_date filter: "last checked 3 March 2025" on every list
    contact_details.init_app(app)  # contact details shown to families only once checked (core/contact_values.py)
    context.init_app(app)  # the family's context for the header, links and scripts (core/context.py)
    static_files.init_app(app)  # compressed answers, versioned static URLs cached for a year
    init_editing(app)  # apply published changes a crash left unapplied (graph_app/live)
    app.before_request(linked_data.negotiate_node)  # /id/... answers RDF when the reader asks for it
    app.before_request(contact_details.guard_value_pages)  # an unchecked contact detail's page hides its value
    app.after_request(linked_data.vary_on_accept)
    app.context_processor(linked_data.rdf_format_links)  # the RDF formats a page's head links to
    app.context_processor(records.common)  # the sample-data banner and the kinds, for the page frame
    app.add_template_filter(schema_org.script_tag, "ld_json")
    # what a record page shows from other areas (core/record_parts.py), in the JSON twin too
    add_record_part(app, "schema_org", schema_org.schema_org_data)
    add_record_part(app, "neighbourhood", neighbourhood_for)
    add_record_part(app, "related", related_for)
    add_record_part(app, "comments", published_comments)
    add_record_part(app, "contact_details", contact_details.contact_details_of)  # checked ones only for families
    add_record_part(app, "change_history", change_history)  # "What changed and when" (public history)
    add_record_part(app, "service_changes", service_changes)  # closed on ..., instead try; "What changed on"
    add_record_part(app, "involvement", involvement_part)  # a consultation's dates, status, what we did
    add_record_part(app, "quality", quality)  # inspection line and leavers' destinations (issue 19)
    add_record_part(app, "sen_report", sen_report)  # a school's SEN information report, or what it is (issue 19)
    add_record_part(app, "charter", charter_for_record)  # a council's page: its commitment and the region's
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    keep_projection(app)  # the map's projection, worked out in the background (map/projection_keeper.py)
    keep_warm(app)  # every gap analysis for a new store version, in the background (graph_app/gaps/warm_up.py)
    search_following.init_app(app)  # this machine's search index follows the edit journal (search/follow.py)

    @app.errorhandler(404)
    def not_found(error: Exception) -> tuple[str, int]:
        if security.wants_json_error():  # a JSON twin or API: the error as JSON too
            return security.error_page(error), 404
        return render_template("core/error.html", title="Page not found", message=security.view_said(error)), 404

    @app.errorhandler(400)
    def bad_request(error: Exception) -> tuple[str, int]:
        if security.wants_json_error():
            return security.error_page(error), 400
        return render_template(
            "core/error.html", title="Something in the address is wrong", message=security.view_said(error)
        ), 400

    return app
