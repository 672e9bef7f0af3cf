from django.urls import path

from careerboard.employers import views

app_name = "employers"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("jobs/new", views.job_create, name="job_create"),
    path("jobs/description-preview", views.description_preview, name="description_preview"),
    path("jobs/<int:job_id>/preview", views.job_preview, name="job_preview"),
    path("jobs/<int:job_id>/edit", views.job_edit, name="job_edit"),
    path("jobs/<int:job_id>/<slug:action>", views.job_action, name="job_action"),
    path("companies/new", views.company_create, name="company_create"),
    path("companies/<slug:slug>/edit", views.company_edit, name="company_edit"),
    path("companies/<slug:slug>/invite", views.company_invite, name="company_invite"),
    path("join/<str:token>", views.join, name="join"),
]
