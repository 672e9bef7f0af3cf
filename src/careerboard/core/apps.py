from django.apps import AppConfig
from django.db import models
from django.db.models.signals import pre_save

from careerboard.core.text import clean_line, clean_text


def clean_text_fields(sender: type[models.Model], instance: models.Model, **kwargs: object) -> None:
    """Before any of our rows is saved, by a form, the API, the admin or a service: text
    fields lose control characters, and short ones (CharField: titles, names) their line
    breaks (core/text.py). Fixtures (raw) are stored as they are."""
    if kwargs.get("raw") or not sender.__module__.startswith("careerboard."):
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.TextField):
            clean = clean_text
        elif isinstance(field, models.CharField):
            clean = clean_line
        else:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            setattr(instance, field.attname, clean(value))


class CoreConfig(AppConfig):
    name = "careerboard.core"

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from careerboard.core import metrics

        # Counted in whichever process runs the task: the worker, or the caller with the
        # immediate backend.
        task_finished.connect(metrics.task_finished, dispatch_uid="careerboard.metrics")
        pre_save.connect(clean_text_fields, dispatch_uid="careerboard.clean_text_fields")
