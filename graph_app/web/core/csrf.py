"""Cross-site request forgery protection for every state-changing request in the app.

Every POST, PUT, PATCH and DELETE must carry a token (form field `csrf_token`, or the X-CSRF-Token header)
or is refused with 400. Templates write `{{ csrf_field() }}` inside each `<form method="post">`.

Two kinds of token, so that reading the site never sets a cookie (the "My child" pages promise none):
- a session token: random, kept in the signed cookie session. Staff pages (/staff/...) always use it, and
  so does anyone who already has a session; it is the only kind accepted from a signed-in user or on
  /staff, and it changes at sign-in and sign-out.
- for visitors with no session, a stateless token signed with the app's key, so the public forms (comments,
  feedback, the area choice) work without a cookie. It proves the form came from a page of this site; a
  signed-in session never accepts it. It lasts 2 hours (long enough to write a comment) and is bound to a
  hash of the visitor's User-Agent, so a token an attacker fetched with their own tools is refused from a
  victim's browser unless they also guess its exact browser string. Not bound to the client address: phones
  move between networks and IPv6 privacy addresses change during one visit, so the form would fail for real
  families; the Origin check below is the main defence, the token the second.

Origin check: every POST/PUT/PATCH/DELETE whose Origin header (or, when there is none, Referer) names another
site is refused with 403 and a plain message. Browsers send Origin on every cross-site POST; a request with
neither header (a script, curl) is not from a web page of another site, and still needs the token. Accepted:
this request's own scheme and host, the same host over https (behind a TLS proxy), and GRAPH_APP_PUBLIC_URL.
Endpoints that are APIs rather than forms, and use no cookies, are exempted by name (the SPARQL endpoint).

Why hand-written (issue 13 kept it): Flask-WTF's CSRF keeps its token in the session, so every page with a
form would set a cookie (the public pages promise none), and a token fixed into the page would defeat the
page cache, which keeps one copy of a page (12x the requests a second, bench/results/latest.md) and puts a
fresh token into each response.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, current_app, g, render_template, request, session
from flask.typing import ResponseReturnValue
from itsdangerous import BadSignature, URLSafeTimedSerializer
from markupsafe import Markup, escape

from .cookie_session import HTTPS_NEEDED, cookie_needs_https
from .i18n import translate
from .public_url import public_origin

FIELD = "csrf_token"
HEADER = "X-CSRF-Token"
SESSION_KEY = "csrf"
SIGNED_IN_KEY = "sid"  # auth.SESSION_ID: a signed-in session
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
ANONYMOUS_MAX_AGE = 2 * 60 * 60
_exempt: set[str] = {"sparql.endpoint"}
# called in turn when a token is refused; the first response given is sent instead of the 400 (issue 18: a
# record part's save is kept for its person to check after signing in again, not lost)
_refused_hooks: list[Callable[[], ResponseReturnValue | None]] = []


def exempt(endpoint: str) -> None:
    """Let requests to this endpoint ("blueprint.view") through without a token."""
    _exempt.add(endpoint)


def on_refused(hook: Callable[[], ResponseReturnValue | None]) -> None:
    """Ask `hook` first when a form's token is refused (it returns None to leave the refusal as it is)."""
    if hook not in _refused_hooks:
        _refused_hooks.append(hook)


def _staff_area() -> bool:
    return request.path == "/staff" or request.path.startswith("/staff/")


def _signer() -> URLSafeTimedSerializer:
    key = current_app.secret_key
    if not key:  # create_app always sets one; without it every anonymous token would be forgeable
        raise RuntimeError("the app has no SECRET_KEY to sign anonymous form tokens with")
    return URLSafeTimedSerializer(key, salt="se7-anonymous-form")


def csrf_token() -> str:
    """The token for this page's forms: the session's (made here on staff pages), else a signed one."""
    token = session.get(SESSION_KEY)
    if token:
        return token
    if _staff_area():
        token = session[SESSION_KEY] = secrets.token_urlsafe(32)
        return token
    if "anonymous_csrf" not in g:
        g.anonymous_csrf = _signer().dumps(_visitor())
    return g.anonymous_csrf


def _visitor() -> str:
    """What the anonymous token is bound to: a short hash of this browser's User-Agent (see the module notes)."""
    agent = request.headers.get("User-Agent", "")[:512]
    return "form:" + hashlib.sha256(agent.encode("utf-8", "replace")).hexdigest()[:16]


def rotate() -> None:
    """A new session token (at sign-in and sign-out, so a token seen before is no longer accepted)."""
    session[SESSION_KEY] = secrets.token_urlsafe(32)


def csrf_field() -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, escape(csrf_token()))


def _valid(sent: str) -> bool:
    expected = session.get(SESSION_KEY)
    if expected and hmac.compare_digest(str(expected), sent):
        return True
    if session.get(SIGNED_IN_KEY) or _staff_area():
        return False  # signed in, or a staff form: only the session's own token will do
    try:
        return hmac.compare_digest(str(_signer().loads(sent, max_age=ANONYMOUS_MAX_AGE)), _visitor())
    except BadSignature:
        return False


def _same_origin() -> bool:
    """False when the browser says the request came from a page of another site (see the module notes)."""
    sent = request.headers.get("Origin")
    if sent is None:
        referer = request.headers.get("Referer")
        if not referer:
            return True
        try:
            parts = urlsplit(referer)
        except ValueError:
            return False
        sent = f"{parts.scheme}://{parts.netloc}"
    sent = sent.strip().lower()
    host = (request.host or "").lower()
    allowed = {f"{request.scheme}://{host}", f"https://{host}", public_origin()}
    return sent in allowed  # "null" (a sandboxed frame, a privacy redirect) is never allowed


def _check() -> ResponseReturnValue | None:
    if request.method not in UNSAFE_METHODS or request.routing_exception is not None:
        return None
    if request.endpoint in _exempt:
        return None
    if not _same_origin():
        message = translate(
            "This form was sent from another website, so nothing was saved. "
            "Open this site's own page and send the form from there."
        )
        return message + "\n", 403, {"Content-Type": "text/plain; charset=utf-8"}
    sent = request.headers.get(HEADER) or request.form.get(FIELD, "")
    if sent and _valid(str(sent)):
        return None
    for hook in _refused_hooks:
        kept = hook()
        if kept is not None:
            return kept
    message = translate(
        "This form has expired or did not come from this website, so nothing was saved. "
        "Go back, reload the page and try again."
    )
    if _staff_area() and cookie_needs_https():
        message = translate(HTTPS_NEEDED) + "."
    if not request.accept_mimetypes.accept_html:
        return message + "\n", 400, {"Content-Type": "text/plain; charset=utf-8"}
    return render_template("core/error.html", title="The form could not be sent", message=message), 400


def init_app(app: Flask) -> None:
    app.add_template_global(csrf_field, "csrf_field")
    app.add_template_global(csrf_token, "csrf_token")
    app.before_request(_check)
