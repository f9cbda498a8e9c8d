"""Talking to the SMTP server named by IZ_SMTP_URL: smtp://host:port or smtps://user:pass@host:465."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from innovationzone.mail.models import OutboxMail

TIMEOUT = 20.0


def message(mail: OutboxMail, sender: str) -> EmailMessage:
    """Plain text with an HTML alternative, and the one-click unsubscribe of RFC 8058."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = mail.to_address
    msg["Subject"] = mail.subject
    msg["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(mail.text_body)
    msg.add_alternative(mail.html_body, subtype="html")
    return msg


def send(url: str, msg: EmailMessage) -> None:
    """Raises OSError or smtplib.SMTPException when the server is away or refuses."""
    parts = urlsplit(url)
    secure = parts.scheme == "smtps"
    host, port = parts.hostname or "localhost", parts.port or (465 if secure else 25)
    client_class = smtplib.SMTP_SSL if secure else smtplib.SMTP
    with client_class(host, port, timeout=TIMEOUT) as client:
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(msg)
