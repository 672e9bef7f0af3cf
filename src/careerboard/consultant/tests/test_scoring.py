"""The fit score as a plain function over a handful of jobs: the role first, required skills
over nice-to-have ones, a job of another role only when the person's skills cover it, and the
level one step up before one step down."""

from __future__ import annotations

from careerboard.consultant.scoring import Seeker, index_from_rows, rank

NOW = 1_800_000_000.0
BACKEND, DEVOPS, DATA, CLOUD = 1, 2, 3, 4
PYTHON, DJANGO, POSTGRES, DOCKER, GO, KUBERNETES, RUST, SWIFT = range(10, 18)
MIDWEIGHT, SENIOR, JUNIOR = 1 << 2, 1 << 3, 1 << 1


def _job(job_id, *, guides=(), skills=(), nice=(), level=MIDWEIGHT):  # type: ignore[no-untyped-def]
    def ids(values) -> str:  # type: ignore[no-untyped-def]
        return " ".join(str(v) for v in sorted(values))

    return (
        job_id,
        level,
        0,  # open to anyone
        0,
        -1,
        -1,
        int(NOW) - 86400,
        ids({*skills, *nice}),
        ids(guides),
        ids(nice),
    )


def _seeker(skills, *, guide=BACKEND, related=(DEVOPS, DATA)) -> Seeker:  # type: ignore[no-untyped-def]
    return Seeker(
        guide_id=guide,
        related_guide_ids=frozenset(related),
        skill_ids=frozenset(skills),
        level_bits=MIDWEIGHT,
        step_up_level_bits=SENIOR,
        step_down_level_bits=JUNIOR,
        any_level_bits=1 << 6,
        region_bits=0,
        salary_usd=None,
        job_type_bits=0,
    )


def _ranked(rows, seeker):  # type: ignore[no-untyped-def]
    index = index_from_rows(rows, key=(), checked_at=0.0)
    return [(r.job_id, round(r.score, 3)) for r in rank(index, seeker, now=NOW, limit=10)]


def test_the_target_role_comes_before_other_roles_sharing_as_many_skills():
    rows = [
        _job(1, guides=[CLOUD], skills=[PYTHON, DOCKER, RUST]),
        _job(2, guides=[BACKEND], skills=[PYTHON, DOCKER, RUST]),
        _job(3, guides=[DEVOPS], skills=[PYTHON, DOCKER, RUST]),
    ]
    ranked = [job for job, _ in _ranked(rows, _seeker([PYTHON, DOCKER]))]

    # The cloud job requires Rust too: 2 of 3 is enough skills, and it comes last.
    assert ranked == [2, 3, 1]


def test_a_job_of_another_role_needs_the_skills_it_requires():
    rows = [
        _job(1, guides=[CLOUD], skills=[PYTHON, DJANGO, SWIFT, RUST]),  # 1 of 4 held
        _job(2, skills=[GO, KUBERNETES]),  # no known role: both held
        _job(3, guides=[DEVOPS], skills=[SWIFT, RUST]),  # a neighbour sharing nothing
        _job(4, guides=[BACKEND], skills=[SWIFT]),  # the target role, whatever it asks
    ]
    ranked = {job for job, _ in _ranked(rows, _seeker([PYTHON, GO, KUBERNETES]))}

    assert ranked == {2, 4}


def test_a_skill_that_is_only_nice_to_have_counts_less():
    rows = [
        _job(1, guides=[BACKEND], skills=[PYTHON, DJANGO, RUST]),
        _job(2, guides=[BACKEND], skills=[RUST], nice=[PYTHON, DJANGO]),
    ]
    (first, high), (second, low) = _ranked(rows, _seeker([PYTHON, DJANGO]))

    assert (first, second) == (1, 2)
    assert high - low > 0.05


def test_one_level_up_before_one_level_down_and_the_fit_figure_follows():
    rows = [
        _job(1, guides=[BACKEND], skills=[PYTHON], level=JUNIOR),
        _job(2, guides=[BACKEND], skills=[PYTHON], level=SENIOR),
        _job(3, guides=[BACKEND], skills=[PYTHON], level=MIDWEIGHT),
    ]
    ranked = _ranked(rows, _seeker([PYTHON]))

    assert [job for job, _ in ranked] == [3, 2, 1]
    # A full fit (role, skills, level) is most of the scale; what is left is salary, recency
    # and job type, unknown here.
    assert ranked[0][1] > 0.8
