"""Confidential feedback to a provider about itself or one of its services or settings.

The form posts (never a GET, so the text is in no address and no access log); the text goes only to the
private database; the sender sees a reference number. /staff/feedback shows it to that provider's editors
and to council moderators and admins, and to nobody else.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from pyoxigraph import NamedNode
from werkzeug.wrappers import Response

from ...email_address import is_email_address
from ...private.feedback import BODY_MAX, add_feedback, feedback_count, feedback_for, fill_councils
from ...slugs import SLUG_TEXT
from ..core.cookie_session import get_private_db
from ..core.council_scope import council_of, may_read_feedback
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.labels import label_map
from ..core.staff_user import current_user, login_required
from .post_limits import refuse_if_over
from .workflow import inbox_extras, sent_now, tell_provider

feedback = Blueprint("feedback", __name__)
KINDS = ("provider", "service", "setting")
ABOUT = re.compile(rf"^(provider|service|setting)/({SLUG_TEXT})$")
SENT_KEY = "feedback_reference"
INBOX_PAGE = 50  # items on one page of the staff inbox


def _target(raw: str) -> tuple[str, str, str | None]:
    """(IRI, English name, provider IRI) of a provider, service or setting named by IRI or 'kind/slug'."""
    graph = get_graph()
    about = (raw or "").strip().removeprefix(graph.id_base)
    match = ABOUT.match(about)
    if not match:
        abort(
            400,
            translate(
                "The 'about' parameter must name a provider, service or setting, like "
                "'service/speech-and-language-therapy' or its full identifier."
            ),
        )
    iri = graph.id_base + about
    rows = graph.library.select(graph.store, "navigate/feedback_target", node=NamedNode(iri))
    if not rows:
        abort(404, translate("Nothing is recorded at {address}.", address=f"/id/{about}"))
    names = label_map(graph, [iri])
    providers = sorted({row["provider"].value for row in rows if row.get("provider") is not None})
    return iri, names.get(iri, about), providers[0] if providers else None


@feedback.get("/feedback/new")
def new() -> str:
    iri, label, _provider = _target(request.args.get("about", ""))
    return render_template(
        "feedback/feedback_form.html",
        about=iri.removeprefix(get_graph().id_base),
        about_label=label,
        form={},
        errors={},
    )


@feedback.post("/feedback")
def create() -> Response | tuple[str, int]:
    iri, label, provider = _target(request.form.get("about", ""))
    form = {key: request.form.get(key, "").strip() for key in ("message", "name", "email")}
    errors = {}
    if not form["message"]:
        errors["message"] = "Enter your feedback"
    elif len(form["message"]) > BODY_MAX:
        errors["message"] = translate("Your feedback must be {count} characters or fewer", count=BODY_MAX)
    if len(form["name"]) > 120:
        errors["name"] = "Your name must be 120 characters or fewer"
    email = form["email"]
    if email and not is_email_address(email):
        errors["email"] = "Enter an email address in the correct format, like name@example.org, or leave it empty"
    if errors:
        return render_template(
            "feedback/feedback_form.html",
            about=iri.removeprefix(get_graph().id_base),
            about_label=label,
            form=form,
            errors=errors,
        ), 400
    refused = refuse_if_over("FEEDBACK_LIMIT", "messages")
    if refused is not None:
        return refused
    # the emails telling the provider's editors and the moderators are kept with it, in one transaction
    then = tell_provider(iri, label, provider, council_of(iri, provider))
    db = get_private_db()
    council = council_of(iri, provider) or ""  # kept with it: the inbox filters by council (issue 18)
    reference = add_feedback(
        db, iri, label, provider, form["message"], form["name"], form["email"], then=then, council_iri=council
    )
    sent_now()
    # the reference goes to the next page in the signed session, not in its address
    session[SENT_KEY] = {"reference": reference, "about": label}
    return redirect(url_for("feedback.sent"), code=303)


@feedback.get("/feedback/sent")
def sent() -> Response:
    # shown once: a reload, the back button or the next person at a shared computer sees no reference
    sent_feedback = session.pop(SENT_KEY, None)
    response = Response(render_template("feedback/feedback_sent.html", sent=sent_feedback), mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


@feedback.get("/staff/feedback")
@login_required
def inbox() -> str:
    user = current_user()
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        abort(400, translate("The 'page' parameter must be a whole number from 1, like page=2."))
    page = int(raw)
    db = get_private_db()
    # a council's admins and moderators read their council's feedback only (issue 18): the database filters
    # by the council kept with each item (older items get theirs from the graph first), and pages the result
    fill_councils(db, council_of)
    total = feedback_count(db, user)
    pages = max(1, -(-total // INBOX_PAGE))
    found = feedback_for(db, user, limit=INBOX_PAGE, offset=(page - 1) * INBOX_PAGE)
    items = [i for i in found if may_read_feedback(user, i)]
    graph = get_graph()
    providers = label_map(graph, {item.provider_iri for item in items if item.provider_iri})
    own = label_map(graph, [user.provider_iri]).get(user.provider_iri) if user.provider_iri else None
    return render_template(
        "staff/staff_feedback.html",
        items=items,
        providers=providers,
        user=user,
        own_provider=own,
        id_base=graph.id_base,
        page=page,
        pages=pages,
        previous_url=url_for("feedback.inbox", page=page - 1) if page > 1 else None,
        next_url=url_for("feedback.inbox", page=page + 1) if page < pages else None,
        **inbox_extras(items),  # status, who moved it on, replies, the record's edit link (issue 18)
    )
