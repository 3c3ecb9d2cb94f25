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
from ..core.council_scope import council_of
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.staff_user import current_user, roles_required
from .emails import has_line_break, send_invitation

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


def _councils(text: str, role: str) -> tuple[str, ...]:
    """An admin's or moderator's councils from their short names, separated by commas ("kent, medway");
    left empty, regional staff (every council). A council-scoped admin gives only councils of their own,
    and an account they make with none gets theirs (issue 18)."""
    slugs = [part.strip().removeprefix("area/") for part in text.split(",") if part.strip()]
    me = current_user()
    if not slugs:
        return me.scope if me.scoped and role in ("admin", "moderator") else ()
    if role not in ("admin", "moderator"):
        raise AccountError(
            "council", translate("Only a council admin or moderator has councils; leave it empty for this role.")
        )
    problem = translate(
        "Enter each council's short name, like 'kent', separated by commas, or leave it empty for every council."
    )
    graph = get_graph()
    iris = []
    for slug in slugs:
        if not is_slug(slug):
            raise AccountError("council", problem)
        iri = f"{graph.id_base}area/{slug}"
        rows = graph.library.select(graph.store, "navigate/node_types", node=NamedNode(iri))
        if not {r["type"].value for r in rows} & {LO + "LocalAuthority", LO + "Region"}:  # the region's own admins
            raise AccountError("council", problem)
        if not me.sees_council(iri):
            raise AccountError("council", translate("You can only give the councils you look after yourself."))
        iris.append(iri)
    return tuple(dict.fromkeys(iris))


def _in_scope(account: accounts.Account | accounts.User) -> bool:
    """Whether the signed-in admin looks after this account (issue 18): regional admins every one; a council's
    admin their council's providers' editors and the admins and moderators of their councils only."""
    me = current_user()
    if not me.scoped:
        return True
    if account.role == "editor":
        return me.sees_council(council_of(account.provider_iri))
    return bool(account.scope) and set(account.scope) <= set(me.scope)


def _account_or_404(user_id: int) -> accounts.Account:
    account = accounts.get_account(get_private_db(), user_id)
    if account is None or not _in_scope(account):  # another council's account is as unknown as a missing one
        abort(404, translate("There is no account number {number}.", number=user_id))
    return account


def _provider_in_scope(provider: str | None) -> None:
    if provider and not current_user().sees_council(council_of(provider)):
        raise AccountError(
            "provider", translate("You can only give editors a provider in the councils you look after.")
        )


def _page(status: int = 200, **extra: object) -> tuple[str, int]:
    values = {"form": {}, "errors": {}, "link": None, **extra}
    return render_template(
        "staff/staff_users.html",
        accounts=[a for a in accounts.list_accounts(get_private_db()) if _in_scope(a)],
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
    elif has_line_break(request.form.get("name", "")):  # it goes into the invitation email's To header
        errors["name"] = translate("Enter the person's name on one line.")
    try:
        provider = _provider(form["provider"], form["role"])
        _provider_in_scope(provider)
        if not errors:
            councils = _councils(form["council"], form["role"])
            existing = accounts.user_by_email(get_private_db(), form["email"])
            if existing is not None and not _in_scope(existing):
                raise AccountError("email", translate("{email} already has an account.", email=form["email"]))
            token = accounts.invite(
                get_private_db(), form["email"], form["name"], form["role"], provider, councils=councils
            )
            # emailed (issue 18), and kept on /staff/emails; without a mail server the page shows the link once
            if send_invitation(form["email"], token):
                return _page(emailed=True, invited=form["email"])
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
    account = _account_or_404(user_id)
    role, provider_text = request.form.get("role", ""), request.form.get("provider", "")
    try:
        provider = _provider(provider_text, role)
        _provider_in_scope(provider)
        councils = None  # kept as they are; a council's admin keeps a promoted editor within their councils
        if "council" in request.form or (current_user().scoped and role != "editor" and not account.scope):
            councils = _councils(request.form.get("council", ""), role)
        accounts.change_role(get_private_db(), user_id, role, provider, councils)
    except AccountError as error:
        return _page(400, errors={f"role-{user_id}": error.message})
    flash(translate("The role was changed."))
    return redirect(url_for("staff_admin.users"), code=303)


@staff_admin.post("/users/<int:user_id>/disabled")
@roles_required("admin")
def set_disabled(user_id: int) -> Response:
    if user_id == current_user().id:
        abort(400, translate("You cannot disable your own account: ask another admin."))
    _account_or_404(user_id)
    disable = request.form.get("disabled") == "yes"
    try:
        accounts.set_disabled(get_private_db(), user_id, disable)
    except AccountError as error:
        abort(404, error.message)
    flash(translate("The account was disabled.") if disable else translate("The account was enabled again."))
    return redirect(url_for("staff_admin.users"), code=303)
