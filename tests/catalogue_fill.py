"""Test catalogues that are complete whatever the state of the real ones: a page under test is then wholly in
its language, and a filled string ("CY " + English) never equals a piece of data."""

from __future__ import annotations

import copy

from graph_app.web.core import i18n
from graph_app.web.core.i18n import message_ids


def completed(catalog, english, prefix: str):
    """The real catalogue with any string added since its last translation filled as PREFIX + English, so
    the page is in that language whatever the state of the catalogue (and no filled string equals data)."""
    done = copy.deepcopy(catalog)
    for key in message_ids(english) - {k for k in message_ids(done) if i18n.is_translated(done[k])}:
        source = english[key]
        text = (
            tuple(prefix + source.string[min(i, 1)] for i in range(done.num_plurals))
            if isinstance(source.id, tuple)
            else prefix + source.string
        )
        if key in done:
            done[key].string = text
        else:
            done.add(source.id, text)
    return done
