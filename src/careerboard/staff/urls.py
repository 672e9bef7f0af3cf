from django.urls import path

from careerboard.staff import views

app_name = "staff"
urlpatterns = [
    path("moderation/", views.queue, name="queue"),
    path("outbox", views.outbox, name="outbox"),
    path("moderation/<int:job_id>/", views.job_review, name="job_review"),
    path("moderation/<int:job_id>/approve", views.approve, name="approve"),
    path("moderation/<int:job_id>/reject", views.reject, name="reject"),
]
