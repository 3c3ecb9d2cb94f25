"""/staff/admin/users: council admins invite staff (the page shows the one-time link), change roles and
disable accounts."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from pyoxigraph import NamedNode
from werkzeug.wrappers import Response

from ...namespaces import LO
from ...private import accounts
from ...private.accounts import AccountError
from ...private.providers import provider_iri
from ...slugs import is_slug
from ...store import StoreError
from ..core.cookie_session import get_private_db
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.staff_user import current_user, roles_required

staff_admin = Blueprint("staff_admin", __name__, url_prefix="/staff/admin")


def _provider(text: str, role: str) -> str | None:
    if role != "editor":
        if text.strip():
            raise AccountError(
                "provider", translate("Only a provider editor has a provider; leave it empty for this role.")
            )
        return None
    if not text.strip():
        raise AccountError("provider", translate("Enter the provider whose records this editor looks after."))
    graph = get_graph()
    try:
        store = graph.store
    except StoreError:
        store = None
    return provider_iri(store, graph.library, graph.id_base, text)


def _council(text: str, role: str) -> str | None:
    """A council admin's council from its short name ("kent"); left empty, a regional admin (every council)."""
    slug = text.strip().removeprefix("area/")
    if not slug:
        return None
    if role != "admin":
        raise AccountError("council", translate("Only a council admin has a council; leave it empty for this role."))
    problem = translate("For a council admin, enter the council's short name, like 'kent', or leave it empty.")
    if not is_slug(slug):
        raise AccountError("council", problem)
    graph = get_graph()
    iri = f"{graph.id_base}area/{slug}"
    kinds = {r["type"].value for r in graph.library.select(graph.store, "navigate/node_types", node=NamedNode(iri))}
    if not kinds & {LO + "LocalAuthority", LO + "Region"}:  # the SE7 region's admins keep its own statements
        raise AccountError("council", problem)
    return iri


def _page(status: int = 200, **extra: object) -> tuple[str, int]:
    values = {"form": {}, "errors": {}, "link": None, **extra}
    return render_template(
        "staff/staff_users.html",
        accounts=accounts.list_accounts(get_private_db()),
        roles=accounts.ROLES,
        role_names=accounts.ROLE_NAMES,
        me=current_user(),
        id_base=get_graph().id_base,
        **values,
    ), status


@staff_admin.get("/users")
@roles_required("admin")
def users() -> tuple[str, int]:
    return _page()


@staff_admin.post("/users")
@roles_required("admin")
def invite() -> tuple[str, int]:
    form = {key: request.form.get(key, "").strip() for key in ("email", "name", "role", "provider", "council")}
    errors: dict[str, str] = {}
    if not form["name"]:
        errors["name"] = translate("Enter the person's name")
    try:
        provider = _provider(form["provider"], form["role"])
        if not errors:
            council = _council(form["council"], form["role"])
            token = accounts.invite(
                get_private_db(), form["email"], form["name"], form["role"], provider, council_iri=council
            )
            link = url_for("staff.invitation", token=token, _external=True)
            return _page(link=link, invited=form["email"])
    except AccountError as error:
        errors[error.field if error.field in form else "email"] = error.message
    return _page(400, form=form, errors=errors)


@staff_admin.post("/users/<int:user_id>/role")
@roles_required("admin")
def change_role(user_id: int) -> Response | tuple[str, int]:
    if user_id == current_user().id:
        abort(400, translate("You cannot change your own role: ask another admin."))
    role, provider_text = request.form.get("role", ""), request.form.get("provider", "")
    try:
        accounts.change_role(get_private_db(), user_id, role, _provider(provider_text, role))
    except AccountError as error:
        return _page(400, errors={f"role-{user_id}": error.message})
    flash(translate("The role was changed."))
    return redirect(url_for("staff_admin.users"), code=303)


@staff_admin.post("/users/<int:user_id>/disabled")
@roles_required("admin")
def set_disabled(user_id: int) -> Response:
    if user_id == current_user().id:
        abort(400, translate("You cannot disable your own account: ask another admin."))
    disable = request.form.get("disabled") == "yes"
    try:
        accounts.set_disabled(get_private_db(), user_id, disable)
    except AccountError as error:
        abort(404, error.message)
    flash(translate("The account was disabled.") if disable else translate("The account was enabled again."))
    return redirect(url_for("staff_admin.users"), code=303)
