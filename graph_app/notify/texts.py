"""The sentences of every email, one paragraph per catalogue key (marked with N_ so
tests/test_strings_catalogue.py keeps them in the English catalogue). Emails are written in English: the
recipient's language is not known, and staff work in English."""

from __future__ import annotations


def N_(key: str) -> str:  # noqa: N802 - gettext's marker name, which the catalogue test looks for
    return key


def paragraphs(*parts: str) -> str:
    """An email body: paragraphs separated by a blank line, ending with one line break."""
    return "\n\n".join(part for part in parts if part) + "\n"


SIGN_OFF = N_("This email was sent by the SE7 Local Offer Explorer. Please do not reply to it.")

INVITE_SUBJECT = N_("You are invited to the Local Offer staff pages")
INVITE_HELLO = N_("Hello {name},")
INVITE_BODY = N_("You have been invited to the SE7 Local Offer staff pages as a {role}.")
INVITE_LINK = N_("Choose your password here. The link works once, for {days} days:")
INVITE_IGNORE = N_("If you did not expect this email, you can ignore it: nothing happens unless the link is used.")

FEEDBACK_SUBJECT = N_("New feedback about {name} ({reference})")
FEEDBACK_BODY = N_(
    "Someone sent confidential feedback about {name}. Its reference is {reference}. "
    "The feedback itself is not in this email: read it on the staff pages."
)
FEEDBACK_READ = N_("Read the feedback, and reply to the sender by email:")
EDIT_RECORD = N_("Edit this record:")
FEEDBACK_CONFIDENTIAL = N_("Keep it confidential: do not copy it into public records.")

REPLY_SUBJECT = N_("Reply to your feedback {reference}")
REPLY_HELLO = N_("Hello {name},")
REPLY_HELLO_ANON = N_("Hello,")
REPLY_INTRO = N_("This is a reply to the feedback you sent about {about} (reference {reference}):")
REPLY_AGAIN = N_("To answer, send feedback again from the page of {about}:")

DUE_SUBJECT = N_("Records to check on the Local Offer")
DUE_INTRO = N_(
    "These records were last checked 11 months ago or more. A record last checked 12 months ago or more shows "
    'families "May be out of date". Review each one: open its review page, look at every field and confirm it '
    "is still correct, or edit it."
)
DUE_RECORD = N_("{name}: last checked {checked}, out of date from {due}.")
DUE_NEVER = N_("{name}: never checked.")
DUE_REVIEW = N_("Review now:")
DUE_ALL = N_("Every record due for review:")

DIGEST_SUBJECT = N_("Your week on the Local Offer staff pages")
DIGEST_HELLO = N_("Hello {name}, here is what needs you this week.")
DIGEST_FEEDBACK = N_("New feedback not yet acknowledged: {count}")
DIGEST_OVERDUE = N_("Records out of date (last checked 12 months ago or more, or never): {count}")
DIGEST_COMMENTS = N_("Comments from families waiting for moderation: {count}")
DIGEST_STAFF = N_("Open the staff pages:")

# feedback's workflow (private/feedback.py STATUSES), as staff pages name each status
STATUS_NAMES = {"new": N_("New"), "acknowledged": N_("Acknowledged"), "resolved": N_("Resolved")}
