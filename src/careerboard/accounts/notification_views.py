"""The account's notification settings: which application mails the person gets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from careerboard.accounts.forms import NotificationsForm
from careerboard.accounts.models import User
from careerboard.accounts.services import profile


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = NotificationsForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        profile.notifications_update(user=user, choices=form.cleaned_data)
        messages.success(request, "Your notification settings are saved.")
        return redirect("accounts:notifications")
    return render(request, "accounts/notifications.html", {"form": form})
