from django.urls import path

from careerboard.consultant import views

app_name = "consultant"
urlpatterns = [
    path("consultant", views.report_page, name="report"),
    path("consultant/profile", views.profile_page, name="profile"),
    path("consultant/skills", views.skill_options, name="skill_options"),
]
