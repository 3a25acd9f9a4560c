"""Reminder mails: one message per account (Indonesian, then English), sent over SMTP."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage

from ekinerja.messages import N_, Message
from ekinerja.services.deadlines import Reminder

MAX_LINES = 50  # items listed per section; the rest are counted


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how reminder mails are sent."""

    host: str
    port: int = 25
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    sender: str = "ekinerja@localhost"


def _section(title: str, lines: Sequence[str]) -> list[str]:
    if not lines:
        return []
    shown = list(lines[:MAX_LINES])
    if len(lines) > MAX_LINES:
        shown.append(f"... +{len(lines) - MAX_LINES}")
    return [title, *(f"- {line}" for line in shown), ""]


def _title(msgid: str, count: int) -> str:
    return f"{Message(msgid).bilingual()} ({count}):"


def compose(reminder: Reminder, sender: str, app_url: str | None = None) -> EmailMessage:
    """The reminder mail of one account."""
    overdue = [m for m in reminder.missing if m.overdue]
    due = [m for m in reminder.missing if not m.overdue]
    body = [f"Yth. {reminder.name or reminder.username},", ""]
    due_by, rejected = Message(N_("due")).bilingual(), Message(N_("rejected")).bilingual()
    body += _section(
        _title(N_("overdue realizations"), len(overdue)),
        [f"{m.indicator} {m.indicator_name} — {m.period} ({due_by} {m.deadline.isoformat()})"
         for m in overdue])
    body += _section(
        _title(N_("realizations missing"), len(due)),
        [f"{m.indicator} {m.indicator_name} — {m.period} ({due_by} {m.deadline.isoformat()})"
         for m in due])
    body += _section(
        _title(N_("drafts and rejected entries"), len(reminder.returned)),
        [f"{e.indicator} {e.indicator_name} — {e.period}: {e.value:g}"
         + (f" ({rejected}: {e.review_reason})" if e.review_reason else "")
         for e in reminder.returned])
    body += _section(
        _title(N_("waiting for your verification"), len(reminder.pending)),
        [f"{e.indicator} {e.indicator_name} — {e.period}: {e.value:g} ({e.submitted_by})"
         for e in reminder.pending])
    if app_url:
        body += [f"{app_url.rstrip('/')}/verifikasi", ""]
    body.append("— e-Kinerja")
    message = EmailMessage()
    message["From"] = sender
    message["To"] = reminder.email
    message["Subject"] = "e-Kinerja: " + Message(
        N_("{overdue} overdue, {pending} waiting for verification"),
        {"overdue": str(len(overdue)), "pending": str(len(reminder.pending))}).bilingual()
    message.set_content("\n".join(body))
    return message


def send(messages: Sequence[EmailMessage], smtp: SmtpSettings) -> int:
    """Send the messages over one SMTP connection; returns how many were sent."""
    if not messages:
        return 0
    with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as server:
        if smtp.starttls:
            server.starttls()
        if smtp.user:
            server.login(smtp.user, smtp.password or "")
        for message in messages:
            server.send_message(message)
    return len(messages)
