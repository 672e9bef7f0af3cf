"""The account's security settings under /account/: the password, two-factor authentication,
the signed-in sessions and the personal access tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from careerboard.accounts import forms, selectors
from careerboard.accounts.models import AccessToken, User, UserSession
from careerboard.accounts.services import access_tokens, passwords, two_factor, user_sessions
from careerboard.core.form_pages import GET_POST, form_page, posted

# --- Password -------------------------------------------------------------------------------


@login_required
@GET_POST
def password_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PasswordChangeForm(user, posted(request))
    if request.method == "POST" and form.is_valid():
        passwords.password_change(
            request=request, user=user, password=form.cleaned_data["new_password1"]
        )
        messages.success(request, "Your password is changed; your other sessions are signed out.")
        return redirect("accounts:home")
    return form_page(request, "accounts/password_change.html", form)


# --- Two-factor authentication ------------------------------------------------------------

TOTP_SETUP_SESSION_KEY = "accounts.totp_setup_secret"


@never_cache  # the page may show a secret that must not sit in a cache
@login_required
@GET_POST
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    """Off: set it up (a new secret waits in the session until a code proves the app has it).
    On: turn it off or get new recovery codes, each after the password."""
    user: User = request.user  # type: ignore[assignment]
    if user.two_factor_enabled:
        return render(
            request,
            "accounts/two_factor_on.html",
            {
                "form": forms.CurrentPasswordForm(user=user),
                "codes_left": selectors.recovery_codes_left(user=user),
            },
        )
    secret = request.session.get(TOTP_SETUP_SESSION_KEY) or two_factor.totp_new_secret()
    request.session[TOTP_SETUP_SESSION_KEY] = secret
    form = forms.TwoFactorEnableForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.two_factor_enable(
                user=user,
                secret=secret,
                code=form.cleaned_data["code"],
                current_session_key=request.session.session_key,
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            del request.session[TOTP_SETUP_SESSION_KEY]
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "just_enabled": True}
            )
    return form_page(
        request,
        "accounts/two_factor_setup.html",
        form,
        secret=secret,
        uri=two_factor.totp_provisioning_uri(user=user, secret=secret),
    )


def _with_password(request: HttpRequest, action) -> HttpResponse:  # type: ignore[no-untyped-def]
    """Run `action` when the posted password is right; otherwise the 2FA page with the error."""
    user: User = request.user  # type: ignore[assignment]
    form = forms.CurrentPasswordForm(request.POST, user=user)
    if form.is_valid():
        return action(user)
    return render(
        request,
        "accounts/two_factor_on.html",
        {"form": form, "codes_left": selectors.recovery_codes_left(user=user)},
        status=400,
    )


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    def disable(user: User) -> HttpResponse:
        two_factor.two_factor_disable(user=user)
        messages.success(request, "Two-factor authentication is off.")
        return redirect("accounts:home")

    return _with_password(request, disable)


@never_cache  # the page may show a secret that must not sit in a cache
@login_required
@require_POST
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    def regenerate(user: User) -> HttpResponse:
        try:
            codes = two_factor.recovery_codes_regenerate(user=user)
        except ValidationError:
            return redirect("accounts:two_factor")
        return render(
            request, "accounts/recovery_codes.html", {"codes": codes, "just_enabled": False}
        )

    return _with_password(request, regenerate)


# --- Sessions -----------------------------------------------------------------------------


@login_required
@require_GET
def sessions(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "accounts/sessions.html",
        {
            "sessions": selectors.user_sessions_active(user=user),
            "current_key": request.session.session_key,
        },
    )


@login_required
@require_POST
def session_revoke(request: HttpRequest, session_id: int) -> HttpResponse:
    try:
        user_sessions.session_revoke(user=request.user, session_id=session_id)  # type: ignore[arg-type]
    except UserSession.DoesNotExist as error:
        raise Http404("No such session.") from error
    messages.success(request, "That session is signed out.")
    return redirect("accounts:sessions")


@login_required
@require_POST
def sessions_revoke_others(request: HttpRequest) -> HttpResponse:
    ended = user_sessions.sessions_revoke_others(
        user=request.user,  # type: ignore[arg-type]
        current_session_key=request.session.session_key,
    )
    messages.success(request, f"Signed out {ended} other session{'s' if ended != 1 else ''}.")
    return redirect("accounts:sessions")


# --- Personal access tokens ---------------------------------------------------------------


@never_cache  # the page may show a secret that must not sit in a cache
@login_required
@GET_POST
def tokens(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = forms.AccessTokenForm(posted(request))
    new_token = None
    if request.method == "POST" and form.is_valid():
        _, new_token = access_tokens.access_token_create(
            user=user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_in_days=form.cleaned_data["expires_in_days"],
        )
        form = forms.AccessTokenForm()
    return form_page(
        request,
        "accounts/tokens.html",
        form,
        tokens=selectors.access_tokens_of(user=user),
        new_token=new_token,
        now=timezone.now(),
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        access_tokens.access_token_revoke(user=request.user, token_id=token_id)  # type: ignore[arg-type]
    except AccessToken.DoesNotExist as error:
        raise Http404("No such token.") from error
    messages.success(request, "The token is revoked; it no longer works.")
    return redirect("accounts:tokens")
