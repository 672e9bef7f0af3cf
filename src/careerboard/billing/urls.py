from django.urls import path

from careerboard.billing import views

app_name = "billing"
urlpatterns = [
    path("pricing", views.pricing, name="pricing"),
    path("billing/", views.billing_home, name="home"),
    path("billing/checkout/", views.checkout_start, name="checkout"),
    path("billing/checkout/local/<slug:price_key>/", views.checkout_local, name="checkout_local"),
    path("billing/cancel/", views.cancel, name="cancel"),
    path("billing/resume/", views.resume, name="resume"),
    path("billing/portal/", views.portal, name="portal"),
    path("billing/stripe/webhook", views.stripe_webhook, name="stripe_webhook"),
]
