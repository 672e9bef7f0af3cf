"""The consultant's fit score, over every live job at once: a pure engine (numpy, no Django).

The live jobs are held as numpy arrays (a JobIndex): taxonomy bit sets, yearly US-dollar
salaries, publication times, and each job's skill ids (required or nice to have) and role ids
as sparse (row, id) pairs. Scoring one person (a Seeker) is a handful of vector operations.
consultant.index builds the JobIndex from the database and keeps it fresh.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# A job that names only a skill or two says little about fit: its skill coverage is damped as
# if it also asked for skills of this much weight that nobody is known to have.
COVERAGE_SMOOTHING = 0.3
# A skill weighs this much plus its share of the target role's postings asking for it, so
# skills the role rarely asks for still count (a posting asking for them is asking).
BASE_SKILL_WEIGHT = 0.5
# A skill a job names only as nice to have weighs this share of a required one.
NICE_TO_HAVE_WEIGHT = 0.35
RECENCY_HALF_LIFE_DAYS = 14
# Salaries paying at least this share of the expectation earn partial credit.
SALARY_TOLERANCE = 0.8
WEIGHTS = {
    "role": 0.35,
    "skills": 0.30,
    "level": 0.20,
    "salary": 0.07,
    "recency": 0.04,
    "job_type": 0.04,
}
NEUTRAL = 0.5  # the score of a factor the job (or the person) says nothing about
# The role score of a job of a role next to the target (the guide's related roles).
RELATED_ROLE = 0.5
# The level score of a job one step above the person's level, and one step below.
STEP_UP = 0.6
STEP_DOWN = 0.3
# A job of neither the target role nor a neighbour is recommended only when the person holds
# at least this share of the weight of what it requires, and at least COVER_SKILLS of its
# required skills (all of them when it requires fewer).
COVER_SHARE = 0.6
COVER_SKILLS = 2


@dataclass(frozen=True)
class RoleFigures:
    """What the jobs of one role ask for: how many name each skill (by skill id), out of how
    many jobs, each skill's weight in the fit score, and each job's total asked weight (nice to
    have skills at NICE_TO_HAVE_WEIGHT) and required weight."""

    counts: np.ndarray
    postings: int
    weights: np.ndarray
    asked: np.ndarray
    required: np.ndarray


@dataclass
class JobIndex:
    key: tuple
    checked_at: float
    job_ids: np.ndarray
    level_bits: np.ndarray
    region_bits: np.ndarray
    type_bits: np.ndarray
    salary_min: np.ndarray  # NaN when the job gives none
    salary_max: np.ndarray
    pays: np.ndarray  # the maximum, else the minimum; NaN when none
    published: np.ndarray  # Unix seconds
    # The (job, skill) pairs twice: by job (row_starts[r]:row_starts[r + 1] slices skill_ids)
    # and by skill (skill_starts[s]:skill_starts[s + 1] slices rows_by_skill); each pair's
    # share of a skill's weight (1 when required, NICE_TO_HAVE_WEIGHT when nice to have).
    skill_rows: np.ndarray
    skill_ids: np.ndarray
    pair_shares: np.ndarray
    row_starts: np.ndarray
    rows_by_skill: np.ndarray
    shares_by_skill: np.ndarray
    skill_starts: np.ndarray
    required_counts: np.ndarray  # per job
    guide_rows: np.ndarray
    guide_ids: np.ndarray
    roles: dict[int | None, RoleFigures] = field(default_factory=dict)
    neighbourhoods: dict[tuple, np.ndarray] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.job_ids)

    @property
    def width(self) -> int:
        return len(self.skill_starts) - 1

    def skills_of(self, row: int) -> list[int]:
        return [int(i) for i in self.skill_ids[self.row_starts[row] : self.row_starts[row + 1]]]

    def nice_of(self, row: int) -> set[int]:
        """The skills a job names only as nice to have."""
        span = slice(self.row_starts[row], self.row_starts[row + 1])
        return {int(i) for i in self.skill_ids[span][self.pair_shares[span] < 1]}

    def guides_of(self, row: int) -> list[int]:
        return [int(i) for i in self.guide_ids[self.guide_rows == row]]

    def role_scores(self, guide_id: int, related: frozenset[int]) -> np.ndarray:
        """Each job's role score: 1 when its title is of the target role, RELATED_ROLE when of a
        role next to it, else 0; worked out once per index and role."""
        key = (guide_id, related)
        scores = self.neighbourhoods.get(key)
        if scores is None:
            scores = np.zeros(self.size)
            scores[self.guide_rows[np.isin(self.guide_ids, list(related))]] = RELATED_ROLE
            scores[self.guide_rows[self.guide_ids == guide_id]] = 1.0
            self.neighbourhoods[key] = scores
        return scores

    def role(self, guide_id: int | None) -> RoleFigures:
        """The figures of a role's jobs (all jobs when it has none), worked out once per index
        and role."""
        figures = self.roles.get(guide_id)
        if figures is None:
            mask = np.zeros(self.size, dtype=bool)
            mask[self.guide_rows[self.guide_ids == guide_id]] = True
            if not mask.any():
                mask[:] = True
            counts = np.bincount(self.skill_ids[mask[self.skill_rows]], minlength=self.width)
            postings = int(mask.sum())
            weights = BASE_SKILL_WEIGHT + (1 - BASE_SKILL_WEIGHT) * counts / max(postings, 1)
            pair_weights = weights[self.skill_ids]
            asked = np.bincount(
                self.skill_rows, weights=pair_weights * self.pair_shares, minlength=self.size
            )
            required = np.bincount(
                self.skill_rows,
                weights=pair_weights * (self.pair_shares == 1),
                minlength=self.size,
            )
            figures = RoleFigures(
                counts=counts, postings=postings, weights=weights, asked=asked, required=required
            )
            self.roles[guide_id] = figures
        return figures


@dataclass(frozen=True)
class Seeker:
    """What the fit score needs of a person, as the index's own terms."""

    guide_id: int  # the target role: its jobs' demand weighs the skills
    related_guide_ids: frozenset[int]  # the roles next to it
    skill_ids: frozenset[int]
    level_bits: int  # the levels of the stages the person fits: a full match
    step_up_level_bits: int  # the levels one step above: STEP_UP
    step_down_level_bits: int  # one step below: STEP_DOWN
    any_level_bits: int  # "any level" postings suit everyone
    region_bits: int  # the person's regions and every region containing them; 0 is no limit
    salary_usd: int | None
    job_type_bits: int  # 0 is no preference


@dataclass(frozen=True)
class Ranked:
    row: int
    job_id: int
    score: float
    factors: dict[str, float]


# What index_from_rows reads of each job, in this order (the SQL of consultant.index).
ROW_COLUMNS = (
    "job_id",
    "level_bits",
    "region_bits",
    "type_bits",
    "salary_min_usd",  # -1 when none
    "salary_max_usd",
    "published",  # Unix seconds
    "skill_ids",  # space-separated ids
    "guide_ids",
    "nice_ids",
)


def _ids(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Space-separated id lists, one per row, as (row, id) pairs."""
    counts = np.fromiter((text.count(" ") + 1 if text else 0 for text in texts), dtype=np.int64)
    joined = " ".join(text for text in texts if text)
    ids = np.fromstring(joined, dtype=np.int32, sep=" ") if joined else np.zeros(0, np.int32)
    return np.repeat(np.arange(len(texts), dtype=np.int32), counts), ids


def _starts(sorted_values: np.ndarray, width: int) -> np.ndarray:
    """Where each value from 0 to width - 1 starts in a sorted array (and the end)."""
    return np.searchsorted(sorted_values, np.arange(width + 1, dtype=sorted_values.dtype))


def index_from_rows(rows: list[tuple], *, key: tuple, checked_at: float) -> JobIndex:
    """The index of these jobs (ROW_COLUMNS each)."""
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(ROW_COLUMNS)

    def salary(values: tuple) -> np.ndarray:
        array = np.array(values, dtype=np.float64)
        array[array < 0] = np.nan
        return array

    salary_min, salary_max = salary(columns[4]), salary(columns[5])
    skill_rows, skill_ids = _ids(list(columns[7]))
    guide_rows, guide_ids = _ids(list(columns[8]))
    nice_rows, nice_ids = _ids(list(columns[9]))
    width = int(skill_ids.max()) + 1 if len(skill_ids) else 1
    by_skill = np.argsort(skill_ids, kind="stable")
    # A pair is nice to have when the job's nice-to-have list holds it (as row * width + id).
    nice = np.isin(
        skill_rows.astype(np.int64) * width + skill_ids,
        nice_rows.astype(np.int64) * width + nice_ids,
    )
    pair_shares = np.where(nice, NICE_TO_HAVE_WEIGHT, 1.0)
    return JobIndex(
        key=key,
        checked_at=checked_at,
        job_ids=np.array(columns[0], dtype=np.int64),
        level_bits=np.array(columns[1], dtype=np.int64),
        region_bits=np.array(columns[2], dtype=np.int64),
        type_bits=np.array(columns[3], dtype=np.int64),
        salary_min=salary_min,
        salary_max=salary_max,
        pays=np.where(np.isnan(salary_max), salary_min, salary_max),
        published=np.array(columns[6], dtype=np.float64),
        skill_rows=skill_rows,
        skill_ids=skill_ids,
        pair_shares=pair_shares,
        row_starts=_starts(skill_rows, len(rows)),
        rows_by_skill=skill_rows[by_skill],
        shares_by_skill=pair_shares[by_skill],
        skill_starts=_starts(skill_ids[by_skill], width),
        required_counts=np.bincount(skill_rows[~nice], minlength=len(rows)),
        guide_rows=guide_rows,
        guide_ids=guide_ids,
    )


def _has_bits(values: np.ndarray, bits: int) -> np.ndarray:
    return (values & np.int64(bits)) != 0


def rank(index: JobIndex, seeker: Seeker, *, now: float, limit: int) -> list[Ranked]:
    """The `limit` best-fitting jobs the person may take, best first, with each factor's score
    (0 to 1) and the weighted total. Jobs of the target role and its neighbours come first by
    the role factor; a job of another role only when the person's skills cover it."""
    if index.size == 0:
        return []
    role = index.role(seeker.guide_id)
    shared = np.zeros(index.size)  # the weight of the job's skills the person has
    shared_required = np.zeros(index.size)
    matched_required = np.zeros(index.size)
    for skill_id in seeker.skill_ids:
        if skill_id < index.width:
            span = slice(index.skill_starts[skill_id], index.skill_starts[skill_id + 1])
            rows, shares = index.rows_by_skill[span], index.shares_by_skill[span]
            # A job names a skill once: rows are unique.
            shared[rows] += role.weights[skill_id] * shares
            required = rows[shares == 1]
            shared_required[required] += role.weights[skill_id]
            matched_required[required] += 1
    skills = shared / (role.asked + COVERAGE_SMOOTHING)
    roles = index.role_scores(seeker.guide_id, seeker.related_guide_ids)

    full = _has_bits(index.level_bits, seeker.level_bits | seeker.any_level_bits)
    level = np.select(
        [
            index.level_bits == 0,
            full,
            _has_bits(index.level_bits, seeker.step_up_level_bits),
            _has_bits(index.level_bits, seeker.step_down_level_bits),
        ],
        [NEUTRAL, 1.0, STEP_UP, STEP_DOWN],
        0.0,
    )

    if seeker.salary_usd:
        ratio = index.pays / seeker.salary_usd
        partial = np.clip((ratio - SALARY_TOLERANCE) / (1 - SALARY_TOLERANCE), 0.0, 1.0)
        salary = np.where(np.isnan(index.pays), NEUTRAL, partial)
    else:
        salary = np.full(index.size, NEUTRAL)

    age_days = np.maximum(now - index.published, 0) / 86400
    recency = 0.5 ** (age_days / RECENCY_HALF_LIFE_DAYS)

    if seeker.job_type_bits:
        job_type = np.where(
            index.type_bits == 0,
            NEUTRAL,
            _has_bits(index.type_bits, seeker.job_type_bits).astype(np.float64),
        )
    else:
        job_type = np.full(index.size, NEUTRAL)

    factors = {"role": roles, "skills": skills, "level": level, "salary": salary}
    factors |= {"recency": recency, "job_type": job_type}
    total = sum(WEIGHTS[name] * values for name, values in factors.items())
    # Any job of the target role; one of a neighbouring role sharing a skill with the person;
    # one of another role (or none we know) only when the person's skills cover what it
    # requires. And never a job the person may not take from where they live.
    covered = (
        (index.required_counts > 0)
        & (shared_required >= COVER_SHARE * role.required)
        & (matched_required >= np.minimum(COVER_SKILLS, index.required_counts))
    )
    eligible = (roles >= 1) | ((roles > 0) & (shared > 0)) | covered
    if seeker.region_bits:
        eligible &= _has_bits(index.region_bits, seeker.region_bits)
    total = np.where(eligible, total, -1.0)
    count = min(limit, int(eligible.sum()))
    if count == 0:
        return []
    top = np.argpartition(-total, count - 1)[:count]
    # Best first; equal scores newest first, then by job id, so the order is stable.
    top = top[np.lexsort((-index.job_ids[top], -index.published[top], -total[top]))]
    return [
        Ranked(
            row=int(row),
            job_id=int(index.job_ids[row]),
            score=float(total[row]),
            factors={name: float(values[row]) for name, values in factors.items()},
        )
        for row in top
    ]
