from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "careerboard.taxonomy"
