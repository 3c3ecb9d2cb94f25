"""The facts the standard pages state, read from the code that makes them true (cookie names and lifetimes,
form limits, what the private database keeps), so a page cannot drift from what the site does."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from ...exporters.void import OGL
from ...private.accounts import INVITATION_DAYS
from ...private.comments import BODY_MAX as COMMENT_MAX
from ...private.feedback import BODY_MAX as FEEDBACK_MAX
from ...private.rate_limits import FORM_LIMITS
from ..core.area import COOKIE as AREA_COOKIE
from ..core.cookie_session import COOKIE as SESSION_SETTINGS
from ..core.cookie_session import DEFAULTS as SESSION_LIMITS
from ..core.csrf import ANONYMOUS_MAX_AGE
from ..core.i18n import translate
from ..core.labels import LANGUAGE_COOKIE

ONE_YEAR_DAYS = 365
BROWSER_WIDTHS = (1280, 390)  # tests/browser/test_every_page_type_browser.py: axe at both
REFLOW_WIDTH = 320  # the same test: the page reflows and targets are 24 px at 320 px
STANDARD = "WCAG 2.2 AA"


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    lasts: str
    set_when: str


def cookies() -> list[Cookie]:
    """Every cookie the site sets, and when: none for reading a page."""
    idle = SESSION_LIMITS["STAFF_IDLE_SECONDS"] // 60
    longest = SESSION_LIMITS["STAFF_MAX_SECONDS"] // 3600
    a_year = translate("{days} days", days=ONE_YEAR_DAYS)
    return [
        Cookie(
            str(SESSION_SETTINGS["SESSION_COOKIE_NAME"]),
            translate(
                "Keeps a member of staff signed in and protects staff forms. After you send confidential "
                "feedback, it carries your reference number to the next page."
            ),
            translate(
                "Until you close your browser. A staff sign-in ends after {idle} minutes without use, and after "
                "{hours} hours in any case.",
                idle=idle,
                hours=longest,
            ),
            translate("When a member of staff opens a staff page, or when you send confidential feedback."),
        ),
        Cookie(
            AREA_COOKIE,
            translate("Remembers the council area you chose."),
            a_year,
            translate("When you choose your area."),
        ),
        Cookie(
            LANGUAGE_COOKIE,
            translate("Remembers the language you chose."),
            a_year,
            translate("When you choose a language."),
        ),
    ]


@dataclass(frozen=True)
class Limits:
    comment_characters: int
    feedback_characters: int
    forms_per_address: int
    minutes: int
    form_token_hours: int
    invitation_days: int


def limits() -> Limits:
    count, seconds = current_app.config.get("COMMENT_LIMIT", FORM_LIMITS["COMMENT_LIMIT"])
    return Limits(COMMENT_MAX, FEEDBACK_MAX, count, int(seconds // 60), ANONYMOUS_MAX_AGE // 3600, INVITATION_DAYS)


LICENCE = OGL
BOUNDARY_LICENCE = "https://creativecommons.org/licenses/by/4.0/"  # data/district-adjacency.ttl's source
