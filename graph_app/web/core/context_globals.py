"""The current context's `g` read straight from Flask's context variables, for helpers a page calls hundreds
of times (translate, abbr, lang_attr): `flask.g` is a LocalProxy, and its look-up on every call was a few
per cent of a node page's rendering."""

from __future__ import annotations

from flask.ctx import _AppCtxGlobals
from flask.globals import _cv_app, _cv_request


def app_globals() -> _AppCtxGlobals | None:
    """`g` of the application context, or None outside one."""
    context = _cv_app.get(None)
    return None if context is None else context.g


def request_globals() -> _AppCtxGlobals | None:
    """`g` while a request is handled (a request context is pushed), else None."""
    if _cv_request.get(None) is None:
        return None
    return _cv_app.get().g
