"""/staff/reports/<council>/commentary: commissioners (council admins and moderators, not provider editors)
write the commentary and actions with owners of a council's joint commissioning report for this quarter.
Every save is a new version (private/report_commentary.py); the report shows the latest, escaped."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from ...private import report_commentary
from ...private.report_commentary import ACTIONS_MAX, Action, CommentaryError
from ...slugs import SLUG
from ..core.cookie_session import get_private_db
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.staff_user import current_user, roles_required
from .choices import Option, gaps, options

COMMISSIONER_ROLES = ("admin", "moderator")  # council staff; provider editors do not write the council's report
BLANK_ACTION_ROWS = 3


def _council(slug: str) -> Option:
    choice = next((o for o in options(get_graph())["area"] if o.slug == slug), None) if SLUG.match(slug) else None
    if choice is None:
        abort(404, description=translate("There is no council called {council}.", council=repr(slug[:60])))
    user = current_user()
    if user is not None and user.council_iri and user.council_iri != choice.iri:
        abort(403)  # a council admin writes only their own council's report
    return choice


@gaps.get("/staff/reports/<council>/commentary")
@roles_required(*COMMISSIONER_ROLES)
def report_commentary_form(council: str) -> str:
    choice = _council(council)
    period = report_commentary.period_of(date.today())
    history = report_commentary.versions(get_private_db(), choice.iri, period)
    current = history[0] if history else None
    return _form(choice, period, current.commentary if current else "", current.actions if current else [], history)


@gaps.post("/staff/reports/<council>/commentary")
@roles_required(*COMMISSIONER_ROLES)
def report_commentary_save(council: str) -> WerkzeugResponse | tuple[str, int]:
    choice = _council(council)
    period = report_commentary.period_of(date.today())
    text = request.form.get("commentary", "")
    actions = [
        Action(
            request.form.get(f"action-{n}", ""), request.form.get(f"owner-{n}", ""), request.form.get(f"due-{n}", "")
        )
        for n in range(1, ACTIONS_MAX + 1)
    ]
    user = current_user()
    assert user is not None  # roles_required
    try:
        saved = report_commentary.save(get_private_db(), choice.iri, period, user, text, actions)
    except CommentaryError as error:
        history = report_commentary.versions(get_private_db(), choice.iri, period)
        return _form(choice, period, text, actions, history, error), 400
    flash(translate("Version {number} of the commentary was saved.", number=saved.version))
    return redirect(url_for("gaps.report", council=choice.slug) + "#commentary", code=303)


def _form(
    council: Option,
    period: str,
    text: str,
    actions: list[Action],
    history: list[report_commentary.Commentary],
    error: CommentaryError | None = None,
) -> str:
    shown = [a for a in actions if a.action or a.owner or a.due]
    rows = shown + [Action("", "")] * min(BLANK_ACTION_ROWS, ACTIONS_MAX - len(shown))
    return render_template(
        "commission/report_commentary_form.html",
        title=translate("Commentary and actions: {council}", council=council.label),
        council=council,
        period=period,
        text=text,
        actions=rows,
        history=history,
        error=error,
    )
