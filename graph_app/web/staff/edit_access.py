"""Who may edit which record, and the steps every save path shares (issue 18 split them from editing.py so
that the task list's parts, the approval queue and the one-page form use them without importing each other):
the `editing` blueprint they all add views to, the record an address names (404 otherwise), the
permission checks (403), a new record's starting point and free slug, the posted version a form was based
on, and what follows every publish.

Who may do what: an editor changes only their own provider's records (403 otherwise, on GET and POST);
an admin changes any; a council-scoped admin or moderator only their councils' records.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, abort, current_app, g, request

from ...live import history as public_history
from ...live import records, versions
from ...namespaces import RDF
from ...slugs import is_slug, slugify
from ..core.contact_values import contact_council
from ..core.council_scope import council_of, record_council
from ..core.graph import get_graph
from ..core.i18n import translate
from ..core.staff_user import current_user
from . import record_form, statement_preview

editing = Blueprint("editing", __name__, url_prefix="/staff/records")


# -- who may do what --------------------------------------------------------------------------------------
def record_or_404(kind: str, slug: str, must_exist: bool = True) -> records.Record:
    if kind not in records.EDITABLE_KINDS or not is_slug(slug):
        abort(404)
    graph = get_graph()
    record = records.load(graph.store, graph.library, graph.id_base, kind, slug)
    if must_exist and not record.exists:
        abort(404)
    return record


def can_edit(kind: str, owner: str | None) -> bool:
    """A service or setting: admins and its provider's editors; a council statement: its council's admins
    and regional admins only (an admin of another council is refused)."""
    user = current_user()
    if user is None:
        return False
    if kind == "contact-value":  # a contact detail (issue 16): its contact's council's admins, regional admins
        return user.can_edit_council(contact_council(get_graph(), owner or ""))
    if kind in records.COUNCIL_OWNED:  # a council statement, consultation or youth forum (issue 19)
        return user.can_edit_council(owner)
    # a council-scoped admin (issue 18): records of their councils' providers only
    return user.can_edit(owner) and not (user.scoped and not user.sees_council(council_of(owner)))


def may_edit(record: records.Record) -> None:
    if not can_edit(record.kind, record.owner):
        abort(403)


def may_see_history(record: records.Record) -> None:
    user = current_user()
    if user is None or not (moderates(record) or can_edit(record.kind, record.owner)):
        abort(403)


def moderates(record: records.Record) -> bool:
    """A moderator or admin of the record's council (every council for regional ones): reads its history and
    may roll it back to its original version (issue 18)."""
    user = current_user()
    council = record_council(record.kind, record.iri, record.owner)
    return user is not None and user.can_moderate and user.sees_council(council)


def organisation_of(record: records.Record, owner: str | None) -> str | None:
    """Who the public history credits with a change: the editor's provider or the admin's council."""
    user, graph = current_user(), get_graph()
    council = getattr(user, "council_iri", None)  # a council admin's own council, where the account names it
    return public_history.organisation_for(
        graph.store, graph.library, user.role, user.provider_iri, record.iri, owner, council
    )


def after_publish() -> None:
    """After a publish: read the new store generation from here on, and start building the map's
    projection of it now (web/projection_keeper.py serves the previous one until it is ready)."""
    g.pop("_graph_handles", None)
    keeper = current_app.extensions.get("projection_keeper")
    if keeper is not None:
        keeper.warm()


def based_on_posted() -> int:
    raw = request.form.get("based_on", "")
    if not raw.isdigit():
        abort(400, translate("The form is missing the version it was based on ('based_on'). Open the page again."))
    return int(raw)


def stale_message(stale: versions.StaleEdit) -> str:
    day, _, time = stale.latest.created_at.removesuffix("+00:00").partition("T")
    return translate(
        "{name} saved a change to this record on {day} at {time} (UTC), after you opened it. "
        "Your changes are not saved. Check their version, then make your changes again.",
        name=stale.latest.user_name,
        day=day,
        time=time,
    )


def names_another_owner(kind: str) -> bool:
    """Whether an editor's submitted form names a provider other than their own as the record's owner."""
    user = current_user()
    return user.role == "editor" and any(
        v.strip() and v.strip() != user.provider_iri for v in request.form.getlist(record_form.OWNER_KEY[kind])
    )


def new_record(kind: str, slug: str) -> records.Record:
    """A record not yet saved: its kind's class and, for an editor, their provider."""
    graph = get_graph()
    iri = records.record_iri(graph.id_base, kind, slug)
    triples = [ox.Triple(ox.NamedNode(iri), ox.NamedNode(RDF + "type"), ox.NamedNode(records.EDITABLE_KINDS[kind]))]
    user = current_user()
    if user.role == "editor" and user.provider_iri:
        triples.append(
            ox.Triple(ox.NamedNode(iri), ox.NamedNode(records.OWNER_PATH[kind]), ox.NamedNode(user.provider_iri))
        )
    if kind == "council-statement":  # a council admin's council, and the heading the link came from
        triples += statement_preview.new_statement(iri, user.council_iri, request.args.get("heading", ""), graph)
    elif kind in records.COUNCIL_OWNED and user.council_iri:  # a consultation or youth forum: the admin's council
        council = ox.NamedNode(user.council_iri)
        triples.append(ox.Triple(ox.NamedNode(iri), ox.NamedNode(records.OWNER_PATH[kind]), council))
    return records.Record(iri, kind, slug, triples, new=True)


def free_slug(kind: str, name: str) -> str:
    graph = get_graph()
    base = slugify(name, 80) or kind
    slug, number = base, 1
    while records.load(graph.store, graph.library, graph.id_base, kind, slug).exists:
        number += 1
        slug = f"{base}-{number}"
    return slug
