"""The signed cookie session (made on staff pages and by a few actions, never by reading the site: it holds
the session's CSRF token and, once someone signs in, their staff session id), the app's secret key and the
private database handle.

Cookie flags: HttpOnly, SameSite=Lax, and Secure unless GRAPH_APP_COOKIE_SECURE=0. When that variable is
not set, the cookie is Secure except on plain HTTP to a loopback address (127.0.0.1, ::1, localhost), so
`make run` and the browser tests work on http://127.0.0.1 while any real deployment gets Secure cookies.
The key comes from GRAPH_APP_SECRET_KEY, or is generated once into data_dir/private/secret_key (mode 0600).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface

from ...atomic import temporary_sibling
from ...config import env_setting
from ...private import PrivateDB, open_private_db

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
COOKIE = {"SESSION_COOKIE_NAME": "se7_session", "SESSION_COOKIE_HTTPONLY": True, "SESSION_COOKIE_SAMESITE": "Lax"}
DEFAULTS = {
    "STAFF_IDLE_SECONDS": 30 * 60,  # a signed-in session ends after 30 minutes without a request
    "STAFF_MAX_SECONDS": 12 * 60 * 60,  # and in any case after 12 hours
}


class _SessionCookies(SecureCookieSessionInterface):
    """Flask's signed cookie session with the Secure flag decided per request (see the module notes)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        configured = app.config.get("COOKIE_SECURE")
        if app.config.get("SESSION_COOKIE_SECURE"):  # forced on in the app's config
            return True
        if configured is not None:
            return bool(configured)
        return request.is_secure or _host_name(request.host or "") not in LOOPBACK_HOSTS


def _host_name(host: str) -> str:
    """The Host header without its port ("[::1]:5000" -> "[::1]", "127.0.0.1:5000" -> "127.0.0.1")."""
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def secret_key_file(data_dir: Path) -> Path:
    return Path(data_dir) / "private" / "secret_key"


def load_secret_key(data_dir: Path) -> str:
    """GRAPH_APP_SECRET_KEY, else the key in data_dir/private/secret_key, made (0600) on first use. Written
    to a temporary file and hard-linked into place, so worker processes starting together agree on one key."""
    if env_setting("GRAPH_APP_SECRET_KEY"):
        return env_setting("GRAPH_APP_SECRET_KEY")
    path = secret_key_file(data_dir)
    if not path.exists():
        if not path.parent.exists():  # the private folder: the key and the private database, no one else's
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = temporary_sibling(path, secrets.token_hex(4))
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            temporary.unlink()
    return path.read_text(encoding="utf-8").strip()


HTTPS_NEEDED = (
    "Signing in needs HTTPS. Open this site with https://, or for a test on a private network start "
    "the server with GRAPH_APP_COOKIE_SECURE=0"
)


def cookie_needs_https() -> bool:
    """True when this plain-HTTP request would get a Secure cookie, which the browser then drops."""
    return not request.is_secure and current_app.session_interface.get_cookie_secure(current_app)


def get_private_db() -> PrivateDB:
    return current_app.extensions["private_db"]


def secret_bytes() -> bytes:
    return str(current_app.secret_key).encode("utf-8")


def init_app(app: Flask) -> None:
    app.config.update(COOKIE)  # Flask's own defaults (name "session", SameSite unset) are already in the config
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.config.setdefault("COOKIE_SECURE", env_setting("GRAPH_APP_COOKIE_SECURE"))
    settings = app.config["SETTINGS"]
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(settings.data_dir)
    app.session_interface = _SessionCookies()
    app.extensions["private_db"] = open_private_db(settings)
