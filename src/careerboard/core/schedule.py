"""The periodic commands: what runs, and how often.

Each is an idempotent management command, so it may run late, twice, or from cron instead
(docs/operations.md); the embedded `scheduler` process enqueues them for the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class PeriodicCommand:
    command: str
    every: timedelta
    args: tuple[str, ...] = ()


PERIODIC_COMMANDS: dict[str, PeriodicCommand] = {
    # Tasks left RUNNING by a worker that died mid-task go back to the queue.
    "requeue_stale_tasks": PeriodicCommand("requeue_stale_tasks", timedelta(minutes=5)),
    "expire_jobs": PeriodicCommand("expire_jobs", timedelta(minutes=15)),
    # Finished tasks' records, in whichever queue TASKS_BACKEND names.
    "prune_task_results": PeriodicCommand(
        "prune_task_results", timedelta(hours=24), ("--min-age-days", "7")
    ),
    # Expired sessions, then the records of ended ones.
    "clear_expired_sessions": PeriodicCommand("clearsessions", timedelta(hours=24)),
    "prune_user_sessions": PeriodicCommand("prune_user_sessions", timedelta(hours=6)),
    # Career guides' market figures (open jobs, salaries, trend) from the job board.
    "refresh_guide_market": PeriodicCommand("refresh_guide_market", timedelta(hours=1)),
    # The consultant: skills of jobs written in bulk (imports), and after a skill catalog change.
    "consultant_index_jobs": PeriodicCommand("consultant_index_jobs", timedelta(minutes=5)),
    # Billing: failed payments past their 7 days of grace and cancelled periods that ended move
    # to the free plan; subscriptions of the local provider renew.
    "billing_expire_grace": PeriodicCommand("billing_expire_grace", timedelta(minutes=15)),
    "billing_renew_local": PeriodicCommand("billing_renew_local", timedelta(hours=1)),
    # Job alerts: instant ones every 30 s (so within a minute of a job going live), digests
    # hourly (each alert's daily or weekly digest goes with the first run of its day or week).
    "send_instant_alerts": PeriodicCommand("send_instant_alerts", timedelta(seconds=30)),
    "send_daily_alert_digests": PeriodicCommand(
        "send_alert_digests", timedelta(hours=1), ("--frequency", "daily")
    ),
    "send_weekly_alert_digests": PeriodicCommand(
        "send_alert_digests", timedelta(hours=1), ("--frequency", "weekly")
    ),
    # Alerts saved before a release changed the search analyzer or its vocabulary are compiled
    # again (also run by the deploy; a no-op when every alert is current).
    "recompile_alert_criteria": PeriodicCommand("recompile_alert_criteria", timedelta(hours=1)),
}
