"""Employer pages under /employer/: thin views that parse a form, call a service, render.

Only employer accounts use them; a job or company the person is not a member of is a 404,
whatever its id or slug (the services check the same again)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from careerboard.accounts.models import User
from careerboard.companies import services as company_services
from careerboard.companies.models import Company, Membership
from careerboard.companies.selectors import (
    INVITATION_MAX_AGE,
    company_for_invitation,
    company_get_for_member,
    company_list_for_member,
)
from careerboard.core.markdown import markdown_to_html
from careerboard.employers.access import employer_page
from careerboard.employers.forms import CompanyCreateForm, CompanyForm, JobForm, add_service_errors
from careerboard.employers.selectors import (
    employer_job_actions,
    employer_job_get,
    employer_job_groups,
)
from careerboard.jobs import services as job_services
from careerboard.jobs.models import MAX_DESCRIPTION_LENGTH, Job

GET_POST = require_http_methods(["GET", "POST"])


def _posted(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The form data of a POST (even an empty one, so it shows "required"), None for a GET."""
    return request.POST if request.method == "POST" else None


def _form_page(request: HttpRequest, template: str, form: Form, **context) -> HttpResponse:  # type: ignore[no-untyped-def]
    """A form page; a form that was posted and has errors answers 400."""
    status = 400 if form.is_bound and form.errors else 200
    return render(request, f"employers/{template}.html", {"form": form, **context}, status=status)


def _job(request: HttpRequest, job_id: int) -> Job:
    job = employer_job_get(user=request.user, job_id=job_id)  # type: ignore[arg-type]
    if job is None:
        raise Http404("No such job among your companies")
    return job


def _membership(request: HttpRequest, slug: str) -> Membership:
    membership = company_get_for_member(user=request.user, slug=slug)  # type: ignore[arg-type]
    if membership is None:
        raise Http404("No such company among yours")
    return membership


def _not_allowed(request: HttpRequest, job: Job) -> HttpResponse:
    status = job.get_status_display().lower()
    messages.error(request, f"That is not possible for a job that is {status}.")
    return redirect("employers:dashboard")


@require_GET
@employer_page
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "employers/dashboard.html",
        {
            "memberships": company_list_for_member(user=request.user),  # type: ignore[arg-type]
            "groups": employer_job_groups(user=request.user),  # type: ignore[arg-type]
            "action_labels": ACTION_LABELS,
        },
    )


@GET_POST
@employer_page
def job_create(request: HttpRequest) -> HttpResponse:
    """The first step of posting: the job is saved as a draft and shown as a preview."""
    companies = {
        m.company.slug: m.company
        for m in company_list_for_member(user=request.user)  # type: ignore[arg-type]
    }
    if not companies:
        messages.info(request, "Add your company first; then you can post its jobs.")
        return redirect("employers:company_create")
    form = JobForm(
        _posted(request),
        companies=[(slug, company.name) for slug, company in companies.items()],
        initial={"company": request.GET.get("company")},
    )
    if _showing_preview(request):
        form = form.as_posted()
    elif request.method == "POST" and form.is_valid():
        try:
            job = job_services.job_create(
                company=companies[form.cleaned_data["company"]],
                by=request.user,  # type: ignore[arg-type]
                data=form.job_input(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("employers:job_preview", job_id=job.pk)
    return _job_form_page(request, form)


@GET_POST
@employer_page
def job_edit(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    # An expired job is relisted unchanged (job_relist skips review), so it is not edited here.
    if "edit" not in employer_job_actions(job=job):
        return _not_allowed(request, job)
    form = JobForm.for_job(job, _posted(request))
    if _showing_preview(request):
        form = form.as_posted()
    elif request.method == "POST" and form.is_valid():
        try:
            job_services.job_update(job=job, by=request.user, data=form.job_input())  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if job.status == Job.Status.PENDING:
                messages.success(request, f"“{job.title}” is saved and waiting for review.")
            return redirect("employers:job_preview", job_id=job.pk)
    return _job_form_page(request, form, job=job)


def _showing_preview(request: HttpRequest) -> bool:
    """The form's "Show preview" button without JavaScript: the page again, nothing saved."""
    return request.method == "POST" and "show_preview" in request.POST


def _job_form_page(request: HttpRequest, form: JobForm, **context) -> HttpResponse:  # type: ignore[no-untyped-def]
    return _form_page(request, "job_form", form, preview=form.description_preview(), **context)


@require_POST
@employer_page
def description_preview(request: HttpRequest) -> HttpResponse:
    """The job form's description as it will show, for htmx to put below the text."""
    source = request.POST.get("description", "")
    if len(source) > MAX_DESCRIPTION_LENGTH:
        return HttpResponse(
            f"The description is longer than {MAX_DESCRIPTION_LENGTH:,} characters.", status=400
        )
    return render(
        request, "employers/_description_preview.html", {"preview": markdown_to_html(source)}
    )


@require_GET
@employer_page
def job_preview(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    return render(
        request,
        "employers/job_preview.html",
        {"job": job, "actions": employer_job_actions(job=job), "action_labels": ACTION_LABELS},
    )


def _end(status: str) -> Callable[..., Job]:
    def end(*, job: Job, by: User) -> Job:
        return job_services.job_end(job=job, by=by, status=status)

    return end


# The POST actions on a job: the service that does it, its button, and what the employer is told.
JOB_ACTIONS: dict[str, tuple[Callable[..., Job], str, str]] = {
    "submit": (
        job_services.job_submit,
        "Submit for review",
        "“{title}” is waiting for review. We mail you when it is done.",
    ),
    "extend": (
        job_services.job_extend,
        "Extend by 30 days",
        "“{title}” now runs until {expires:%d %B %Y}.",
    ),
    "relist": (
        job_services.job_relist,
        "Relist",
        "“{title}” is live again until {expires:%d %B %Y}.",
    ),
    "fill": (_end(Job.Status.FILLED), "Mark filled", "“{title}” is marked filled."),
    "close": (_end(Job.Status.CLOSED), "Close", "“{title}” is closed."),
}
ACTION_LABELS = [(action, label) for action, (_, label, _) in JOB_ACTIONS.items()]


@require_POST
@employer_page
def job_action(request: HttpRequest, job_id: int, action: str) -> HttpResponse:
    if action not in JOB_ACTIONS:
        raise Http404("No such action")
    job = _job(request, job_id)
    service, _, message = JOB_ACTIONS[action]
    if action not in employer_job_actions(job=job):
        return _not_allowed(request, job)
    try:
        service(job=job, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message.format(title=job.title, expires=job.expires_at))
    return redirect("employers:dashboard")


@GET_POST
@employer_page
def company_create(request: HttpRequest) -> HttpResponse:
    form = CompanyCreateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            company = company_services.company_create(owner=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{company.name} is added. You can post its jobs now.")
            return redirect("employers:dashboard")
    return _form_page(request, "company_create", form)


def _owned(request: HttpRequest, slug: str) -> Company:
    membership = _membership(request, slug)
    if membership.role != Membership.Role.OWNER:
        raise PermissionDenied("Only an owner of the company may do this.")
    return membership.company


@GET_POST
@employer_page
def company_edit(request: HttpRequest, slug: str) -> HttpResponse:
    company = _owned(request, slug)
    initial = {
        "name": company.name,
        "website": company.website,
        "description": company.description,
        "size": company.size,
        "headquarters": company.headquarters.slug if company.headquarters else "",
    }
    form = CompanyForm(_posted(request), request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            company_services.company_update(company=company, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The company page is saved.")
            return redirect(company)
    return _form_page(request, "company_edit", form, company=company)


@require_GET
@employer_page
def company_invite(request: HttpRequest, slug: str) -> HttpResponse:
    company = _owned(request, slug)
    token = company_services.company_invitation_token(company=company, by=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "employers/company_invite.html",
        {
            "company": company,
            "link": request.build_absolute_uri(reverse("employers:join", args=[token])),
            "valid_until": timezone.now() + INVITATION_MAX_AGE,
        },
    )


@GET_POST
@login_required
def join(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link: it asks before joining, so opening a link changes nothing."""
    try:
        company = company_for_invitation(token=token)
        if request.user.role != User.Role.EMPLOYER:  # type: ignore[union-attr]
            raise PermissionDenied(
                "Only employer accounts can join a company. Sign in with your employer account."
            )
        if request.method == "POST":
            company_services.company_join(token=token, user=request.user)  # type: ignore[arg-type]
            messages.success(request, f"You are a member of {company.name} now.")
            return redirect("employers:dashboard")
    except ValidationError as error:
        return render(
            request, "employers/join.html", {"error": " ".join(error.messages)}, status=400
        )
    except PermissionDenied as error:
        return render(request, "employers/join.html", {"error": str(error)}, status=403)
    return render(request, "employers/join.html", {"company": company})
