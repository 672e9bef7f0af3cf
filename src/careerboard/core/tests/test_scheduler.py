import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from careerboard.core.schedule import PERIODIC_COMMANDS

pytestmark = pytest.mark.django_db(transaction=True)


def test_scheduler_enqueues_each_periodic_command_and_the_worker_runs_it():
    call_command("scheduler", "--once")
    queued = DBTaskResult.objects.filter(task_path="careerboard.core.tasks.run_periodic_command")
    assert queued.count() == len(PERIODIC_COMMANDS)
    call_command("db_worker", "--batch", "--interval", "0")
    assert {result.status for result in queued} == {"SUCCESSFUL"}
