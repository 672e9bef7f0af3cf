"""Outboxes: work that must not be lost, written in the transaction of the change it follows.

`OutboxEntry` is what every outbox row has: when it is next due, how often it was tried and
the last error. A worker takes due rows for a short lease (core.outbox.outbox_claim), so a row
whose taker died is due again soon. Two outboxes use it:

- `TaskOutbox` (here): a background task to hand to the queue (core.outbox.outbox_enqueue).
- `alerts.AlertMail`: an alert mail to hand to the SMTP server.
"""

from __future__ import annotations

from django.db import models


class OutboxEntry(models.Model):
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Due from then on; a taken row has it moved to the end of its taker's lease.
    next_attempt_at = models.DateTimeField()

    class Meta:
        abstract = True


class TaskOutbox(OutboxEntry):
    """A task waiting to be enqueued. Deleted once the queue has taken it."""

    # The task's dotted path (Task.module_path), its arguments (JSON, as every backend needs).
    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    run_after = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["next_attempt_at", "id"]
        indexes = [models.Index(fields=["next_attempt_at"], name="taskoutbox_due")]

    def __str__(self) -> str:
        return f"{self.task} ({self.attempts} attempts)"
