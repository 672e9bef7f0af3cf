"""Every operation of /api/v1, fuzzed by schemathesis from its own OpenAPI schema, as each kind of
caller: generated input gets a documented answer (status code, content type and body as the
schema says), never a server error."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from careerboard.accounts.models import User
from careerboard.accounts.services.access_tokens import access_token_create
from careerboard.alerts.tests.helpers import make_alert
from careerboard.applications.models import Bookmark
from careerboard.applications.services.applying import ApplicantProfile, application_apply
from careerboard.billing.services import local_checkout_complete
from careerboard.core.tests.factories import JobFactory, MembershipFactory, UserFactory
from careerboard.jobs.indexing import job_search_rebuild

pytestmark = pytest.mark.django_db
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def keep_connection():
    """The WSGI app closes the database connection after each request, which would end the
    test's transaction; Django's own test client unhooks the same signals."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def world(settings, tmp_path) -> dict[str, int | str]:
    """A seeker on Plus (alerts are created, not only refused by Free's limit of one) with an
    alert, a bookmark and an on-site application to the employer's job: the ids the
    operations' path parameters are set to, so the fuzzing reaches real rows."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    from django.core.files.uploadedfile import SimpleUploadedFile

    employer = MembershipFactory(company__name="Acme", company__slug="acme").user
    seeker = UserFactory(email="ada@example.com", name="Ada Lovelace")
    local_checkout_complete(user=seeker, price_key="plus-year")
    job = JobFactory(
        company=employer.memberships.get().company, industries=["engineering"], regions=["europe"]
    )
    job_search_rebuild()
    application = application_apply(
        user=seeker,
        job=job,
        profile=ApplicantProfile(name="Ada Lovelace", email=seeker.email, location="London"),
        resume=SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        cover_letter="Hello.",
    )
    return {
        "seeker": seeker.pk,
        "employer": employer.pk,
        "job_id": job.pk,
        "application_id": application.pk,
        "alert_id": make_alert(seeker, "q=python").pk,
        "bookmark_id": Bookmark.objects.create(user=seeker, job=job).pk,
    }


def token(user: User) -> dict[str, str]:
    _, raw = access_token_create(user=user, name="fuzz", scope="write", expires_in_days=None)
    return {"Authorization": f"Bearer {raw}"}


def session(user: User) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


@pytest.mark.parametrize("caller", ["anonymous", "seeker-token", "employer-token", "session"])
def test_every_operation_answers_as_its_schema_says(caller, world, keep_connection):
    headers: dict[str, str] = {}
    cookies: dict[str, str] = {}
    if caller == "seeker-token":
        headers = token(User.objects.get(pk=world["seeker"]))
    elif caller == "employer-token":
        headers = token(User.objects.get(pk=world["employer"]))
    elif caller == "session":
        cookies = session(User.objects.get(pk=world["seeker"]))
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 36

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers(case):
            # Half of the cases (by the generated value) get a real row's id, so the
            # operations are fuzzed past their lookups; the other half keep the generated one.
            for name, generated in (case.path_parameters or {}).items():
                if len(str(generated)) % 2:
                    continue
                if name in world:
                    case.path_parameters[name] = world[name]
                elif name == "slug" and case.path.startswith("/api/v1/companies"):
                    case.path_parameters[name] = "acme"
            # The WSGI transport hands schemathesis the bytes as sent; gzip is not JSON.
            response = case.call(
                headers={"Accept-Encoding": "identity", **headers}, cookies=cookies
            )
            case.validate_response(response, checks=CHECKS)

        answers()


def test_no_two_input_or_output_models_share_a_name():
    """The OpenAPI components are keyed by the model's class name: two routers' `ProfileOut`
    would become one component, and one operation would be documented with the other's shape."""
    from ninja import Schema

    from careerboard.config.api import api

    api.get_openapi_schema()  # imports every router's models
    seen: dict[str, str] = {}
    clashes = []
    stack = list(Schema.__subclasses__())
    while stack:
        model = stack.pop()
        stack.extend(model.__subclasses__())
        if not model.__module__.startswith("careerboard."):
            continue
        where = f"{model.__module__}.{model.__qualname__}"
        if seen.setdefault(model.__name__, where) != where:
            clashes.append((seen[model.__name__], where))
    assert not clashes
