from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from careerboard.config.api import api
from careerboard.core import views as core_views

handler404 = "careerboard.config.api.not_found"
handler500 = "careerboard.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("metrics", core_views.metrics, name="metrics"),
    path("manifest.webmanifest", core_views.manifest, name="manifest"),
    path("media/<path:path>", core_views.public_media, name="media"),
    path("", include("careerboard.site.urls")),
    path("", include("careerboard.jobs.urls")),
    path("", include("careerboard.guides.urls")),
    path("", include("careerboard.billing.urls")),
    # Before employer/: it holds the pipeline pages under /employer/jobs/<id>/applicants.
    path("", include("careerboard.applications.urls")),
    path("", include("careerboard.alerts.urls")),
    path("", include("careerboard.consultant.urls")),
    path("account/", include("careerboard.accounts.urls")),
    path("employer/", include("careerboard.employers.urls")),
    path("staff/", include("careerboard.staff.urls")),
    path("api/v1/", api.urls),
    # Staff sign in through the account login, which asks for the second factor.
    path("admin/login/", RedirectView.as_view(url="/account/login/", query_string=True)),
    path("admin/", admin.site.urls),
]
