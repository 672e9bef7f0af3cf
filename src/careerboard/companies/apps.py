from django.apps import AppConfig


class CompaniesConfig(AppConfig):
    name = "careerboard.companies"
