"""Who a staff form was shown to, signed into the form itself (issue 18: a save after the session ended).

When someone's session ends while a form is open (30 minutes idle, 12 hours in all), the cookie no longer says
who they are; the form's own hidden `form_owner` field still does, signed with the app's key so it cannot be
made up or changed. A save sent then is kept as that person's draft (private/drafts.py), never applied, and
shown only to that person after they sign in again: another account signing in never sees it.
"""

from __future__ import annotations

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from markupsafe import Markup, escape

FIELD = "form_owner"
SALT = "se7-form-owner"


def _signer() -> URLSafeTimedSerializer:
    key = current_app.secret_key
    if not key:  # create_app always sets one; without it nothing could be signed
        raise RuntimeError("the app has no secret key to sign a form's owner with")
    return URLSafeTimedSerializer(key, salt=SALT)


def token(user_id: int, record_key: str) -> str:
    """The signed owner of a form about one record (bound to the record too, so it is no use on another)."""
    return _signer().dumps([int(user_id), record_key])


def field(user_id: int, record_key: str) -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, escape(token(user_id, record_key)))


def owner(record_key: str) -> int | None:
    """The user id the submitted form was shown to, if its signature holds, it is about this record and it is
    no older than a whole session may last (a form older than that was never shown in a live session)."""
    raw = request.form.get(FIELD, "")
    if not raw or len(raw) > 500:
        return None
    max_age = int(current_app.config["STAFF_MAX_SECONDS"]) + int(current_app.config["STAFF_IDLE_SECONDS"])
    try:
        user_id, key = _signer().loads(raw, max_age=max_age)
    except (BadSignature, ValueError, TypeError):
        return None
    return int(user_id) if key == record_key else None
