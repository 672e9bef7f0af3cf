"""Jobicy's filter vocabulary (API 2.2.18) and where each of its slugs lands in ours.

/api/v2 and /feed/job_feed speak Jobicy: their `industry` and `geo` values are Jobicy's slugs,
not the board's. Each one maps onto one or more of our terms:

- an industry onto the categories that hold its jobs (`seller` is our Sales; `seo` and `smm`
  fall in our Marketing, so they match every marketing job);
- a region onto the place in our region tree that holds it. A country we do not list (Austria,
  say) maps onto the region containing it (Europe): no job can be open to a country we do not
  have, so the jobs open to it are exactly those open to Europe, to EMEA or to Anywhere.

Our terms that Jobicy has no slug for keep their own slug here (`india`, `north-america`), so
every job's region can be filtered on. A slug that is the main one of our term carries our
term's name, which is what a job's `jobIndustry` and `jobGeo` show. IDs are fixed: clients
store them. Pure data; the tests check that each of our slugs named here exists and that every
term of ours is reachable.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class JobicyTerm:
    id: int
    slug: str
    name: str
    ours: tuple[str, ...]


def _terms(rows: list[tuple[int, str, str, tuple[str, ...]]]) -> dict[str, JobicyTerm]:
    return {slug: JobicyTerm(id, slug, name, ours) for id, slug, name, ours in rows}


INDUSTRIES = _terms(
    [
        (1, "engineering", "Software Engineering", ("engineering",)),
        (2, "data-science", "Data Science & Analytics", ("data-science",)),
        (3, "admin", "DevOps & Sysadmin", ("devops-sysadmin",)),
        (4, "qa-testing", "QA & Testing", ("qa-testing",)),
        (5, "cybersecurity", "Security", ("security",)),
        (6, "design-multimedia", "Design & Multimedia", ("design-multimedia",)),
        (7, "web-app-design", "Web & App Design", ("design-multimedia",)),
        (8, "marketing", "Marketing", ("marketing",)),
        (9, "seo", "SEO", ("marketing",)),
        (10, "seller", "Sales", ("sales",)),
        (11, "supporting", "Customer Success & Support", ("customer-success",)),
        (12, "technical-support", "Technical Support", ("technical-support",)),
        (13, "accounting-finance", "Finance & Legal", ("finance-legal",)),
        (14, "legal", "Legal", ("finance-legal",)),
        (15, "hr", "HR & Recruiting", ("hr",)),
        (16, "management", "Management", ("management", "product")),
        (17, "project-management", "Project Management", ("management",)),
        (18, "business", "Business & Operations", ("business-operations",)),
        (19, "admin-support", "Administrative Support", ("business-operations",)),
        (20, "copywriting", "Writing & Content", ("writing",)),
        (21, "education", "Education", ("education",)),
        (22, "healthcare", "Healthcare", ("healthcare",)),
    ]
)

# Jobicy's deprecated industry slugs, still accepted: answers name the replacement in headers.
DEPRECATED_INDUSTRIES = {
    "dev": "engineering",
    "e-commerce": "management",
    "video-audio-production": "design-multimedia",
    "translation-localization": "copywriting",
    "smm": "marketing",
}

REGIONS = _terms(
    [
        (1, "anywhere", "Anywhere", ("anywhere",)),
        (2, "emea", "EMEA", ("emea",)),
        (3, "latam", "Latin America", ("latam",)),
        (4, "apac", "APAC", ("apac",)),
        (5, "europe", "Europe", ("europe",)),
        (6, "usa", "USA", ("usa",)),
        (7, "canada", "Canada", ("canada",)),
        (8, "uk", "United Kingdom", ("uk",)),
        (9, "argentina", "Argentina", ("argentina",)),
        (10, "australia", "Australia", ("australia",)),
        (11, "austria", "Austria", ("europe",)),
        (12, "belgium", "Belgium", ("europe",)),
        (13, "brazil", "Brazil", ("brazil",)),
        (14, "bulgaria", "Bulgaria", ("europe",)),
        (15, "china", "China", ("apac",)),
        (16, "hong-kong", "Hong Kong", ("apac",)),
        (17, "costa-rica", "Costa Rica", ("latam",)),
        (18, "croatia", "Croatia", ("europe",)),
        (19, "cyprus", "Cyprus", ("europe",)),
        (20, "czechia", "Czechia", ("europe",)),
        (21, "denmark", "Denmark", ("europe",)),
        (22, "estonia", "Estonia", ("europe",)),
        (23, "finland", "Finland", ("europe",)),
        (24, "france", "France", ("france",)),
        (25, "germany", "Germany", ("germany",)),
        (26, "greece", "Greece", ("europe",)),
        (27, "hungary", "Hungary", ("europe",)),
        (28, "ireland", "Ireland", ("ireland",)),
        (29, "israel", "Israel", ("israel",)),
        (30, "italy", "Italy", ("italy",)),
        (31, "japan", "Japan", ("japan",)),
        (32, "latvia", "Latvia", ("europe",)),
        (33, "lithuania", "Lithuania", ("europe",)),
        (34, "mexico", "Mexico", ("mexico",)),
        (35, "netherlands", "Netherlands", ("netherlands",)),
        (36, "new-zealand", "New Zealand", ("new-zealand",)),
        (37, "norway", "Norway", ("europe",)),
        (38, "philippines", "Philippines", ("philippines",)),
        (39, "poland", "Poland", ("poland",)),
        (40, "portugal", "Portugal", ("portugal",)),
        (41, "romania", "Romania", ("europe",)),
        (42, "serbia", "Serbia", ("europe",)),
        (43, "singapore", "Singapore", ("singapore",)),
        (44, "slovakia", "Slovakia", ("europe",)),
        (45, "slovenia", "Slovenia", ("europe",)),
        (46, "south-korea", "South Korea", ("apac",)),
        (47, "spain", "Spain", ("spain",)),
        (48, "sweden", "Sweden", ("sweden",)),
        (49, "switzerland", "Switzerland", ("europe",)),
        (50, "thailand", "Thailand", ("apac",)),
        (51, "turkiye", "Türkiye", ("europe",)),
        (52, "united-arab-emirates", "United Arab Emirates", ("uae",)),
        (53, "ukraine", "Ukraine", ("europe",)),
        (54, "vietnam", "Vietnam", ("apac",)),
        # Ours, without a Jobicy slug of their own.
        (101, "north-america", "North America", ("north-america",)),
        (102, "middle-east", "Middle East", ("middle-east",)),
        (103, "africa", "Africa", ("africa",)),
        (104, "colombia", "Colombia", ("colombia",)),
        (105, "south-africa", "South Africa", ("south-africa",)),
        (106, "nigeria", "Nigeria", ("nigeria",)),
        (107, "india", "India", ("india",)),
    ]
)

# Our salary periods in Jobicy's words.
SALARY_PERIODS = {"hour": "hourly", "month": "monthly", "year": "yearly"}


class UnknownJobicyValue(ValueError):
    def __init__(self, field: str, value: str) -> None:
        super().__init__(f"Unknown {field}: {value!r}.")
        self.field, self.value = field, value


@dataclass(frozen=True)
class ResolvedIndustry:
    slug: str  # Jobicy's current slug
    deprecated: str | None  # the alias the caller gave, when it was one
    ours: tuple[str, ...]


def resolve_industry(slug: str) -> ResolvedIndustry:
    """A Jobicy industry slug (or a deprecated alias) as our category slugs."""
    current = DEPRECATED_INDUSTRIES.get(slug, slug)
    term = INDUSTRIES.get(current)
    if term is None:
        raise UnknownJobicyValue("industry", slug)
    return ResolvedIndustry(current, slug if current != slug else None, term.ours)


def resolve_region(slug: str) -> tuple[str, ...]:
    term = REGIONS.get(slug)
    if term is None:
        raise UnknownJobicyValue("geo", slug)
    return term.ours
