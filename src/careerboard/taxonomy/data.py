"""The board's vocabularies. Slugs are public (URLs, both APIs) and must not change."""

INDUSTRIES = [
    ("engineering", "Software Engineering"),
    ("data-science", "Data Science & Analytics"),
    ("devops-sysadmin", "DevOps & Sysadmin"),
    ("qa-testing", "QA & Testing"),
    ("security", "Security"),
    ("product", "Product"),
    ("design-multimedia", "Design & Multimedia"),
    ("marketing", "Marketing"),
    ("sales", "Sales"),
    ("customer-success", "Customer Success & Support"),
    ("technical-support", "Technical Support"),
    ("finance-legal", "Finance & Legal"),
    ("hr", "HR & Recruiting"),
    ("management", "Management"),
    ("business-operations", "Business & Operations"),
    ("writing", "Writing & Content"),
    ("education", "Education"),
    ("healthcare", "Healthcare"),
]

JOB_TYPES = [
    ("full-time", "Full-Time"),
    ("part-time", "Part-Time"),
    ("contract", "Contract"),
    ("freelance", "Freelance"),
    ("internship", "Internship"),
]

LEVELS = [
    ("entry", "Entry"),
    ("junior", "Junior"),
    ("midweight", "Midweight"),
    ("senior", "Senior"),
    ("lead", "Lead"),
    ("manager", "Manager"),
    ("any", "Any"),
]

# (slug, name, kind, parent slug, ISO country code). A job open to a region is open to every
# place inside it, so the tree is what a region filter walks up.
REGIONS = [
    ("anywhere", "Anywhere", "anywhere", None, ""),
    ("north-america", "North America", "area", "anywhere", ""),
    ("latam", "Latin America", "area", "anywhere", ""),
    ("emea", "EMEA", "area", "anywhere", ""),
    ("europe", "Europe", "area", "emea", ""),
    ("middle-east", "Middle East", "area", "emea", ""),
    ("africa", "Africa", "area", "emea", ""),
    ("apac", "APAC", "area", "anywhere", ""),
    ("usa", "USA", "country", "north-america", "US"),
    ("canada", "Canada", "country", "north-america", "CA"),
    ("mexico", "Mexico", "country", "latam", "MX"),
    ("brazil", "Brazil", "country", "latam", "BR"),
    ("argentina", "Argentina", "country", "latam", "AR"),
    ("colombia", "Colombia", "country", "latam", "CO"),
    ("uk", "United Kingdom", "country", "europe", "GB"),
    ("ireland", "Ireland", "country", "europe", "IE"),
    ("germany", "Germany", "country", "europe", "DE"),
    ("france", "France", "country", "europe", "FR"),
    ("spain", "Spain", "country", "europe", "ES"),
    ("portugal", "Portugal", "country", "europe", "PT"),
    ("netherlands", "Netherlands", "country", "europe", "NL"),
    ("poland", "Poland", "country", "europe", "PL"),
    ("sweden", "Sweden", "country", "europe", "SE"),
    ("italy", "Italy", "country", "europe", "IT"),
    ("israel", "Israel", "country", "middle-east", "IL"),
    ("uae", "United Arab Emirates", "country", "middle-east", "AE"),
    ("south-africa", "South Africa", "country", "africa", "ZA"),
    ("nigeria", "Nigeria", "country", "africa", "NG"),
    ("india", "India", "country", "apac", "IN"),
    ("singapore", "Singapore", "country", "apac", "SG"),
    ("japan", "Japan", "country", "apac", "JP"),
    ("philippines", "Philippines", "country", "apac", "PH"),
    ("australia", "Australia", "country", "apac", "AU"),
    ("new-zealand", "New Zealand", "country", "apac", "NZ"),
]

# Each list is append-only: a term's place in it is its bit in the search index (at most 63).
assert max(len(INDUSTRIES), len(JOB_TYPES), len(LEVELS), len(REGIONS)) <= 63
