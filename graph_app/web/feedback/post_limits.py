"""Per-address limits on the public forms (comments, confidential feedback), counted in the private database
so every worker process shares them."""

from __future__ import annotations

from flask import current_app, request
from werkzeug.wrappers import Response

from ...private import rate_limits
from ..core.cookie_session import get_private_db, secret_bytes
from ..core.i18n import translate_plural

DEFAULT_LIMITS = rate_limits.FORM_LIMITS  # sends per client address per period; the app config may override


def refuse_if_over(config_key: str, what: str) -> Response | None:
    """A 429 with Retry-After when this address has sent too many `what` lately; else count this one."""
    db = get_private_db()
    limit = rate_limits.Limit(config_key.lower(), *current_app.config.get(config_key, DEFAULT_LIMITS[config_key]))
    # only a keyed hash of the address is stored
    who = rate_limits.subject_key(secret_bytes(), request.remote_addr or "unknown")
    wait = rate_limits.retry_after(db, limit, who)
    if wait is not None:
        minutes = max(1, round(wait / 60))
        said = (
            translate_plural(
                "You have sent several messages in a short time. Wait {count} minute and try again.",
                "You have sent several messages in a short time. Wait {count} minutes and try again.",
                minutes,
            )
            if what == "messages"
            else translate_plural(
                "You have sent several comments in a short time. Wait {count} minute and try again.",
                "You have sent several comments in a short time. Wait {count} minutes and try again.",
                minutes,
            )
        )
        return Response(
            said + "\n",
            status=429,
            mimetype="text/plain",
            headers={"Retry-After": str(wait)},
        )
    rate_limits.record(db, limit, who)
    return None
