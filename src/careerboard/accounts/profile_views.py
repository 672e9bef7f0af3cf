"""The account's own pages under /account/: the overview with the profile form, notification
settings, the data export and deleting the account."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from careerboard.accounts import forms, selectors
from careerboard.accounts.export import export_user_data
from careerboard.accounts.models import User
from careerboard.accounts.services import profile
from careerboard.core.form_pages import GET_POST, form_page, posted

# --- Account overview and profile ----------------------------------------------------------


@login_required
@GET_POST
def account_home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = forms.ProfileForm(posted(request), initial={"name": user.name})
    if request.method == "POST" and form.is_valid():
        profile.profile_update(user=user, name=form.cleaned_data["name"])
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:home")
    return form_page(
        request,
        "accounts/home.html",
        form,
        sessions=len(selectors.user_sessions_active(user=user)),
        tokens=len(selectors.access_tokens_of(user=user)),
    )


@login_required
@GET_POST
def notifications(request: HttpRequest) -> HttpResponse:
    """Which application mails the person gets."""
    user: User = request.user  # type: ignore[assignment]
    form = forms.NotificationsForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        profile.notifications_update(user=user, choices=form.cleaned_data)
        messages.success(request, "Your notification settings are saved.")
        return redirect("accounts:notifications")
    return render(request, "accounts/notifications.html", {"form": form})


# --- Data export and deletion -------------------------------------------------------------


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/export.html")


@login_required
@require_GET
def export_download(request: HttpRequest) -> HttpResponse:
    data = export_user_data(user=request.user)  # type: ignore[arg-type]
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2), content_type="application/json"
    )
    stamp = timezone.now().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="careerboard-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@GET_POST
def delete_account(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = forms.CurrentPasswordForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        try:
            profile.account_delete(user=user)
        except ValidationError as error:
            form.add_error(None, error)
            return form_page(request, "accounts/delete.html", form)
        logout(request)
        messages.success(request, "Your account and its data are deleted. Goodbye.")
        return redirect(reverse("home"))
    return form_page(request, "accounts/delete.html", form)
