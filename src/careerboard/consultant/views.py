"""The consultant's pages: the report (a sample and an upgrade link on Free), the profile form,
and the skill suggestions the form's autocomplete asks for."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from careerboard.accounts.models import User
from careerboard.consultant import selectors, services
from careerboard.consultant.forms import ProfileForm
from careerboard.consultant.sample import sample_report
from careerboard.consultant.services import split_skills


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _upgrade(request: HttpRequest, *, status: int = 200) -> HttpResponse:
    return render(request, "consultant/upgrade.html", {"report": sample_report()}, status=status)


@login_required
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    if not selectors.consultant_allowed(user=_user(request)):
        return _upgrade(request)
    report = selectors.report_build(user=_user(request))
    if report is None:
        return redirect("consultant:profile")
    history = selectors.report_history(user=_user(request))
    return render(request, "consultant/report.html", {"report": report, "history": history})


@login_required
@require_http_methods(["GET", "POST"])
def profile_page(request: HttpRequest) -> HttpResponse:
    if not selectors.consultant_allowed(user=_user(request)):
        return _upgrade(request, status=403)
    profile = selectors.profile_get(user=_user(request))
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.profile_save(user=_user(request), data=form.to_input())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "Profile saved: here is your report.")
                return redirect("consultant:report")
        status = 422
    else:
        form = ProfileForm(initial=ProfileForm.initial_of(profile))
        status = 200
    return render(
        request, "consultant/profile.html", {"form": form, "profile": profile}, status=status
    )


@login_required
@require_GET
def skill_options(request: HttpRequest) -> HttpResponse:
    """Datalist options for the skills field: each is the whole field with its last, unfinished
    skill completed, so picking one keeps the skills typed before it."""
    typed = request.GET.get("skills", "")[:2000]
    done = split_skills(typed.rsplit(",", 1)[0]) if "," in typed else []
    last = typed.rsplit(",", 1)[-1]
    options = [", ".join([*done, skill.name]) for skill in selectors.skill_suggestions(text=last)]
    return render(request, "consultant/_skill_options.html", {"options": options})
