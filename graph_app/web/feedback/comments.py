"""Public comments on any page (no account needed) and the "you said, we did" page.

A comment is kept pending in the private database until a moderator publishes it with the council's
response (moderation.py); then it is in the public graph, on its page and on /you-said-we-did. Posts are
limited per client address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import Blueprint, Flask, abort, current_app, redirect, render_template, request, url_for
from pyoxigraph import Literal, NamedNode
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from ...email_address import is_email_address
from ...private.comments import BODY_MAX, NAME_MAX, add_comment
from ...slugs import SLUG_TEXT
from ..core.cookie_session import get_private_db
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.labels import literal_text
from ..core.links import node_url
from ..core.local_paths import local_path
from ..core.twin import respond, twin_route
from .post_limits import refuse_if_over

comments = Blueprint("comments", __name__)
COMMENT_LIMIT = (5, 10 * 60.0)  # comments per client address per 10 minutes
# pages nobody comments on: staff pages, the forms themselves, files and APIs
NOT_COMMENTABLE = ("staff", "staff_admin", "moderation", "comments", "feedback", "static", "sparql", "lod", "oruk")
OTHER_PAGES = "Other pages of this website"
PART = re.compile(SLUG_TEXT)  # every variable part of a commentable page (kinds, slugs, names)


@dataclass
class PublishedComment:
    iri: str
    text: str
    created: str | None
    public_name: str | None
    response: str | None
    action_taken: str | None
    responded_at: str | None
    council: str | None
    page_url: str | None = None
    page_label: str | None = None


@dataclass
class Topic:
    label: str
    url: str | None
    comments: list[PublishedComment] = field(default_factory=list)


def _value(row: dict, name: str) -> str | None:
    term = row.get(name)
    return term.value if term is not None else None


def _name(row: dict, name: str) -> str | None:
    """A name from the data, knowing its language (labels.Label): a Welsh page marks an English one."""
    term = row.get(name)
    return literal_text(term) if isinstance(term, Literal) else _value(row, name)


def _day(text: str | None) -> str | None:
    return text[:10] if text else None


def _published(row: dict) -> PublishedComment:
    return PublishedComment(
        row["comment"].value,
        row["text"].value,
        _day(_value(row, "created")),
        _value(row, "publicName"),
        _value(row, "responseText"),
        _value(row, "actionTaken"),
        _day(_value(row, "respondedAt")),
        _value(row, "councilLabel"),
    )


def published_comments(node_iri: str) -> list[PublishedComment]:
    """The published comments on a page, with responses (for _node_comments.html)."""
    graph = get_graph()
    seen: dict[str, PublishedComment] = {}
    for row in graph.library.select(graph.store, "navigate/node_comments", node=NamedNode(node_iri)):
        seen.setdefault(row["comment"].value, _published(row))
    return list(seen.values())


def page_subject(path: str) -> str:
    """The IRI a comment on this page is about: the record for a record's page (which must exist), else the
    page's address under the published base. 400 naming 'page' when the path is not a page of this site
    that takes comments: it must match one of the app's routes, each part of it a plain slug or number,
    written as the route writes it, so the stored path and subject are always a clean IRI."""
    graph = get_graph()
    clean = local_path(path, keep_query=False)
    if clean is None:
        abort(400, translate("The 'page' parameter must be a path on this site, starting with a single '/'."))
    try:
        endpoint, values = current_app.url_map.bind("localhost").match(clean, method="GET")
    except HTTPException:
        abort(400, translate("The 'page' parameter is not a page of this website: {path}", path=clean))
    if endpoint.split(".", 1)[0] in NOT_COMMENTABLE or clean.startswith("/staff"):
        abort(400, translate("The 'page' parameter names a page that takes no comments: {path}", path=clean))
    if (
        not all(isinstance(v, int) or PART.fullmatch(v) for v in values.values())
        or _route_path(endpoint, values) != clean
    ):
        abort(400, translate("The 'page' parameter is not a page of this website: {path}", path=clean))
    if endpoint.startswith("explore.node"):
        iri = f"{graph.id_base}{values['kind']}/{values['slug']}"
        if not graph.library.select(graph.store, "navigate/node_statements", node=NamedNode(iri), page=1, per_page=1):
            abort(400, translate("The 'page' parameter names a record that does not exist: {path}", path=clean))
        return iri
    return graph.settings.base + clean.lstrip("/")


def _route_path(endpoint: str, values: dict) -> str:
    """The path the route itself writes for these values (so '/id/a/b/' or an encoded spelling is no match)."""
    return current_app.url_map.bind("localhost").build(endpoint, values, force_external=False)


def _form_values() -> dict[str, str]:
    return {key: request.form.get(key, "").strip() for key in ("comment", "name", "email")}


def _errors(form: dict[str, str]) -> dict[str, str]:
    errors = {}
    if not form["comment"]:
        errors["comment"] = "Enter your comment"
    elif len(form["comment"]) > BODY_MAX:
        errors["comment"] = translate("Your comment must be {count} characters or fewer", count=BODY_MAX)
    if len(form["name"]) > NAME_MAX:
        errors["name"] = translate("The name to show must be {count} characters or fewer", count=NAME_MAX)
    email = form["email"]
    if email and not is_email_address(email):
        errors["email"] = "Enter an email address in the correct format, like name@example.org, or leave it empty"
    return errors


@comments.get("/comments/new")
def new() -> str:
    path = request.args.get("page", "/")
    page_subject(path)
    return render_template(
        "feedback/comment_form.html", page_path=local_path(path, keep_query=False), form={}, errors={}
    )


@comments.post("/comments")
def create() -> Response | tuple[str, int]:
    path = request.form.get("page", "")
    subject = page_subject(path)
    path = local_path(path, keep_query=False)
    form = _form_values()
    errors = _errors(form)
    if errors:
        return render_template("feedback/comment_form.html", page_path=path, form=form, errors=errors), 400
    refused = refuse_if_over("COMMENT_LIMIT", "comments")
    if refused is not None:
        return refused
    add_comment(get_private_db(), path, subject, form["comment"], form["name"], form["email"])
    return redirect(url_for("comments.sent", page=path), code=303)


@comments.get("/comments/sent")
def sent() -> str:
    return render_template(
        "feedback/comment_sent.html", page_path=local_path(request.args.get("page"), keep_query=False)
    )


@twin_route(comments, "/you-said-we-did")
def you_said_we_did() -> object:
    graph = get_graph()
    topics: dict[str, Topic] = {}
    seen: set[str] = set()
    rows = graph.library.select(graph.store, "navigate/you_said_we_did")
    for row in rows:
        comment = _published(row)
        if comment.iri in seen:
            continue
        seen.add(comment.iri)
        subject = row["subject"].value
        comment.page_url = node_url(subject, graph.id_base) or "/" + subject.removeprefix(graph.settings.base)
        comment.page_label = _name(row, "subjectLabel") or comment.page_url
        label = _name(row, "topicLabel") or OTHER_PAGES
        topic_url = node_url(row["topic"].value, graph.id_base) if _value(row, "topicLabel") else None
        topics.setdefault(label, Topic(label, topic_url)).comments.append(comment)
    ordered = sorted(topics.values(), key=lambda t: (t.label == OTHER_PAGES, t.label.lower()))
    return respond("feedback/you_said_we_did.html", title="You said, we did", topics=ordered, count=len(seen))


def takes_comments() -> bool:
    """Whether the page being shown takes comments, so the footer offers "Comment on this page" only where
    the form will accept the page (the comment and staff pages themselves do not)."""
    return (request.blueprint or "") not in NOT_COMMENTABLE and not request.path.startswith("/staff")


def init_app(app: Flask) -> None:
    app.config.setdefault("COMMENT_LIMIT", COMMENT_LIMIT)
    app.add_template_global(takes_comments, "takes_comments")
