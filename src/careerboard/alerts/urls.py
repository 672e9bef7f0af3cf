from django.urls import path

from careerboard.alerts import feeds, views

app_name = "alerts"
urlpatterns = [
    path("alerts/", views.alert_list, name="list"),
    path("alerts/create", views.alert_create, name="create"),
    path("alerts/<int:alert_id>/edit", views.alert_edit, name="edit"),
    path("alerts/<int:alert_id>/pause", views.alert_pause, name="pause"),
    path("alerts/<int:alert_id>/resume", views.alert_resume, name="resume"),
    path("alerts/<int:alert_id>/delete", views.alert_delete, name="delete"),
    path("alerts/unsubscribe/<str:token>", views.unsubscribe, name="unsubscribe"),
    path("alerts/feed/<str:token>", feeds.AlertRssFeed(), name="feed"),
]
