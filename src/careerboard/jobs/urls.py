from django.urls import path

from careerboard.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs/<int:job_id>-<slug:slug>", views.job_detail, name="detail"),
]
