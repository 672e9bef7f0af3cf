from django.urls import path

from careerboard.guides import views

app_name = "guides"
urlpatterns = [
    path("careers/", views.guide_index, name="index"),
    path("careers/<slug:slug>", views.guide_detail, name="detail"),
]
