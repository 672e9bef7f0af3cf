from django.apps import AppConfig
from django.db.models.signals import post_save

# A change to any of these is a change to what a published job asks for.
_JOB_FIELDS_READ = {"status", "title", "description"}


def _job_saved(sender, instance, update_fields=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """A job published or edited while live gets its skill set at once; jobs written in bulk
    (imports) are caught by the periodic `consultant_index_jobs`."""
    from careerboard.consultant.services import job_skills_index
    from careerboard.jobs.models import Job

    if instance.status != Job.Status.PUBLISHED:
        return
    if update_fields is not None and not _JOB_FIELDS_READ & set(update_fields):
        return
    job_skills_index(job_ids=[instance.pk])


class ConsultantConfig(AppConfig):
    name = "careerboard.consultant"

    def ready(self) -> None:
        from careerboard.accounts.export import register_export_section
        from careerboard.consultant.selectors import consultant_for_export

        post_save.connect(_job_saved, sender="jobs.Job", dispatch_uid="consultant_job_saved")
        register_export_section("consultant", consultant_for_export)
