"""schema.org JSON-LD for a guide page: Occupation, FAQPage and BreadcrumbList.

The page serializes them with the job board's `ld_json`, which escapes <, > and & so that
text such as "</script>" in a guide cannot end the block early.
"""

from __future__ import annotations


def _experience(guide: dict) -> str:
    return "; ".join(f"{stage['title']}: {stage['years_label']}" for stage in guide["progression"])


def occupation(guide: dict, *, base_url: str) -> dict:
    skills = [s["name"] for kind in ("technical", "soft") for s in guide["skills"][kind]]
    credentials = [
        {"@type": "EducationalOccupationalCredential", "credentialCategory": "degree", "name": d}
        for d in guide["education"]["degrees"]
    ] + [
        {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "certification",
            "name": c["name"],
            "recognizedBy": {"@type": "Organization", "name": c["issuer"]},
        }
        for c in guide["education"]["certifications"]
    ]
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Occupation",
        "name": guide["title"],
        "alternateName": guide["synonyms"],
        "description": guide["summary"],
        "url": base_url + guide["url"],
        "occupationalCategory": guide["category"]["name"],
        "skills": ", ".join(skills),
        "educationRequirements": credentials,
        "experienceRequirements": _experience(guide),
        "responsibilities": [
            item for level in guide["responsibilities"].values() for item in level["items"]
        ],
        # The board is remote-only: the figures describe remote postings worldwide.
        "occupationLocation": [{"@type": "AdministrativeArea", "name": "Worldwide (remote)"}],
    }
    market = guide["market"]
    if market and market["salary"]["median"] is not None:
        salary = market["salary"]
        data["estimatedSalary"] = [
            {
                "@type": "MonetaryAmountDistribution",
                "name": "base",
                "currency": "USD",
                "duration": "P1Y",
                "percentile25": salary["p25"],
                "median": salary["median"],
                "percentile75": salary["p75"],
            }
        ]
    return data


def faq_page(guide: dict) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": item["question"],
                "acceptedAnswer": {"@type": "Answer", "text": item["answer"]},
            }
            for item in guide["faq"]
        ],
    }


def breadcrumbs(guide: dict, *, base_url: str, index_url: str) -> dict:
    trail = [("Home", "/"), ("Career guides", index_url), (guide["title"], guide["url"])]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": base_url + path}
            for i, (name, path) in enumerate(trail, start=1)
        ],
    }
