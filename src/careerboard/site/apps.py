from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site's own pages, above the domains: home, footer pages, sitemaps, robots.txt."""

    name = "careerboard.site"
    label = "site"
