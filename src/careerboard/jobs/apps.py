from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "careerboard.jobs"

    def ready(self) -> None:
        from careerboard.companies.services import company_public_text_changed
        from careerboard.jobs.services import company_jobs_to_review

        def to_review(*, company, **kwargs) -> None:  # type: ignore[no-untyped-def]
            company_jobs_to_review(company=company)

        company_public_text_changed.connect(
            to_review, dispatch_uid="careerboard.jobs.company_jobs_to_review", weak=False
        )
