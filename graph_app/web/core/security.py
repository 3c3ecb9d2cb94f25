"""Security headers on every response, cookie flags, a request size cap, and error pages that never show a
stack trace. Why: families, council staff and the open web share this service; a strict Content-Security-
Policy (no 'unsafe-inline') means an injected script or style attribute cannot run even if escaping failed
somewhere, and a plain 500 page means an exception never leaks code, paths or settings."""

from __future__ import annotations

import sqlite3

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from ...store import StoreError, StoreUnavailable
from .i18n import N_, translate

# Every page works under this policy: scripts and styles come only from static/ files, never inline
# (tests/browser/test_csp_browser.py visits every page type in Chromium and fails on any violation).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
MAX_BODY_BYTES = 1024 * 1024  # no form or API here takes more; larger bodies get 413 before any view runs

# (title, message) for error statuses the views do not handle themselves
# (catalogue keys: translated when the page is made, in the reader's language)
ERROR_TEXT = {
    400: (N_("Something in the address is wrong"), ""),
    404: (N_("Page not found"), ""),
    405: (N_("This address does not accept that kind of request"), N_("Use the links and forms on the pages.")),
    413: (N_("What you sent is too large"), N_("Send less text, or split it into smaller parts.")),
    429: (N_("Too many requests"), N_("Please wait a minute and try again.")),
    500: (
        N_("Sorry, something went wrong on our side"),
        N_("The problem has been logged. Please try again later, or go back to the page you came from."),
    ),
    503: (
        N_("This page is not available just now"),
        N_("The information store is busy. Please try again in a minute."),
    ),
}
RETRY_AFTER_S = 30  # what a 503 tells browsers and crawlers to wait when the remote store does not answer
REPAIRING = (
    N_("The service is being repaired"),
    N_("Part of this service is not working just now and is being repaired. Please try again later."),
)
REPAIR_RETRY_AFTER_S = 300


def init_app(app: Flask) -> None:
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.after_request(add_headers)
    for status in (405, 413, 429):
        app.register_error_handler(status, error_page)
    app.register_error_handler(InternalServerError, error_page)
    app.register_error_handler(500, error_page)
    app.register_error_handler(StoreUnavailable, store_unavailable)
    app.register_error_handler(StoreError, being_repaired)  # no store built, or its folder gone
    app.register_error_handler(sqlite3.DatabaseError, being_repaired)  # a damaged search index or private database


def add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    # COOKIE_SECURE (GRAPH_APP_COOKIE_SECURE, graph_app/web/sessions.py) forces it behind a TLS-terminating proxy
    if current_app.config.get("COOKIE_SECURE") or request.is_secure:
        # cookies set over HTTPS are never sent back over plain HTTP
        cookies = response.headers.getlist("Set-Cookie")
        if cookies:
            response.headers.remove("Set-Cookie")
            for cookie in cookies:
                secure = cookie if "; secure" in cookie.lower() else cookie + "; Secure"
                response.headers.add("Set-Cookie", secure)
    return response


def store_unavailable(error: StoreUnavailable) -> Response:
    """The remote store failed even when asked again: a 503 with Retry-After, logged for the operators."""
    current_app.logger.warning("store unavailable for %s: %s", request.path, error)
    return error_page(ServiceUnavailable(retry_after=RETRY_AFTER_S))


def being_repaired(error: Exception) -> Response:
    """A missing store, a corrupt search index or a corrupt private database: the operators must act, so the
    cause is logged in full, and visitors get a plain 503 (JSON for JSON clients) rather than a generic 500."""
    if isinstance(error, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        current_app.logger.error("database error for %s", request.path, exc_info=error)
        return error_page(InternalServerError())  # a fault in the code, not damaged files
    current_app.logger.error(
        "service needs repair, %s for %s: %s: %s",
        request.method,
        request.path,
        type(error).__name__,
        error,
        exc_info=error,
    )
    title, message = REPAIRING[0], translate(REPAIRING[1])  # the page translates its title (core/error.html)
    if wants_json_error():
        response = jsonify({"error": translate(title), "message": message, "status": 503})
    else:
        try:
            response = Response(render_template("core/error.html", title=title, message=message), mimetype="text/html")
        except Exception:  # the page frame itself needs what is broken: plain text
            response = Response(f"{translate(title)}\n{message}\n", mimetype="text/plain")
    response.status_code = 503
    response.headers["Retry-After"] = str(REPAIR_RETRY_AFTER_S)
    return response


def wants_json_error() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        request.path.endswith(".json")
        or request.path.startswith("/oruk/")
        or (best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"])
    )


def view_said(error: Exception) -> str:
    """What the view said went wrong (in the reader's language: views pass translate()'s text), or "" when it
    gave nothing and werkzeug's English default description would show."""
    description = getattr(error, "description", None) or ""
    return "" if description == getattr(type(error), "description", None) else str(description)


def error_page(error: Exception) -> Response:
    """A plain page (or JSON) naming what went wrong in words; never the exception text or a traceback."""
    http = error if isinstance(error, HTTPException) and error.code else None
    status = http.code if http is not None and http.code else 500
    title, message = ERROR_TEXT.get(status, ERROR_TEXT[500])  # the page translates its title (core/error.html)
    message = translate(message) if message else ""
    if status in (400, 404, 429) and http is not None and view_said(http):
        message = view_said(http)  # what the view said was wrong (or, for 429, how long to wait)
    if wants_json_error():
        response = jsonify({"error": translate(title), "message": message, "status": status})
    else:
        try:
            response = Response(render_template("core/error.html", title=title, message=message), mimetype="text/html")
        except Exception:  # the page frame itself failed: fall back to text
            response = Response(f"{translate(title)}\n{message}\n", mimetype="text/plain")
    response.status_code = status
    if http is not None:  # keep Allow (405) and Retry-After (429, 503)
        for name, value in http.get_headers():
            if name.lower() not in ("content-type", "content-length"):
                response.headers[name] = value
    return response
