"""Signs that a posting needs a human look before it goes live. Each check returns its reason."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlparse

from django.utils import timezone

from careerboard.core.html import html_to_text
from careerboard.jobs.models import Job

FREE_MAIL_DOMAINS = {
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "aol.com",
    "icloud.com",
    "mail.com",
    "gmx.com",
    "gmx.de",
    "proton.me",
    "protonmail.com",
    "yandex.com",
    "yandex.ru",
    "zoho.com",
}
BANNED_PHRASES = (
    "processing fee",
    "upfront payment",
    "registration fee",
    "wire transfer",
    "western union",
    "gift card",
    "crypto giveaway",
    "double your money",
    "contact me on telegram",
    "whatsapp only",
    "no experience needed earn",
    "guaranteed income",
)
MAX_LINKS = 5
NEAR_DUPLICATE_SIMILARITY = 0.85
NEAR_DUPLICATE_DAYS = 30
_LINK = re.compile(r"<a\s", re.IGNORECASE)
_WORD = re.compile(r"\w+")


def _domain(value: str) -> str:
    host = urlparse(value if "//" in value else f"//{value}").hostname or ""
    return host.removeprefix("www.").lower()


def _shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def spam_flags(job: Job) -> list[str]:
    """Why this job should be reviewed with care; empty when nothing looks wrong."""
    flags = []
    company_domain = _domain(job.company.website) if job.company.website else ""
    email_domain = job.apply_email.rsplit("@", 1)[-1].lower() if job.apply_email else ""
    if (
        email_domain in FREE_MAIL_DOMAINS
        and company_domain
        and company_domain not in FREE_MAIL_DOMAINS
    ):
        flags.append(
            f"Applications go to a free-mail address ({email_domain}) although the company has its own domain ({company_domain})."
        )
    links = len(_LINK.findall(job.description))
    if links > MAX_LINKS:
        flags.append(f"The description has {links} links (more than {MAX_LINKS}).")
    text = f"{job.title} {html_to_text(job.description)}".lower()
    banned = [phrase for phrase in BANNED_PHRASES if phrase in text]
    if banned:
        flags.append("Banned phrases: " + ", ".join(f"“{phrase}”" for phrase in banned) + ".")
    mine = _shingles(text)
    recent = (
        Job.objects.filter(
            company_id=job.company_id,
            created_at__gte=timezone.now() - timedelta(days=NEAR_DUPLICATE_DAYS),
        )
        .exclude(pk=job.pk)
        .exclude(status=Job.Status.DRAFT)
        .only("id", "title", "description")
    )
    for other in recent:
        theirs = _shingles(f"{other.title} {html_to_text(other.description)}")
        similarity = len(mine & theirs) / len(mine | theirs)
        if similarity >= NEAR_DUPLICATE_SIMILARITY:
            flags.append(
                f"Nearly the same as job #{other.pk} “{other.title}” posted in the last {NEAR_DUPLICATE_DAYS} days ({similarity:.0%} alike)."
            )
            break
    return flags
