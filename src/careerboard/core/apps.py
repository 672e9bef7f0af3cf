from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "careerboard.core"

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from careerboard.core import metrics

        # Counted in whichever process runs the task: the worker, or the caller with the
        # immediate backend.
        task_finished.connect(metrics.task_finished, dispatch_uid="careerboard.metrics")
