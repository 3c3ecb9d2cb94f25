"""One email as the standard library builds it: headers set through EmailMessage (never pasted together as
text), and any header value with a line break refused before it reaches the message, so no name, subject or
address can add headers (header injection)."""

from __future__ import annotations

import re
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from ..email_address import address_parts, is_email_address

_BREAKS = re.compile(r"[\r\n\x00\u2028\u2029\x85\x0b\x0c]")
SUBJECT_MAX = 200


class MailError(ValueError):
    """An email that must not be built: `field` names the header or part that is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def refuse_breaks(field: str, value: str) -> str:
    """The value unchanged, or MailError when it holds a line break (it would start a new header)."""
    if _BREAKS.search(value or ""):
        raise MailError(field, "a header value must not contain a line break")
    return value


def one_line(text: str, limit: int = 120) -> str:
    """A text from the data (a record's name) made fit for a subject line: every run of white space, line
    breaks included, becomes one space, and it is cut to `limit` characters."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def new_message_id(sender: str) -> str:
    """A unique Message-ID in the sender's domain (kept in the outbox, so a retry sends the same one)."""
    domain = address_parts(parseaddr(sender)[1])[1] or "localhost"
    return make_msgid(domain=domain)


def build(
    sender: str, to_address: str, to_name: str | None, subject: str, body: str, message_id: str, date: datetime
) -> EmailMessage:
    """The message to send. Raises MailError for a bad address or a header value with a line break."""
    refuse_breaks("from", sender)
    refuse_breaks("to", to_address)
    refuse_breaks("name", to_name or "")
    refuse_breaks("subject", subject)
    if not is_email_address(to_address):
        raise MailError("to", "not an email address")
    if not subject.strip() or len(subject) > SUBJECT_MAX:
        raise MailError("subject", f"a subject of 1 to {SUBJECT_MAX} characters")
    message = EmailMessage()
    message["From"] = sender
    local, domain = address_parts(to_address)
    message["To"] = Address(display_name=to_name or "", username=local, domain=domain)
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: out-of-office replies stay away
    message.set_content(body)
    return message
