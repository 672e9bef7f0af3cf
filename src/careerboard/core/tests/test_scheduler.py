import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db(transaction=True)


def test_scheduler_enqueues_each_periodic_command_and_the_worker_runs_it():
    call_command("scheduler", "--once")
    queued = DBTaskResult.objects.filter(task_path="careerboard.core.tasks.run_periodic_command")
    assert queued.count() == 1
    call_command("db_worker", "--batch", "--interval", "0")
    assert queued.get().status == "SUCCESSFUL"
