from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "careerboard.guides"
