"""The alert pages: the list, one-click creation from a search, edit, pause, resume, delete, and
the unsubscribe link of the mails (which works without signing in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from careerboard.accounts.models import User
from careerboard.alerts import selectors, services
from careerboard.alerts.forms import AlertForm
from careerboard.alerts.models import Alert
from careerboard.alerts.tokens import feed_token
from careerboard.billing.entitlements import QuotaExceeded


def _user(request: HttpRequest) -> User:
    """The signed-in person (every view here but the unsubscribe link requires login)."""
    return request.user  # type: ignore[return-value]


def _list_page(request: HttpRequest, *, limit_error: str = "", status: int = 200) -> HttpResponse:
    alerts = selectors.alert_list(user=_user(request))
    context = {
        "alerts": alerts,
        "feed_tokens": {alert.pk: feed_token(alert_id=alert.pk) for alert in alerts},
        "usage": selectors.alert_plan_usage(user=_user(request)),
        "limit_error": limit_error,
    }
    return render(request, "alerts/alert_list.html", context, status=status)


def _own(request: HttpRequest, alert_id: int) -> Alert:
    alert = selectors.alert_get(user=_user(request), alert_id=alert_id)
    if alert is None:
        raise Http404("No such alert.")
    return alert


@login_required
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@login_required
@require_POST
def alert_create(request: HttpRequest) -> HttpResponse:
    """ "Create alert" on a search page: the search's parameters come as hidden fields."""
    try:
        alert = services.alert_create(
            user=_user(request),
            params=request.POST,
            frequency=request.POST.get("frequency") or Alert.Frequency.DAILY,
        )
    except QuotaExceeded as error:
        return _list_page(request, limit_error=" ".join(error.messages), status=422)
    except ValidationError as error:
        # Only a search the page itself would have refused: say why, where it came from.
        messages.error(request, " ".join(error.messages))
        return redirect("jobs:search")
    messages.success(
        request,
        f"Alert “{alert.name}” created: we will email you new matching jobs "
        f"{alert.get_frequency_display().lower()}.",
    )
    return redirect("alerts:list")


@login_required
@require_http_methods(["GET", "POST"])
def alert_edit(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = _own(request, alert_id)
    if request.method == "POST":
        form = AlertForm(request.POST)
        if form.is_valid():
            try:
                services.alert_update(
                    user=_user(request),
                    alert=alert,
                    params=form.search_params(),
                    frequency=form.cleaned_data["frequency"],
                    name=form.cleaned_data["name"],
                )
            except ValidationError as error:
                form.show_errors(error)
            else:
                messages.success(request, f"Alert “{alert.name}” saved.")
                return redirect("alerts:list")
        status = 422
    else:
        form, status = AlertForm(initial=AlertForm.initial_for(alert)), 200
    return render(request, "alerts/alert_form.html", {"form": form, "alert": alert}, status=status)


@login_required
@require_POST
def alert_pause(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = services.alert_pause(user=_user(request), alert=_own(request, alert_id))
    messages.success(request, f"Alert “{alert.name}” paused.")
    return redirect("alerts:list")


@login_required
@require_POST
def alert_resume(request: HttpRequest, alert_id: int) -> HttpResponse:
    try:
        alert = services.alert_resume(user=_user(request), alert=_own(request, alert_id))
    except QuotaExceeded as error:
        return _list_page(request, limit_error=" ".join(error.messages), status=422)
    messages.success(request, f"Alert “{alert.name}” resumed.")
    return redirect("alerts:list")


@login_required
@require_POST
def alert_delete(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = _own(request, alert_id)
    services.alert_delete(user=_user(request), alert=alert)
    messages.success(request, f"Alert “{alert.name}” deleted.")
    return redirect("alerts:list")


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no cookie or token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm (a link scanner following it changes nothing); POST unsubscribes."""
    if request.method == "GET":
        alerts = selectors.unsubscribe_alerts(token=token)
        if alerts is None:
            raise Http404("This unsubscribe link is not valid.")
        return render(request, "alerts/unsubscribe.html", {"alerts": alerts})
    try:
        services.alerts_unsubscribe(token=token)
    except PermissionDenied as error:
        raise Http404("This unsubscribe link is not valid.") from error
    return render(request, "alerts/unsubscribed.html")
