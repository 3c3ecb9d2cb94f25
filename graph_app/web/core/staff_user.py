"""Who is signed in: `current_user()`, the role decorators every staff-only view uses, and the hooks that
load the user and keep staff pages out of caches. The sign-in pages themselves are staff/sign_in.py.

A signed-in visitor's cookie session carries a random session id whose hash is in the private database
(private/staff_sessions.py).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, abort, current_app, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from ...private import staff_sessions
from ...private.accounts import User
from .chrome import this_page
from .cookie_session import get_private_db
from .i18n import translate

SESSION_ID = "sid"


def current_user() -> User | None:
    """The signed-in staff member of this request, or None (also `flask.g.user`)."""
    if "user" not in g:
        g.user = _load_user()
    return g.user


def _load_user() -> User | None:
    session_id = session.get(SESSION_ID)
    if not session_id:
        return None
    config = current_app.config
    user = staff_sessions.session_user(
        get_private_db(), session_id, float(config["STAFF_IDLE_SECONDS"]), float(config["STAFF_MAX_SECONDS"])
    )
    if user is None:
        session.pop(SESSION_ID, None)
    return user


def login_required(view: Callable) -> Callable:
    """Anonymous visitors are sent to the sign-in page, and come back here after."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_user() is None:
            return redirect(url_for("staff.login", next=this_page()))
        return view(*args, **kwargs)

    return wrapper


def roles_required(*roles: str) -> Callable:
    """Only these roles ("admin", "moderator", "editor"); anyone else signed in gets 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                return redirect(url_for("staff.login", next=this_page()))
            if user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def _forbidden(error: Exception) -> tuple[str, int]:
    return render_template(
        "core/error.html",
        title="You cannot see this page",
        message=translate(
            "Your account does not have access to this page. Ask a council admin if you think it should."
        ),
    ), 403


def _private_pages(response: Response) -> Response:
    """Staff pages are personal: never kept by caches, never indexed."""
    if request.path.startswith("/staff"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


def _set_user() -> None:
    """flask.g.user for every view (a database read only when the cookie carries a session id)."""
    if request.endpoint != "static":
        current_user()


def init_app(app: Flask) -> None:
    app.add_template_global(current_user, "current_user")
    app.before_request(_set_user)
    app.register_error_handler(403, _forbidden)
    app.after_request(_private_pages)
