"""The local mail of the embedded default: Django's file backend writes each connection's
messages to one file in EMAIL_FILE_PATH, separated by a line of 79 dashes. Read back here for
the outbox page (staff/outbox), newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

SEPARATOR = b"\n" + b"-" * 79 + b"\n"


@dataclass(frozen=True)
class LocalMail:
    written_at: datetime
    subject: str
    to: str
    text: str


def _text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""


def local_mails(directory: str | Path, *, limit: int = 100) -> list[LocalMail]:
    """The newest `limit` messages in `directory` ([] when it does not exist)."""
    folder = Path(directory)
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.log"), key=lambda path: path.stat().st_mtime, reverse=True)
    mails: list[LocalMail] = []
    for path in files:
        written_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        chunks = [chunk for chunk in path.read_bytes().split(SEPARATOR) if chunk.strip()]
        for chunk in reversed(chunks):
            message = message_from_bytes(chunk.lstrip(), policy=policy.default)
            assert isinstance(message, EmailMessage)
            mails.append(
                LocalMail(
                    written_at=written_at,
                    subject=str(message.get("Subject", "")),
                    to=str(message.get("To", "")),
                    text=_text_of(message),
                )
            )
            if len(mails) >= limit:
                return mails
    return mails
