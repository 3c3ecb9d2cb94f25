"""Staff sign-in: /staff/login, /staff/logout and invitations (`current_user()` and the role decorators
are in core/staff_user.py).

A signed-in visitor's cookie session carries a random session id whose hash is in the private database
(private/staff_sessions.py); the id is new at every sign-in and the CSRF token changes with it. Sign-in
attempts are limited per account and per client address (429 with Retry-After).
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, flash, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from ...private import accounts, rate_limits, staff_sessions
from ...private.accounts import AccountError
from ..core import csrf
from ..core.cookie_session import HTTPS_NEEDED, cookie_needs_https, get_private_db, secret_bytes
from ..core.local_paths import local_path
from ..core.staff_user import SESSION_ID, current_user, login_required

staff = Blueprint("staff", __name__, url_prefix="/staff")
LOGIN_LIMITS = {  # failed sign-ins allowed per 15 minutes
    "LOGIN_LIMIT_ACCOUNT": (5, 15 * 60.0),
    "LOGIN_LIMIT_ADDRESS": (20, 15 * 60.0),
}


def _limits() -> list[tuple[rate_limits.Limit, str]]:
    config, secret = current_app.config, secret_bytes()
    email = request.form.get("email", "").strip().lower()
    account = rate_limits.Limit("login-account", *config["LOGIN_LIMIT_ACCOUNT"])
    address = rate_limits.Limit("login-address", *config["LOGIN_LIMIT_ADDRESS"])
    return [(account, rate_limits.subject_key(secret, email)),
            (address, rate_limits.subject_key(secret, request.remote_addr or "unknown"))]


@staff.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple:
    target = local_path(request.values.get("next")) or url_for("staff.home")
    if request.method == "GET":
        return render_template("staff/staff_login.html", next=target, email="", errors={})
    if cookie_needs_https():
        # the browser would drop the Secure session cookie over plain HTTP: say so instead of failing silently
        errors = {"email": HTTPS_NEEDED}
        return render_template("staff/staff_login.html", next=target, email="", errors=errors), 400
    db = get_private_db()
    limits = _limits()
    waits = [wait for limit, subject in limits if (wait := rate_limits.retry_after(db, limit, subject))]
    if waits:
        wait = max(waits)
        minutes = max(1, round(wait / 60))
        plural = "s" if minutes != 1 else ""
        message = f"Too many failed attempts to sign in. Wait {minutes} minute{plural} and try again."
        return Response(message + "\n", status=429, mimetype="text/plain", headers={"Retry-After": str(wait)})
    email, password = request.form.get("email", "").strip(), request.form.get("password", "")
    errors = {}
    if not email:
        errors["email"] = "Enter your email address"
    if not password:
        errors["password"] = "Enter your password"
    user = accounts.authenticate(db, email, password) if not errors else None
    if user is None:
        if not errors:
            for limit, subject in limits:
                rate_limits.record(db, limit, subject)
            errors["email"] = "The email address or password is not right, or the account is disabled"
        return render_template("staff/staff_login.html", next=target, email=email, errors=errors), 400
    rate_limits.forget(db, *limits[0])
    old = session.get(SESSION_ID)
    if old:
        staff_sessions.end_session(db, old)
    session.clear()  # a new session id and a new CSRF token: nothing from before sign-in carries over
    config = current_app.config
    staff_sessions.prune_sessions(db, float(config["STAFF_IDLE_SECONDS"]), float(config["STAFF_MAX_SECONDS"]))
    session[SESSION_ID] = staff_sessions.start_session(db, user)
    csrf.rotate()
    g.user = user
    return redirect(target, code=303)


@staff.post("/logout")
def logout() -> Response:
    session_id = session.get(SESSION_ID)
    if session_id:
        staff_sessions.end_session(get_private_db(), session_id)
    session.clear()
    csrf.rotate()
    flash("You have signed out.")
    return redirect(url_for("staff.login"), code=303)


@staff.get("/")
@login_required
def home() -> str:
    return render_template("staff/staff_home.html", user=current_user(), role_names=accounts.ROLE_NAMES)


@staff.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str) -> Response | str | tuple:
    db = get_private_db()
    invited = accounts.invitation_user(db, token)
    if invited is None:
        return _no_referrer(render_template(
            "core/error.html", title="This invitation link has expired or has already been used",
            message="Ask a council admin for a new invitation."), 404)
    errors: dict[str, str] = {}
    if request.method == "POST":
        password, again = request.form.get("password", ""), request.form.get("confirm", "")
        if password != again:
            errors["confirm"] = "The two passwords are not the same"
        else:
            try:
                accounts.accept_invitation(db, token, password)
            except AccountError as error:
                errors["password"] = error.message
        if not errors:
            flash("Your password is set. Sign in with your email address and new password.")
            return redirect(url_for("staff.login"), code=303)
    page = render_template("staff/staff_invitation.html", invited=invited, errors=errors,
                           role_name=accounts.ROLE_NAMES[invited.role])
    return _no_referrer(page, 400 if errors else 200)


def _no_referrer(body: str, status: int) -> Response:
    # the token is in this page's address: never send it on to another site
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def init_app(app: Flask) -> None:
    for key, value in LOGIN_LIMITS.items():
        app.config.setdefault(key, value)
