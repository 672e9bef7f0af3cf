from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "careerboard.applications"

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_delete

        from careerboard.accounts.export import register_export_section
        from careerboard.applications import selectors
        from careerboard.applications.models import Application
        from careerboard.applications.resumes import resume_delete

        register_export_section("bookmarks", selectors.bookmarks_for_export)
        register_export_section("applications", selectors.applications_for_export)

        def delete_resume(sender: type[Application], instance: Application, **kwargs) -> None:  # type: ignore[no-untyped-def]
            path = instance.resume_path
            transaction.on_commit(lambda: resume_delete(path))

        # A résumé file goes with its row, also when the account's deletion cascades to it
        # (docs/privacy.md); after the commit, so a rolled-back deletion keeps the file.
        post_delete.connect(
            delete_resume, sender=Application, dispatch_uid="applications.resume_delete", weak=False
        )
