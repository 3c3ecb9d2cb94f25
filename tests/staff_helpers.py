"""Helpers for tests of staff pages and forms: accounts in the private database, signing in, and the CSRF
token read from a page (a module of its own, like build_helpers.py, so both test folders can import it)."""

from __future__ import annotations

import itertools
import re
import secrets

from graph_app.config import Settings
from graph_app.private import open_private_db
from graph_app.private.accounts import User, create_user

_numbers = itertools.count(1)
_TOKEN = re.compile(r'<input type="hidden" name="csrf_token" value="([^"]+)">')


def make_staff(settings: Settings, role: str, provider_iri: str | None = None) -> tuple[User, str]:
    """A new account with this role (a unique email each call) and its password."""
    password = "correct horse " + secrets.token_hex(8)
    email = f"{role}-{next(_numbers)}-{secrets.token_hex(3)}@staff.example.org"
    user = create_user(open_private_db(settings), email, f"Test {role.title()}", role, provider_iri, password)
    return user, password


def csrf_from(html: str) -> str:
    """The CSRF token in a page's form."""
    found = _TOKEN.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def token(client, path: str = "/staff/login") -> str:  # a Flask test client
    """A CSRF token for this client's session, read from a page with a form."""
    return csrf_from(client.get(path).get_data(as_text=True))


def login(client, email: str, password: str):  # a Flask test client and its response
    """Sign in through the real form; returns the response (303 on success)."""
    return client.post("/staff/login", data={"email": email, "password": password, "csrf_token": token(client)})
