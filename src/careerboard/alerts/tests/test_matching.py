"""The matching engine on its own (no database): the same answers as evaluating each alert
against each job, and the search's semantics for keywords and filters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from careerboard.alerts import matching
from careerboard.alerts.criteria import Criteria, JobFacts, job_matches, normalize
from careerboard.alerts.matching import match

# Few words, with inflections that stem alike, so keywords and jobs meet often.
VOCABULARY = [
    "python",
    "pythons",
    "developer",
    "developers",
    "developing",
    "engineer",
    "engineering",
    "senior",
    "remote",
    "data",
    "go",
    "rust",
    "manager",
    "management",
    "the",
    "c3po",
    "zürich",
]
COMPANIES = ["acme", "globex", "initech"]


def job(job_id: int = 1, title: str = "", description: str = "", **fields) -> JobFacts:
    fields.setdefault("company_name", "Acme")
    fields.setdefault("company", "acme")
    return JobFacts(job_id=job_id, title=title, description=description, **fields)


def ids(criteria: Criteria, jobs: list[JobFacts]) -> list[int]:
    return match([(1, criteria)], jobs).as_dict().get(1, [])


def test_words_are_the_search_analyzers_tokens():
    assert normalize("Senior ENGINEERS, back-end minded") == [
        "senior",
        "engineer",
        "back",
        "end",
        "backend",
        "minded",
    ]
    # Plural endings only: engine is not engineer, production is not product.
    assert normalize("engines production products zürich") == [
        "engine",
        "production",
        "product",
        "zurich",
    ]


def test_all_groups_must_match_any_term_of_a_group_and_no_exclusion():
    jobs = [
        job(1, "Senior Python Developer"),
        job(2, "Go Developer", "We also like rust."),
        job(3, "Python Engineer", "Senior role."),
    ]
    python_and_developer = Criteria(groups=((("python",),), (("developers",),)))
    assert ids(python_and_developer, jobs) == [1]
    # Go the language is the token golang (search.analysis), as a saved search has it.
    python_or_go = Criteria(groups=((("python",), ("golang",)),))
    assert ids(python_or_go, jobs) == [1, 2, 3]
    without_senior = Criteria(groups=((("python",), ("golang",)),), excluded=(("senior",),))
    assert ids(without_senior, jobs) == [2]


def test_a_phrase_is_its_words_in_order_within_one_field():
    jobs = [
        job(1, "Product Manager"),
        job(2, "Manager, Product"),
        job(3, "Senior Product", company_name="Manager Inc"),
        job(4, "Designer", "Report to the product managers."),
    ]
    assert ids(Criteria(groups=((("product", "manager"),),)), jobs) == [1, 4]
    assert ids(Criteria(excluded=(("product", "manager"),)), jobs) == [2, 3]


def test_filters_follow_search():
    germany_and_up = 0b111  # the asked region's bit with its ancestors' (Europe, Anywhere)
    jobs = [
        job(1, region_bits=0b010, industry_bits=0b1, salary_min_usd=90_000),  # Europe
        job(2, region_bits=0b1000, industry_bits=0b1, salary_max_usd=150_000),  # elsewhere
        job(3, region_bits=0b100, industry_bits=0b10, featured=True, company="globex"),
    ]
    assert ids(Criteria(region_mask=germany_and_up), jobs) == [1, 3]
    assert ids(Criteria(industry_mask=0b11, region_mask=germany_and_up), jobs) == [1, 3]
    # Salaries overlap; a job without one does not fit a salary filter.
    assert ids(Criteria(salary_min=100_000), jobs) == [2]
    assert ids(Criteria(salary_max=100_000), jobs) == [1]
    assert ids(Criteria(featured_only=True), jobs) == [3]
    assert ids(Criteria(companies=frozenset({"globex", "initech"})), jobs) == [3]


def test_time_zones_overlap_and_a_job_without_hours_suits_everyone():
    jobs = [
        job(1, timezone_min=-300, timezone_max=0),
        job(2, timezone_min=60, timezone_max=240),
        job(3),
    ]
    assert ids(Criteria(timezone_min=-60, timezone_max=60), jobs) == [1, 2, 3]
    assert ids(Criteria(timezone_min=120), jobs) == [2, 3]  # one end stands for both
    assert ids(Criteria(timezone_max=-480), jobs) == [3]


def test_identical_criteria_are_evaluated_once(monkeypatch):
    evaluated = []
    evaluate = matching.JobBatch.evaluate

    def counting(self, criteria):
        evaluated.append(criteria)
        return evaluate(self, criteria)

    monkeypatch.setattr(matching.JobBatch, "evaluate", counting)
    python = Criteria(groups=((("python",),),))
    result = match(
        [(1, python), (2, Criteria(groups=((("python",),),))), (3, Criteria())],
        [
            job(1, "Python Developer"),
            job(2, "Designer"),
        ],
    )
    assert len(evaluated) == 2
    assert result.as_dict() == {1: [1], 2: [1], 3: [1, 2]}
    assert result.count(3) == 2 and result.total() == 4


def test_criteria_survive_json():
    criteria = Criteria(
        groups=((("python",), ("product", "manager")),),
        excluded=(("senior",),),
        region_mask=7,
        companies=frozenset({"acme"}),
        salary_min=1,
        timezone_max=60,
        featured_only=True,
    )
    assert Criteria.from_json(criteria.to_json()) == criteria


# --- The engine against the reference, on any alerts and jobs -------------------------------

words = st.sampled_from(VOCABULARY)
text = st.lists(words, max_size=8).map(" ".join)
term = st.lists(words, min_size=1, max_size=2).map(tuple)
masks = st.integers(min_value=0, max_value=15)
maybe_money = st.none() | st.sampled_from([40_000, 80_000, 120_000])
maybe_offset = st.none() | st.sampled_from([-300, -60, 0, 60, 300])


@st.composite
def jobs_strategy(draw) -> list[JobFacts]:
    count = draw(st.integers(min_value=0, max_value=12))
    result = []
    for job_id in range(1, count + 1):
        low, high = sorted([draw(maybe_money) or 0, draw(maybe_money) or 0])
        hours = draw(st.none() | st.tuples(maybe_offset, maybe_offset))
        window = sorted(hours) if hours and None not in hours else (None, None)
        result.append(
            JobFacts(
                job_id=job_id,
                title=draw(text),
                company_name=draw(text),
                description=draw(text),
                company=draw(st.sampled_from(COMPANIES)),
                featured=draw(st.booleans()),
                industry_bits=draw(masks),
                type_bits=draw(masks),
                level_bits=draw(masks),
                region_bits=draw(masks),
                salary_min_usd=low or None,
                salary_max_usd=high or None,
                timezone_min=window[0],
                timezone_max=window[1],
            )
        )
    return result


criteria_strategy = st.builds(
    Criteria,
    groups=st.lists(st.lists(term, min_size=1, max_size=3).map(tuple), max_size=3).map(tuple),
    excluded=st.lists(term, max_size=2).map(tuple),
    industry_mask=masks,
    type_mask=masks,
    level_mask=masks,
    region_mask=masks,
    companies=st.frozensets(st.sampled_from(COMPANIES), max_size=2),
    salary_min=maybe_money,
    salary_max=maybe_money,
    timezone_min=maybe_offset,
    timezone_max=maybe_offset,
    featured_only=st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(
    alerts=st.lists(criteria_strategy, max_size=12).map(
        # Repeat some criteria, as people save the same searches.
        lambda found: list(enumerate(found + found[: len(found) // 3], start=1))
    ),
    jobs=jobs_strategy(),
)
def test_the_engine_finds_exactly_what_each_alert_finds_on_its_own(alerts, jobs):
    expected = {}
    for alert_id, criteria in alerts:
        found = [job.job_id for job in jobs if job_matches(criteria, job)]
        if found:
            expected[alert_id] = found
    assert match(alerts, jobs).as_dict() == expected
