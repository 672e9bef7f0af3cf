from django.urls import path

from careerboard.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs", views.job_search_page, name="search"),
    path("jobs/<int:job_id>-<slug:slug>", views.job_detail, name="detail"),
]
