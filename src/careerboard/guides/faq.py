"""The FAQ of a guide, written from its structured data, so every answer follows the data.

Input is the assembled guide of guides.selectors (plain data); nothing here is hand-written per
guide, and the page, the API and the FAQPage JSON-LD all show these same answers.
"""

from __future__ import annotations

from collections.abc import Sequence


def _article(title: str) -> str:
    return "an" if title[:1].upper() in "AEIOU" else "a"


def _listed(items: Sequence[str], conjunction: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _lower_first(phrase: str) -> str:
    """ "Database management" → "database management", but "API development" stays."""
    if len(phrase) > 1 and phrase[1].islower():
        return phrase[0].lower() + phrase[1:]
    return phrase


def _number(value: float) -> str:
    return f"{value:g}"


def _what_it_does(guide: dict, a_title: str) -> str:
    aspects = _listed([_lower_first(a) for a in guide["key_aspects"]])
    return f"{guide['summary']} The work centres on {aspects}."


def _skills(guide: dict, a_title: str) -> str:
    technical = _listed([s["name"] for s in guide["skills"]["technical"]])
    soft = _listed([s["name"] for s in guide["skills"]["soft"]])
    return (
        f"The core technical skills of {a_title} are {technical}. "
        f"Soft skills matter as much: {soft}."
    )


def _progression(guide: dict, a_title: str) -> str:
    steps = [f"{stage['title']} ({stage['years_label']})" for stage in guide["progression"]]
    answer = f"A typical career path runs through {_listed(steps)}."
    grows = [
        f"{stage['title']} adds {_listed([s['name'] for s in stage['new_skills']])}"
        for stage in guide["progression"][1:]
        if stage["new_skills"]
    ]
    if grows:
        answer += f" Each step builds on the last: {'; '.join(grows)}."
    return answer


def _education(guide: dict, a_title: str) -> str:
    education = guide["education"]
    parts = []
    if education["degrees"]:
        parts.append(f"Most employers look for {_listed(education['degrees'], 'or')}.")
    if education["certifications"]:
        certifications = [f"{c['name']} ({c['issuer']})" for c in education["certifications"]]
        parts.append(f"Useful certifications include {_listed(certifications)}.")
    if education["continuous_learning"]:
        learning = _listed([_lower_first(item) for item in education["continuous_learning"]])
        parts.append(f"To stay current, keep learning: {learning}.")
    return " ".join(parts) or "No formal education is required."


def _outlook(guide: dict, a_title: str) -> str:
    outlook = guide["outlook"]
    growth = outlook["growth"]
    if growth["percent"] >= 0:
        change = f"growth of {_number(growth['percent'])}%"
    else:
        change = f"a decline of {_number(-growth['percent'])}%"
    return (
        f"Demand is {outlook['demand'].lower()}: {_lower_first(outlook['demand_note'])}. "
        f"{growth['source_name']} ({growth['source_year']}) projects {change} "
        f"over {growth['period']}. Remote work availability is {outlook['remote'].lower()}: "
        f"{_lower_first(outlook['remote_note'])}."
    )


def _responsibilities(guide: dict, a_title: str) -> str:
    levels = [
        f"at {level['label'].lower()} level they "
        + _listed([_lower_first(item) for item in level["items"]])
        for level in guide["responsibilities"].values()
        if level["items"]
    ]
    answer = "; ".join(levels)
    return answer[:1].upper() + answer[1:] + "."


def _opportunities(guide: dict, a_title: str) -> str:
    answer = f"Most hiring happens in {_listed(guide['outlook']['top_industries'])}."
    market = guide["market"]
    if market and market["open_jobs"]:
        count = market["open_jobs"]
        answer += (
            f" careerboard lists {count} open remote {guide['title']} "
            f"job{'s' if count != 1 else ''} right now; {market['anywhere_percent']}% of them "
            "are open to people anywhere"
        )
        regions = [r["name"] for r in market["regions"][:3]]
        answer += f", and the regions hiring most are {_listed(regions)}." if regions else "."
    return answer


QUESTIONS = [
    ("What does {a_title} do?", _what_it_does),
    ("What skills does {a_title} need?", _skills),
    ("What is the career path of {a_title}?", _progression),
    ("What education and certifications does {a_title} need?", _education),
    ("What is the job market outlook for {titles}?", _outlook),
    ("What are the key responsibilities of {a_title}?", _responsibilities),
    ("Where are the opportunities for {titles}?", _opportunities),
]


def guide_faq(guide: dict) -> list[dict]:
    """[{"question", "answer"}] for the guide, in a fixed order."""
    a_title = f"{_article(guide['title'])} {guide['title']}"
    names = {"a_title": a_title, "titles": f"{guide['title']}s"}
    return [
        {"question": question.format(**names), "answer": answer(guide, a_title)}
        for question, answer in QUESTIONS
    ]
