"""factory-boy factories for the board's main models, shared by every domain's tests."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from careerboard.accounts.models import User
from careerboard.companies.models import Company, Membership
from careerboard.jobs.models import Job
from careerboard.taxonomy.models import Industry, JobType, Level, Region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    role = User.Role.SEEKER
    password = factory.django.Password("correct horse battery")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    website = factory.LazyAttribute(lambda c: f"https://{c.slug}.example")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(UserFactory, role=User.Role.EMPLOYER)
    role = Membership.Role.OWNER


class JobFactory(factory.django.DjangoModelFactory):
    """A published job. Pass industries=["engineering"], regions=["europe"] ... as slugs."""

    class Meta:
        model = Job
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    title = "Backend Engineer"
    slug = factory.LazyAttribute(lambda j: j.title.lower().replace(" ", "-"))
    description = "<p>Build and run the APIs behind our product.</p>"
    status = Job.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(
        lambda j: j.published_at + timedelta(days=30) if j.published_at else None
    )

    @factory.post_generation
    def industries(obj, create, slugs, **kwargs):
        if create and slugs:
            obj.industries.set(Industry.objects.filter(slug__in=slugs))

    @factory.post_generation
    def job_types(obj, create, slugs, **kwargs):
        if create and slugs:
            obj.job_types.set(JobType.objects.filter(slug__in=slugs))

    @factory.post_generation
    def levels(obj, create, slugs, **kwargs):
        if create and slugs:
            obj.levels.set(Level.objects.filter(slug__in=slugs))

    @factory.post_generation
    def regions(obj, create, slugs, **kwargs):
        if create and slugs:
            obj.regions.set(Region.objects.filter(slug__in=slugs))
