"""/staff/gaps/snapshots: the snapshots of the gap analyses kept for good (graph_app/gaps/snapshots.py), and a
button for a commissioner (a council admin or moderator, not a provider editor) to take one now, with a
name. The form is a POST with the site's CSRF token (web/core/csrf.py checks every POST)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from ...gaps import snapshots
from ...gaps.snapshots import NAME_MAX, SnapshotError
from ..core.cookie_session import get_private_db
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.staff_user import current_user, roles_required
from .change_since import snapshot_label
from .choices import gaps
from .history import take_on_demand
from .report_commentary_views import COMMISSIONER_ROLES


@gaps.get("/staff/gaps/snapshots")
@roles_required(*COMMISSIONER_ROLES)
def snapshot_list() -> str:
    return _page()


@gaps.post("/staff/gaps/snapshots")
@roles_required(*COMMISSIONER_ROLES)
def snapshot_take() -> WerkzeugResponse | tuple[str, int]:
    user = current_user()
    assert user is not None  # roles_required
    name = request.form.get("name", "")
    try:
        taken = take_on_demand(get_graph(), name, user.name)
    except SnapshotError as error:
        return _page(error, name), 400
    flash(translate("The snapshot {name} was taken and will be kept for good.", name=taken.name))
    return redirect(url_for("gaps.snapshot_list") + "#snapshots", code=303)


def _page(error: SnapshotError | None = None, name: str = "") -> str:
    kept = snapshots.snapshots(get_private_db())
    return render_template(
        "commission/snapshots.html",
        title=translate("Snapshots of the gap analyses"),
        kept=[(s, snapshot_label(s)) for s in kept],
        error=error,
        name=name,
        name_max=NAME_MAX,
    )
