"""Sending what the outbox holds: `send_due` once (the `graph-app notify send` command, cron), and one
background thread per process and database (`kick`) that sends as soon as a request has queued an email and
retries every minute, so a request never waits for a mail server and a server that was down is caught up
with when it comes back. Several processes may run it: each email is claimed by one sender at a time."""

from __future__ import annotations

import logging
import smtplib
import threading
from datetime import datetime

from ..config import Settings
from ..private.db import PrivateDB, open_private_db
from . import outbox, smtp
from .message import MailError, build

log = logging.getLogger(__name__)
RETRY_SECONDS = 60.0


def send_due(
    settings: Settings, db: PrivateDB | None = None, now: datetime | None = None, every: bool = False
) -> tuple[int, int]:
    """Send every pending email that is due (`every`: due or not); (sent, failed). Nothing without a server."""
    if not smtp.configured(settings):
        return 0, 0
    db = db or open_private_db(settings)
    sent = failed = 0
    after = 0  # one pass in id order: an email that fails now is not tried again in this pass
    while True:
        batch = outbox.claim(db, now, every=every, after=after)
        if not batch:
            return sent, failed
        for place, email in enumerate(batch):
            after = email.id
            try:
                created = datetime.fromisoformat(email.created_at)
                message = build(
                    settings.mail_from,
                    email.to_address,
                    email.to_name,
                    email.subject,
                    email.body,
                    email.message_id,
                    created,
                )
                smtp.send(settings, message)
            except (OSError, smtplib.SMTPException, MailError) as error:
                outbox.mark_failed(db, email.id, f"{type(error).__name__}: {error}", now)
                log.warning("email %s not sent, kept to try again: %s", email.id, type(error).__name__)
                failed += 1
                if isinstance(error, (OSError, smtplib.SMTPServerDisconnected)):
                    # the server cannot be reached: the rest wait for the next pass instead of a timeout each
                    outbox.release(db, [later.id for later in batch[place + 1 :]])
                    return sent, failed
            else:
                outbox.mark_sent(db, email.id)
                sent += 1


class _Sender(threading.Thread):
    def __init__(self, settings: Settings) -> None:
        super().__init__(name="mail-sender", daemon=True)
        self.settings = settings
        self.wake = threading.Event()

    def run(self) -> None:
        while True:
            self.wake.wait(RETRY_SECONDS)
            self.wake.clear()
            try:
                send_due(self.settings)
            except Exception:  # never let one bad pass end the thread: the next pass tries again
                log.exception("the mail sender's pass failed")


_senders: dict[tuple, _Sender] = {}
_senders_lock = threading.Lock()


def kick(settings: Settings) -> None:
    """Send what is due now, in this process's sender thread (started on first use); returns at once."""
    if not smtp.configured(settings):
        return
    key = (str(settings.private_db), settings.smtp_host, settings.smtp_port)
    with _senders_lock:
        sender = _senders.get(key)
        if sender is None or not sender.is_alive():
            sender = _senders[key] = _Sender(settings)
            sender.start()
    sender.wake.set()
