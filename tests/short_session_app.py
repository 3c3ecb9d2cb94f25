"""gunicorn's app factory for browser tests of the session timeout (issue 18): `short_session_app:wsgi_app()`
serves the real app with a signed-in session ending after TEST_STAFF_IDLE_SECONDS of no requests."""

from __future__ import annotations

import os


def wsgi_app():
    from graph_app.web import create_app

    return create_app({"STAFF_IDLE_SECONDS": int(os.environ.get("TEST_STAFF_IDLE_SECONDS", "6"))})
