from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "careerboard.staff"
    verbose_name = "Staff pages"
