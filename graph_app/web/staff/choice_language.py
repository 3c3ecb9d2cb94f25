"""A form's choices named in the page's language (issue 18): the choices and their headings (kinds of need,
councils above their districts, Acts above their sections) come from the graph in English; on a Welsh or
Polish page each is named from the graph's labels in that language (data/translations/*.ttl), English where
the data has none. The values posted are IRIs, so only the words change."""

from __future__ import annotations

from dataclasses import replace

from ...live.forms import Field
from ..core.graph import Graph
from ..core.labels import label_map, reader_languages


def in_page_language(fields: list[Field], graph: Graph) -> None:
    """Rename each field's choices and their headings in the reader's language (nothing to do in English)."""
    languages = reader_languages()
    if languages[0] == "en":
        return
    with_choices = [f for f in fields if f.choices]
    members = {c.value for f in with_choices for c in f.choices}
    headings = {c.group_iri for f in with_choices for c in f.choices if c.group_iri}
    names = label_map(graph, members | headings, languages)
    # a heading is matched by its English name (the query's), so a member listed under one of several
    # values keeps the heading it was listed under; the council-and-districts list matches a council's
    # choice to its districts' heading, and both are renamed alike
    english = label_map(graph, headings, ["en"]) if headings else {}
    heading_names = {english[i]: names[i] for i in headings if i in english and i in names}
    for item in with_choices:
        item.choices = [
            replace(c, label=names.get(c.value, c.label), group=heading_names.get(c.group, c.group))
            for c in item.choices
        ]
