from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "careerboard.taxonomy"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from careerboard.taxonomy import selectors

        # One read of the vocabularies' version a request (taxonomy.selectors).
        request_started.connect(selectors.read_version_per_request)
        request_finished.connect(selectors.read_version_per_lookup)
