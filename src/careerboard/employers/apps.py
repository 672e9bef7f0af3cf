from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "careerboard.employers"
    verbose_name = "Employer pages"
