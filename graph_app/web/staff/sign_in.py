"""Staff sign-in: /staff/login, /staff/logout and invitations (`current_user()` and the role decorators
are in core/staff_user.py).

A signed-in visitor's cookie session carries a random session id whose hash is in the private database
(private/staff_sessions.py); the id is new at every sign-in and the CSRF token changes with it. Each sign-in
attempt is counted before its password is checked, with an exponential back-off per client address and a
much higher ceiling per account (private/login_throttle.py says why): 429 with Retry-After.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, flash, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from ...private import accounts, login_throttle, rate_limits, staff_sessions
from ...private.accounts import AccountError
from ..core import csrf
from ..core.cookie_session import HTTPS_NEEDED, cookie_needs_https, get_private_db, secret_bytes
from ..core.i18n import translate, translate_plural
from ..core.local_paths import local_path
from ..core.staff_user import SESSION_ID, current_user, login_required

staff = Blueprint("staff", __name__, url_prefix="/staff")
LOGIN_THROTTLE = login_throttle.Policy()  # app.config["LOGIN_THROTTLE"]; tests set a quicker one
ENDED = ("kept", "lost")  # ?ended=: the sign-in page says whether a save sent after the session ended was kept


def _too_many(wait: int) -> Response:
    minutes = max(1, round(wait / 60))
    if wait < 60:
        when = translate_plural("{count} second", "{count} seconds", wait)
    else:
        when = translate_plural("{count} minute", "{count} minutes", minutes)
    message = translate("Too many failed attempts to sign in. Wait {time} and try again.", time=when)
    return Response(message + "\n", status=429, mimetype="text/plain", headers={"Retry-After": str(wait)})


@staff.route("/login", methods=["GET", "POST"])
def login() -> Response | str | tuple:
    target = local_path(request.values.get("next")) or url_for("staff.home")
    ended = request.args.get("ended", "")  # a save sent after the session ended (staff/record_parts.py)
    if request.method == "GET":
        return render_template(
            "staff/staff_login.html", next=target, email="", errors={}, ended=ended if ended in ENDED else ""
        )
    if cookie_needs_https():
        # the browser would drop the Secure session cookie over plain HTTP: say so instead of failing silently
        errors = {"email": HTTPS_NEEDED}
        return render_template("staff/staff_login.html", next=target, email="", errors=errors), 400
    db = get_private_db()
    email, password = request.form.get("email", "").strip(), request.form.get("password", "")
    errors = {}
    if not email:
        errors["email"] = translate("Enter your email address")
    if not password:
        errors["password"] = translate("Enter your password")
    if errors:  # nothing to check, so nothing hashed and nothing counted
        return render_template("staff/staff_login.html", next=target, email=email, errors=errors), 400
    secret = secret_bytes()
    account = rate_limits.subject_key(secret, email.lower())
    # counted before the (deliberately slow) password hash, in one transaction with the check
    attempt = login_throttle.reserve(
        db,
        current_app.config["LOGIN_THROTTLE"],
        rate_limits.subject_key(secret, request.remote_addr or "unknown"),
        account,
    )
    if isinstance(attempt, int):
        return _too_many(attempt)
    user = accounts.authenticate(db, email, password)
    if user is None:
        errors["email"] = translate("The email address or password is not right, or the account is disabled")
        return render_template("staff/staff_login.html", next=target, email=email, errors=errors), 400
    login_throttle.succeeded(db, attempt, account)
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
    flash(translate("You have signed out."))
    return redirect(url_for("staff.login"), code=303)


@staff.post("/session/stay")
def stay_signed_in() -> Response:
    """ "Stay signed in" on the timeout warning (static/js/staff-session.js): the idle time starts again.
    204 while the session lives; 401 once it has ended (the page then says so)."""
    session_id = session.get(SESSION_ID)
    if not session_id or current_user() is None:
        ended = translate("Your session has ended. Sign in again to carry on.")
        return Response(ended + "\n", status=401, mimetype="text/plain")
    staff_sessions.touch(get_private_db(), session_id)
    return Response(status=204)


@staff.get("/")
@login_required
def home() -> str:
    return render_template("staff/staff_home.html", user=current_user(), role_names=accounts.ROLE_NAMES)


@staff.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str) -> Response | str | tuple:
    db = get_private_db()
    invited = accounts.invitation_user(db, token)
    if invited is None:
        return _no_referrer(
            render_template(
                "core/error.html",
                title=translate("This invitation link has expired or has already been used"),
                message=translate("Ask a council admin for a new invitation."),
            ),
            404,
        )
    errors: dict[str, str] = {}
    if request.method == "POST":
        password, again = request.form.get("password", ""), request.form.get("confirm", "")
        if password != again:
            errors["confirm"] = translate("The two passwords are not the same")
        else:
            try:
                accounts.accept_invitation(db, token, password)
            except AccountError as error:
                errors["password"] = error.message
        if not errors:
            flash(translate("Your password is set. Sign in with your email address and new password."))
            return redirect(url_for("staff.login"), code=303)
    page = render_template(
        "staff/staff_invitation.html", invited=invited, errors=errors, role_name=accounts.ROLE_NAMES[invited.role]
    )
    return _no_referrer(page, 400 if errors else 200)


def _no_referrer(body: str, status: int) -> Response:
    # the token is in this page's address: never send it on to another site. "same-origin", not "no-referrer":
    # with no-referrer the browser sends `Origin: null` on the form's own POST, which the origin check refuses
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("LOGIN_THROTTLE", LOGIN_THROTTLE)
