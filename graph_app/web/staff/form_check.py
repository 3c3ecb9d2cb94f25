"""The shapes check of a record's form values without saving them (issue 18): what each task-list part's
status and a part page's errors come from. The same steps as a save (edit_save.save): the form's statements,
the types publishing derives, the answers, then the shapes compiled to SPARQL; the "last checked" date and
the "Did you check the whole record?" question are left to the publish page."""

from __future__ import annotations

from flask import current_app

from ...live import forms, record_check
from ..core.graph import get_graph
from . import record_form, subforms
from .record_form import RecordForm


def form_errors(form: RecordForm) -> dict[str, str]:
    """Field key (or question key, or "record") -> the first message the shapes or the form give for it."""
    record = form.record
    triples, errors = forms.record_triples(record.iri, form.fields, form.state, record.triples)
    graph = get_graph()
    hierarchy = graph.memo("live_class_hierarchy", lambda: graph.library.construct(graph.store, "live/class_hierarchy"))
    if form.changes_type:
        triples = record_check.settle_types(record.iri, triples, hierarchy, record_form.defined_classes())
    _, answers = record_form.answer_changes(form, triples)
    parts = subforms.settle(form, triples, record_form.label_of(triples) or record.slug)  # opening times, contacts
    errors.update(parts.errors)
    checked = {record.iri: parts.triples, **answers, **parts.checked}
    shapes_file = current_app.config["SETTINGS"].shapes_file
    for focus, path, message in record_check.check(shapes_file, graph.library, graph.store, checked, hierarchy):
        if placed := subforms.place_error(form, focus, path, message):  # "Opening times 2: ..." on its box
            errors.setdefault(*placed)
            continue
        errors.setdefault(record_form.error_key(form, focus, path, message), message)
    return errors
