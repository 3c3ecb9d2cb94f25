"""/staff/emails, "Emails sent": every email the app has written (graph_app/mail/outbox.py), sent or waiting,
with its text. A regional admin sees every email, a council admin their council's and their own, anyone else
the emails sent to them or because of them (their replies to feedback). A member of the public's address is
never shown: a reply to feedback shows "The sender of FB-...". Also the one place the web sends an invitation."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from ...mail import outbox, smtp
from ...mail.message import MailError, refuse_breaks
from ...mail.sender import kick
from ...notify.events import invitation
from ...private import accounts
from ..core.cookie_session import get_private_db
from ..core.i18n import translate
from ..core.public_url import public_root
from ..core.staff_user import current_user, login_required
from .home_counts import home_counts

staff_emails = Blueprint("staff_emails", __name__, url_prefix="/staff/emails")
PER_PAGE = 50
# the staff home's counts, asked for by its template (staff/staff_home.html), as the page is rendered
staff_emails.add_app_template_global(home_counts, "staff_home_counts")
# emails left waiting when the app last stopped go as soon as it starts (in the background), not at the next
# email or cron run; the review-due and digest jobs stay with cron (`graph-app notify`): with several workers
# and machines, running them at each start would run them many times a day
staff_emails.record_once(lambda state: kick(state.app.config["SETTINGS"]))


def has_line_break(text: str) -> bool:
    """Whether a value meant for an email header holds a line break (refused: header injection)."""
    try:
        refuse_breaks("value", text)
    except MailError:
        return True
    return False


def send_invitation(email: str, token: str) -> bool:
    """Write the invitation email for this account to the outbox and start sending it (without waiting);
    whether a mail server is configured to send it."""
    db, settings, user = get_private_db(), current_app.config["SETTINGS"], current_user()
    invited = accounts.user_by_email(db, email)
    assert invited is not None  # accounts.invite has just made or found it
    with db.connect(immediate=True) as conn:
        invitation(conn, settings, invited, token, public_root(), sent_by=user.id if user else None)
    kick(settings)
    return smtp.configured(settings)


@staff_emails.get("/")
@login_required
def page() -> str:
    user = current_user()
    assert user is not None
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100000:
        abort(400, translate("The 'page' parameter must be a whole number from 1."))
    number = int(raw)
    found = outbox.visible_to(get_private_db(), user, limit=PER_PAGE + 1, offset=(number - 1) * PER_PAGE)
    return render_template(
        "staff/staff_emails.html",
        emails=found[:PER_PAGE],
        page=number,
        has_next=len(found) > PER_PAGE,
        configured=smtp.configured(current_app.config["SETTINGS"]),
        user=user,
    )
