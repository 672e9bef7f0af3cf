from django.urls import include, path

from careerboard.site import sitemaps, views

urlpatterns = [
    path("", views.home, name="home"),
    path("companies", views.companies, name="companies"),
    # The company page keeps the companies namespace its links and metrics were named under.
    path(
        "",
        include(
            ([path("companies/<slug:slug>", views.company_detail, name="detail")], "companies")
        ),
    ),
    path("about", views.about, name="about"),
    path("terms", views.terms, name="terms"),
    path("privacy", views.privacy, name="privacy"),
    path("contact", views.contact, name="contact"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
]
