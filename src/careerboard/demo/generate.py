"""Deterministic generator of companies and jobs for demo data and benchmarks.

Pure Python (no Django), so a benchmark can stream a million rows straight into SQL.
The same seed always gives the same data; dates are relative to the `now` passed in.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from careerboard.demo import company_words as w
from careerboard.demo import roles as r
from careerboard.demo import vocabulary as v
from careerboard.demo.logos import COLOURS as LOGO_COLOURS
from careerboard.demo.logos import STYLES as LOGO_STYLES
from careerboard.taxonomy.data import REGIONS

AREAS = [slug for slug, _, kind, _, _ in REGIONS if kind == "area"]
COUNTRIES = [slug for slug, _, kind, _, _ in REGIONS if kind == "country"]
REGION_NAMES = {slug: name for slug, name, _, _, _ in REGIONS}
# Far below the name space of company_words (about 170,000 names), so drawing stays quick.
MAX_COMPANIES = 50_000
USD_TO = {"USD": 1.0, "EUR": 0.92, "GBP": 0.79, "CAD": 1.36, "AUD": 1.52}
# How often each family's roles are posted, relative to one another: a remote tech board
# carries more engineering jobs than, say, accounting ones.
FAMILY_WEIGHT = {
    "backend": 4.0,
    "frontend": 3.0,
    "fullstack": 4.0,
    "mobile": 2.0,
    "devops": 2.5,
    "data": 2.0,
    "ml": 2.5,
    "qa": 1.5,
    "security": 1.5,
    "design": 1.5,
    "product": 3.0,
    "management": 1.5,
    "systems": 1.0,
}
# A job's first region sets its pay level and currency (pay relative to the US band).
REGION_PAY: dict[str, tuple[float, str]] = {
    "north-america": (1.0, "USD"),
    "usa": (1.0, "USD"),
    "canada": (0.85, "CAD"),
    "europe": (0.8, "EUR"),
    "emea": (0.75, "EUR"),
    "uk": (0.8, "GBP"),
    "ireland": (0.8, "EUR"),
    "germany": (0.8, "EUR"),
    "france": (0.7, "EUR"),
    "netherlands": (0.8, "EUR"),
    "sweden": (0.75, "EUR"),
    "spain": (0.6, "EUR"),
    "portugal": (0.55, "EUR"),
    "italy": (0.6, "EUR"),
    "poland": (0.55, "EUR"),
    "australia": (0.85, "AUD"),
    "new-zealand": (0.75, "AUD"),
    "latam": (0.5, "USD"),
    "apac": (0.6, "USD"),
    "africa": (0.45, "USD"),
    "india": (0.4, "USD"),
    "philippines": (0.35, "USD"),
}


@dataclass
class CompanyData:
    name: str
    slug: str
    website: str
    description: str
    headquarters: str
    verified: bool
    product: str  # what the company builds, in the words its page and its job ads use
    size: str  # a head-count range, "11-50"
    monogram: str  # the letters its logo shows
    logo_style: str
    colour: int  # an index into logos.COLOURS


@dataclass
class JobData:
    """One generated job. `role` (the slug of the content/roles.yaml role it was drawn from) and
    the skill slugs are ground truth for benchmarks; they are not stored on the board."""

    company_index: int
    role: str
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
    required_skills: list[str] = field(default_factory=list)
    nice_skills: list[str] = field(default_factory=list)
    # The display names of the required then nice-to-have skills, as the description says them.
    skills: list[str] = field(default_factory=list)


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def _slugify(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    return "-".join(part for part in out.split("-") if part)


def companies(count: int, *, seed: int = 1) -> list[CompanyData]:
    """`count` companies with distinct names and slugs; the same seed gives the same list."""
    if count > MAX_COMPANIES:
        raise ValueError(f"at most {MAX_COMPANIES} companies have distinct generated names")
    rng = random.Random(seed)
    sector_names = sorted(w.SECTORS)
    slugs: set[str] = set()
    result: list[CompanyData] = []
    while len(result) < count:
        first = rng.choice(w.NAME_FIRST)
        if rng.random() < 0.6:
            second = rng.choice(w.NAME_SECOND)
            root, monogram = first + second, first[0] + second[0].upper()
        else:
            second = rng.choice(w.NAME_NOUN)
            root, monogram = f"{first} {second}", first[0] + second[0]
        sector = w.SECTORS[rng.choice(sector_names)]
        suffixes = sector.suffixes if rng.random() < 0.35 else w.GENERIC_SUFFIXES
        name = root + rng.choice(suffixes)
        slug = _slugify(name)
        if first == second or slug in slugs:
            continue  # draw again: no two companies share a name (or an address)
        slugs.add(slug)
        product = rng.choice(sector.products)
        size, _, (smallest, largest) = rng.choices(w.SIZES, weights=[s[1] for s in w.SIZES])[0]
        people = rng.randint(smallest, largest)
        headquarters = rng.choice(COUNTRIES)
        description = (
            f"{name} builds {product}. {sector.story} We are {people} people working "
            f"remotely from {min(people, rng.randint(3, 40))} countries; the company is "
            f"registered in {REGION_NAMES[headquarters]} and was founded in "
            f"{rng.randint(2006, 2023)}. " + " ".join(rng.sample(v.FILLER, 2))
        )
        result.append(
            CompanyData(
                name=name,
                slug=slug,
                website=f"https://{slug}.example",
                description=description,
                headquarters=headquarters,
                verified=rng.random() < 0.4,
                product=product,
                size=size,
                monogram=monogram,
                logo_style=rng.choice(LOGO_STYLES),
                colour=rng.randrange(len(LOGO_COLOURS)),
            )
        )
    return result


def _description(
    rng: random.Random,
    company: CompanyData,
    title: str,
    role: r.Role,
    required: list[str],
    nice: list[str],
    words: int,
) -> str:
    names = r.skill_names()
    parts = [
        f"<p>{company.name} builds {company.product}. We are hiring a {title} to join a fully "
        "remote team. " + " ".join(rng.sample(v.FILLER, 2)) + "</p>",
        "<h3>What you will do</h3><ul>"
        + "".join(f"<li>{d}.</li>" for d in role.duties)
        + "".join(f"<li>{d}.</li>" for d in rng.sample(v.DUTIES, 2))
        + "</ul>",
        "<h3>What you bring</h3><ul>"
        + "".join(
            f"<li>{rng.choice(v.SKILL_PHRASES).format(skill=names[s])}</li>" for s in required
        )
        + "".join(f"<li>{t}.</li>" for t in rng.sample(v.TRAITS, 2))
        + "</ul>",
    ]
    if nice:
        parts.append(
            "<h3>Nice to have</h3><ul>" + "".join(f"<li>{names[s]}</li>" for s in nice) + "</ul>"
        )
    parts.append(
        "<h3>Benefits</h3><ul>"
        + "".join(f"<li>{b}.</li>" for b in rng.sample(v.BENEFITS, 5))
        + "</ul>"
    )
    # Pad with further paragraphs about the role until the description reaches the asked length
    # (counting each paragraph's words once: re-splitting the whole text made a million slow).
    skills = required + nice
    count = sum(len(part.split()) for part in parts)
    while count < words:
        sentences = [
            *rng.sample(v.FILLER, 3),
            f"{rng.choice(role.duties)} using {names[rng.choice(skills)]}.",
        ]
        rng.shuffle(sentences)
        paragraph = "<p>" + " ".join(sentences) + "</p>"
        count += len(paragraph.split())
        parts.append(paragraph)
    return "".join(parts)


def _salary(
    rng: random.Random, role: r.Role, level: str, job_type: str, regions: list[str]
) -> tuple[int | None, int | None, str, str]:
    if rng.random() < 0.4:
        return None, None, "", ""
    pay, currency = REGION_PAY.get(regions[0], (1.0, "USD")) if regions else (1.0, "USD")
    band_low, band_high = role.salary_band(level)
    # Interns are paid about half an entry-level salary.
    stipend = 0.5 if job_type == "internship" else 1.0
    yearly = rng.uniform(band_low, band_high) * pay * stipend * USD_TO[currency]
    spread = rng.uniform(1.1, 1.35)
    hourly_share = {"contract": 0.6, "freelance": 0.6, "part-time": 0.5}.get(job_type, 0.0)
    monthly_share = 0.5 if job_type == "internship" else 0.05
    if rng.random() < hourly_share:
        period, divisor, step = "hour", 2000, 1
    elif rng.random() < monthly_share:
        period, divisor, step = "month", 12, 100
    else:
        period, divisor, step = "year", 1, 1000
    low = max(step, round(yearly / divisor / step) * step)
    high = round(low * spread / step) * step
    return low, high, currency, period


def _title(rng: random.Random, role: r.Role, level: str, job_type: str) -> str:
    # The canonical title is the most common way of writing it; the variants share the rest.
    base = role.title if rng.random() < 0.4 else rng.choice(role.titles)
    if job_type == "internship":
        return f"{base} Intern"
    prefixes = r.LEVEL_PREFIXES[level]
    prefix = prefixes[0] if rng.random() < 0.7 else rng.choice(prefixes)
    if prefix.strip() and prefix.strip().rstrip(".") in base:
        prefix = ""  # "Lead" + "Operations Lead" reads as one level, not two
    return prefix + base


def _skills(rng: random.Random, role: r.Role, level: str) -> tuple[list[str], list[str]]:
    """Required: the role's core skills and one of its stacks; nice to have: a few of the role's
    other skills and of its guide's stage for the level (not another stack's language)."""
    stack = list(rng.choice(role.stacks)) if role.stacks else []
    required = [*role.required, *stack]
    other_stacks = {s for st in role.stacks for s in st} - set(stack)
    pool = [s for s in role.nice if s not in required]
    if role.guide:
        pool += [
            s
            for s in r.stage_skills(role.guide, level)
            if s not in required and s not in other_stacks and s not in pool
        ]
    nice = rng.sample(pool, min(len(pool), rng.randint(2, 4)))
    return required, nice


def _regions(rng: random.Random) -> list[str]:
    roll = rng.random()
    if roll < 0.4:
        return []
    if roll < 0.65:
        return [rng.choice(AREAS)]
    if roll < 0.85:
        return rng.sample(COUNTRIES, rng.randint(1, 3))
    return [rng.choice(AREAS), *rng.sample(COUNTRIES, rng.randint(1, 2))]


def jobs(
    count: int,
    *,
    companies_count: int,
    now: datetime,
    seed: int = 2,
    min_words: int = 150,
    max_words: int = 400,
    days: int = 30,
) -> Iterator[JobData]:
    rng = random.Random(seed)
    company_list = companies(companies_count, seed=1)
    catalog = r.roles()
    role_weights = [FAMILY_WEIGHT.get(role.family, 0.6) for role in catalog]
    names = r.skill_names()
    for _ in range(count):
        role = rng.choices(catalog, weights=role_weights)[0]
        job_type = _weighted(rng, list(role.job_types.items()))
        level = "entry" if job_type == "internship" else _weighted(rng, list(role.levels.items()))
        title = _title(rng, role, level, job_type)
        required, nice = _skills(rng, role, level)
        company_index = rng.randrange(companies_count)
        company = company_list[company_index]
        regions = _regions(rng)
        tz_min = tz_max = None
        if rng.random() < 0.3:
            tz_min = rng.choice([-480, -300, -180, 0, 60, 120, 330])
            tz_max = tz_min + rng.choice([180, 240, 360, 480])
        salary_min, salary_max, currency, period = _salary(rng, role, level, job_type, regions)
        apply_method = _weighted(rng, [("onsite", 50), ("url", 40), ("email", 10)])
        domain = company.website.removeprefix("https://")
        yield JobData(
            company_index=company_index,
            role=role.slug,
            title=title,
            slug=_slugify(title),
            description=_description(
                rng, company, title, role, required, nice, rng.randint(min_words, max_words)
            ),
            industries=[role.industry],
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
            apply_url=f"https://{domain}/careers" if apply_method == "url" else "",
            apply_email=f"jobs@{domain}" if apply_method == "email" else "",
            featured=rng.random() < 0.05,
            published_at=now - timedelta(seconds=rng.randrange(days * 86400)),
            required_skills=required,
            nice_skills=nice,
            skills=[names[s] for s in required + nice],
        )
