from django.urls import path

from careerboard.applications import employer_views, views

app_name = "applications"
urlpatterns = [
    path("saved/", views.saved, name="saved"),
    path("saved/<int:job_id>/add", views.bookmark_toggle, {"action": "add"}, name="bookmark_add"),
    path(
        "saved/<int:job_id>/remove",
        views.bookmark_toggle,
        {"action": "remove"},
        name="bookmark_remove",
    ),
    path("saved/<int:job_id>/note", views.bookmark_note, name="bookmark_note"),
    path("apply/<int:job_id>/", views.apply, name="apply"),
    path("apply/<int:job_id>/elsewhere", views.apply_elsewhere, name="apply_elsewhere"),
    path("applications/", views.tracker, name="tracker"),
    path("applications/board", views.tracker_board, name="tracker_board"),
    path("applications/track", views.track, name="track"),
    path("applications/<int:application_id>/", views.application_detail, name="detail"),
    path(
        "applications/<int:application_id>/withdraw",
        views.application_withdraw,
        name="withdraw",
    ),
    path("applications/<int:application_id>/delete", views.application_delete, name="delete"),
    path("applications/<int:application_id>/resume", views.resume_download, name="resume"),
    # The employer pipeline lives here, beside the data it reads; config/urls.py includes these
    # before the employers' own /employer/ routes.
    path("employer/jobs/<int:job_id>/applicants", employer_views.pipeline, name="pipeline"),
    path(
        "employer/jobs/<int:job_id>/applicants/board",
        employer_views.pipeline_board,
        name="pipeline_board",
    ),
    path(
        "employer/jobs/<int:job_id>/applicants/reject",
        employer_views.pipeline_reject,
        name="pipeline_reject",
    ),
    path(
        "employer/jobs/<int:job_id>/applicants/<int:application_id>",
        employer_views.pipeline_detail,
        name="pipeline_detail",
    ),
    path(
        "employer/jobs/<int:job_id>/applicants/<int:application_id>/move",
        employer_views.pipeline_move,
        name="pipeline_move",
    ),
    path(
        "employer/jobs/<int:job_id>/applicants/<int:application_id>/notes",
        employer_views.pipeline_notes,
        name="pipeline_notes",
    ),
]
