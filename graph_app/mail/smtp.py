"""Sending one message to the configured mail server with smtplib (GRAPH_APP_SMTP_*)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from ..config import Settings

TIMEOUT_SECONDS = 20  # a server that does not answer fails this try; the outbox tries again later


def configured(settings: Settings) -> bool:
    return bool(settings.smtp_host)


def send(settings: Settings, message: EmailMessage) -> None:
    """Hand the message to the server (smtplib.SMTPException or OSError when it cannot)."""
    assert settings.smtp_host, "no mail server configured (GRAPH_APP_SMTP_HOST)"
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_SECONDS) as server:
        if settings.smtp_starttls:
            server.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            server.login(settings.smtp_user, settings.smtp_password or "")
        server.send_message(message)
