from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from careerboard.jobs import feeds, jobicy, views

app_name = "jobs"
urlpatterns = [
    path("jobs", views.job_search_page, name="search"),
    path("jobs/<int:job_id>-<slug:slug>", views.job_detail, name="detail"),
    path("jobs/feed", feeds.JobRssFeed(), name="feed"),
    path("jobs/feed/atom", feeds.JobAtomFeed(), name="feed-atom"),
    path("feed/job_feed", feeds.JobicyRssFeed(), name="jobicy-feed"),
    # Read-only and cookie-free: exempt from CSRF so other methods get the API's JSON 405.
    path("api/v2/remote-jobs", csrf_exempt(jobicy.remote_jobs), name="jobicy"),
    path("api/v2/remote-jobs/status", csrf_exempt(jobicy.remote_jobs_status), name="jobicy-status"),
    # The path Jobicy's MCP server and older clients call.
    path("api/v2/remote-jobs.php", csrf_exempt(jobicy.remote_jobs), name="jobicy-php"),
]
