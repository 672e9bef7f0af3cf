import pytest

from careerboard.taxonomy.models import Industry, JobType, Level, Region
from careerboard.taxonomy.selectors import region_with_ancestor_ids
from careerboard.taxonomy.services import taxonomy_sync

pytestmark = pytest.mark.django_db


def test_vocabularies_are_loaded_by_migration():
    assert Industry.objects.count() >= 15
    assert set(JobType.objects.values_list("slug", flat=True)) == {
        "full-time",
        "part-time",
        "contract",
        "freelance",
        "internship",
    }
    assert Level.objects.filter(slug="midweight").exists()
    assert Region.objects.get(slug="anywhere").parent is None


def test_a_country_is_contained_by_its_areas_and_anywhere():
    germany = Region.objects.get(slug="germany")
    chain = Region.objects.in_bulk(region_with_ancestor_ids(region_id=germany.pk))
    slugs = [chain[i].slug for i in region_with_ancestor_ids(region_id=germany.pk)]
    assert slugs == ["germany", "europe", "emea", "anywhere"]


def test_sync_is_idempotent():
    before = Region.objects.count(), Industry.objects.count()
    taxonomy_sync()
    taxonomy_sync()
    assert (Region.objects.count(), Industry.objects.count()) == before
