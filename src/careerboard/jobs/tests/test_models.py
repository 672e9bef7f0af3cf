import pytest
from django.db import IntegrityError

from careerboard.core.tests.factories import JobFactory

pytestmark = pytest.mark.django_db


def test_description_is_sanitized_and_excerpt_derived_on_save():
    job = JobFactory(
        description='<p>Join us<script>steal()</script> <a href="javascript:x">now</a></p>'
    )
    job.refresh_from_db()
    assert "<script" not in job.description
    assert "javascript:" not in job.description
    assert job.excerpt == "Join us now"


def test_update_fields_save_keeps_excerpt_in_step():
    job = JobFactory()
    job.description = "<p>Brand new text</p>"
    job.save(update_fields=["description"])
    job.refresh_from_db()
    assert job.excerpt == "Brand new text"


def test_salary_minimum_cannot_exceed_maximum():
    with pytest.raises(IntegrityError):
        JobFactory(salary_min=100_000, salary_max=50_000)


def test_external_id_is_unique_per_source():
    JobFactory(external_source="jobicy", external_id="42")
    JobFactory(external_source="other", external_id="42")
    with pytest.raises(IntegrityError):
        JobFactory(external_source="jobicy", external_id="42")
