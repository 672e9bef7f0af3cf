import pytest
from django.core.cache import cache

from careerboard.taxonomy.models import Industry, JobType, Level, Region
from careerboard.taxonomy.selectors import region_with_ancestor_ids, terms_by_bit, terms_by_slug
from careerboard.taxonomy.services import taxonomy_changed, taxonomy_sync

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


def test_a_changed_vocabulary_is_read_anew():
    engineering = Industry.objects.get(slug="engineering")
    assert terms_by_slug(Industry)["engineering"].name == engineering.name
    Industry.objects.filter(pk=engineering.pk).update(name="Software")
    taxonomy_changed()
    assert terms_by_slug(Industry)["engineering"].name == "Software"
    assert terms_by_bit(Industry)[engineering.bit].name == "Software"


def test_an_emptied_cache_reads_the_vocabularies_again():
    # A version counter would start again after the flush, at the number this process's copy
    # was read at, and the copy would name the old rows.
    terms_by_slug(Industry)
    Industry.objects.filter(slug="engineering").update(name="Software")
    cache.clear()
    assert terms_by_slug(Industry)["engineering"].name == "Software"


def test_the_search_page_names_a_renamed_term_on_the_next_request(client):
    assert "Software Development" not in client.get("/jobs").content.decode()
    Industry.objects.filter(slug="engineering").update(name="Software Development")
    taxonomy_changed()
    assert "Software Development" in client.get("/jobs").content.decode()
