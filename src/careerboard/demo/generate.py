"""Deterministic generator of companies and jobs for demo data and benchmarks.

Pure Python (no Django), so a benchmark can stream a million rows straight into SQL.
The same seed always gives the same data; dates are relative to the `now` passed in.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from careerboard.demo import vocabulary as v
from careerboard.taxonomy.data import REGIONS

AREAS = [slug for slug, _, kind, _, _ in REGIONS if kind == "area"]
COUNTRIES = [slug for slug, _, kind, _, _ in REGIONS if kind == "country"]
BASE_SALARY_USD = {
    "entry": 45_000,
    "junior": 55_000,
    "midweight": 85_000,
    "senior": 125_000,
    "lead": 150_000,
    "manager": 145_000,
    "any": 90_000,
}
USD_TO = {"USD": 1.0, "EUR": 0.92, "GBP": 0.79, "CAD": 1.36, "AUD": 1.52}
JOB_TYPE_WEIGHTS = [
    ("full-time", 70),
    ("contract", 12),
    ("part-time", 8),
    ("freelance", 6),
    ("internship", 4),
]


@dataclass
class CompanyData:
    name: str
    slug: str
    website: str
    description: str
    headquarters: str
    verified: bool


@dataclass
class JobData:
    company_index: int
    title: str
    slug: str
    description: str
    industries: list[str]
    job_types: list[str]
    levels: list[str]
    regions: list[str]
    timezone_min: int | None
    timezone_max: int | None
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    salary_period: str
    apply_method: str
    apply_url: str
    apply_email: str
    featured: bool
    published_at: datetime
    skills: list[str] = field(default_factory=list)


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _slugify(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in out.split("-") if part)


def companies(count: int, *, seed: int = 1) -> list[CompanyData]:
    rng = random.Random(seed)
    seen: set[str] = set()
    result: list[CompanyData] = []
    while len(result) < count:
        name = (
            rng.choice(v.COMPANY_FIRST)
            + rng.choice(v.COMPANY_SECOND)
            + rng.choice(v.COMPANY_SUFFIX)
        )
        if name in seen:
            name = f"{name} {len(result)}"
        seen.add(name)
        slug = _slugify(name)
        product = rng.choice(v.PRODUCTS)
        result.append(
            CompanyData(
                name=name,
                slug=slug,
                website=f"https://{slug.replace('-', '')}.example",
                description=(f"{name} builds {product}. " + " ".join(rng.sample(v.FILLER, 2))),
                headquarters=rng.choice(COUNTRIES),
                verified=rng.random() < 0.4,
            )
        )
    return result


def _description(
    rng: random.Random, company: str, title: str, skills: list[str], words: int
) -> str:
    product = rng.choice(v.PRODUCTS)
    parts = [
        f"<p>{company} builds {product}. We are hiring a {title} to join a fully remote team. "
        + " ".join(rng.sample(v.FILLER, 2))
        + "</p>",
        "<h3>What you will do</h3><ul>"
        + "".join(f"<li>{d}.</li>" for d in rng.sample(v.DUTIES, 5))
        + "</ul>",
        "<h3>What you bring</h3><ul>"
        + "".join(f"<li>Hands-on experience with {s}.</li>" for s in skills[:4])
        + "".join(f"<li>{t}.</li>" for t in rng.sample(v.TRAITS, 2))
        + "</ul>",
        "<h3>Nice to have</h3><ul>" + "".join(f"<li>{s}</li>" for s in skills[4:7]) + "</ul>",
        "<h3>Benefits</h3><ul>"
        + "".join(f"<li>{b}.</li>" for b in rng.sample(v.BENEFITS, 5))
        + "</ul>",
    ]
    text = "".join(parts)
    # Pad with further paragraphs until the description reaches the asked length.
    while len(text.split()) < words:
        sentences = [
            *rng.sample(v.FILLER, 3),
            f"{rng.choice(v.DUTIES)} using {rng.choice(skills)}.",
        ]
        rng.shuffle(sentences)
        text += "<p>" + " ".join(sentences) + "</p>"
    return text


def _salary(
    rng: random.Random, level: str, job_type: str
) -> tuple[int | None, int | None, str, str]:
    if rng.random() < 0.2:
        return None, None, "", ""
    currency = _weighted(rng, v.CURRENCIES)
    yearly = BASE_SALARY_USD[level] * rng.uniform(0.8, 1.25) * USD_TO[currency]
    spread = rng.uniform(1.1, 1.4)
    if job_type in ("contract", "freelance") and rng.random() < 0.6:
        period, divisor, step = "hour", 2000, 1
    elif rng.random() < 0.06:
        period, divisor, step = "month", 12, 100
    else:
        period, divisor, step = "year", 1, 1000
    low = max(step, round(yearly / divisor / step) * step)
    high = round(low * spread / step) * step
    return low, high, currency, period


def jobs(
    count: int,
    *,
    companies_count: int,
    now: datetime,
    seed: int = 2,
    min_words: int = 150,
    max_words: int = 400,
    days: int = 28,
) -> Iterator[JobData]:
    rng = random.Random(seed)
    company_names = [c.name for c in companies(companies_count, seed=1)]
    industries = list(v.ROLES)
    for _ in range(count):
        industry = rng.choice(industries)
        titles, skills_pool = v.ROLES[industry]
        level, prefix = rng.choice(v.SENIORITY)
        job_type = _weighted(rng, JOB_TYPE_WEIGHTS)
        if job_type == "internship":
            level, prefix = "entry", ""
        title = prefix + rng.choice(titles)
        skills = rng.sample(skills_pool, min(7, len(skills_pool)))
        company_index = rng.randrange(companies_count)
        roll = rng.random()
        if roll < 0.4:
            regions: list[str] = []
        elif roll < 0.65:
            regions = [rng.choice(AREAS)]
        elif roll < 0.85:
            regions = rng.sample(COUNTRIES, rng.randint(1, 3))
        else:
            regions = [rng.choice(AREAS), *rng.sample(COUNTRIES, rng.randint(1, 2))]
        tz_min = tz_max = None
        if rng.random() < 0.3:
            tz_min = rng.choice([-480, -300, -180, 0, 60, 120, 330])
            tz_max = tz_min + rng.choice([180, 240, 360, 480])
        salary_min, salary_max, currency, period = _salary(rng, level, job_type)
        apply_method = _weighted(rng, [("onsite", 50), ("url", 40), ("email", 10)])
        company_slug = _slugify(company_names[company_index])
        yield JobData(
            company_index=company_index,
            title=title,
            slug=_slugify(title),
            description=_description(
                rng, company_names[company_index], title, skills, rng.randint(min_words, max_words)
            ),
            industries=[industry],
            job_types=[job_type],
            levels=[level],
            regions=regions,
            timezone_min=tz_min,
            timezone_max=tz_max,
            salary_min=salary_min,
            salary_max=salary_max,
            salary_currency=currency,
            salary_period=period,
            apply_method=apply_method,
            apply_url=f"https://{company_slug.replace('-', '')}.example/careers"
            if apply_method == "url"
            else "",
            apply_email=f"jobs@{company_slug.replace('-', '')}.example"
            if apply_method == "email"
            else "",
            featured=rng.random() < 0.05,
            published_at=now - timedelta(seconds=rng.randrange(days * 86400)),
            skills=skills,
        )
