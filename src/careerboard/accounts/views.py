"""Signing up and in, under /account/: sign-up, log-in (and its two-factor step), log-out, the
password reset, and the links mailed to confirm an address. Thin views: parse a form, call a
service, render. The account's settings are in profile_views and security_views."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from careerboard.accounts import forms, selectors
from careerboard.accounts.models import User
from careerboard.accounts.services import authentication, passwords, registration
from careerboard.accounts.tokens import (
    CHANGE_EMAIL_SALT,
    VERIFY_EMAIL_SALT,
    InvalidLink,
    link_payload,
)
from careerboard.core.form_pages import (
    GET_POST,
    form_page,
    posted,
    rate_limited_form_page,
    safe_next,
)
from careerboard.core.ratelimit import RateLimited, client_ip

NEXT_SESSION_KEY = "accounts.next"


# Where each kind of account starts after signing in: what it comes here to do.
LANDING = {
    "staff": "staff:queue",
    "employer": "employers:dashboard",
    "seeker": "applications:tracker",
}


def _landing(user: User) -> str:
    role = "staff" if user.is_staff else user.role
    return reverse(LANDING.get(role, "accounts:home"))


# --- Sign-up, log-in, log-out ------------------------------------------------------------


@GET_POST
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = forms.SignupForm(posted(request))
    # Seekers and employers fill different fields: the page asks for one role's (?as=employer).
    role = request.POST.get("role") if request.method == "POST" else request.GET.get("as")
    role = role if role == User.Role.EMPLOYER else User.Role.SEEKER
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = registration.user_signup(
                ip=client_ip(request),
                email=data["email"],
                password=data["password"],
                role=data["role"],
                name=data["name"],
                company_name=data["company_name"],
                company_website=data["company_website"],
            )
        except RateLimited as error:
            return rate_limited_form_page(request, "accounts/signup.html", form, error)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                f"Welcome! We sent a link to {user.email}: open it to confirm your address.",
            )
            return redirect("accounts:home")
    return form_page(request, "accounts/signup.html", form, role=role)


@GET_POST
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = forms.LoginForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = authentication.login_check_password(
                request=request,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
            )
        except RateLimited as error:
            return rate_limited_form_page(
                request, "accounts/login.html", form, error, next=next_url
            )
        except authentication.InvalidCredentials as error:
            form.add_error(None, str(error))
        else:
            if authentication.login_begin(request=request, user=user):
                request.session[NEXT_SESSION_KEY] = next_url
                return redirect("accounts:login_two_factor")
            return redirect(next_url or _landing(user))
    return form_page(request, "accounts/login.html", form, next=next_url)


@GET_POST
def login_two_factor(request: HttpRequest) -> HttpResponse:
    user = selectors.two_factor_pending_user(request=request)
    if user is None:
        messages.info(request, "Please sign in again.")
        return redirect("accounts:login")
    form = forms.TwoFactorCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        next_url = request.session.get(NEXT_SESSION_KEY, "")
        try:
            authentication.two_factor_login(
                request=request, user=user, code=form.cleaned_data["code"]
            )
        except RateLimited as error:
            return rate_limited_form_page(request, "accounts/login_two_factor.html", form, error)
        except authentication.InvalidCredentials as error:
            form.add_error("code", str(error))
        else:
            return redirect(safe_next(request, next_url) or _landing(user))
    return form_page(request, "accounts/login_two_factor.html", form)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, "You are signed out.")
    return redirect(settings.LOGOUT_REDIRECT_URL)


# --- Email verification and change of email ----------------------------------------------


def _signed_link_page(
    request: HttpRequest, *, token: str, salt: str, template: str, confirm, done: str
) -> HttpResponse:  # type: ignore[no-untyped-def]
    """A link from a mail opens a page with a button: a mail scanner that fetches the link
    changes nothing; the POST does, through `confirm(token=...)`."""
    try:
        payload = link_payload(token, salt=salt)
        if request.method == "POST":
            confirm(token=token)
            messages.success(request, done)
            return redirect("accounts:home" if request.user.is_authenticated else "accounts:login")
    except InvalidLink as error:
        return render(request, "accounts/link_invalid.html", {"error": error}, status=400)
    return render(request, template, {"payload": payload})


@GET_POST
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    return _signed_link_page(
        request,
        token=token,
        salt=VERIFY_EMAIL_SALT,
        template="accounts/verify_email.html",
        confirm=registration.email_verify,
        done="Thank you: your email address is confirmed.",
    )


@login_required
@require_POST
def verify_email_resend(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if user.email_verified:
        messages.info(request, "Your email address is already confirmed.")
    else:
        try:
            registration.email_verification_resend(user=user)
        except RateLimited as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"We sent a new link to {user.email}.")
    return redirect("accounts:home")


@login_required
@GET_POST
def email_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = forms.EmailChangeForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        new_email = form.cleaned_data["new_email"]
        try:
            registration.email_change_request(user=user, new_email=new_email)
        except RateLimited as error:
            return rate_limited_form_page(request, "accounts/email_change.html", form, error)
        except ValidationError as error:
            form.add_error("new_email", error)
        else:
            messages.success(
                request,
                f"We sent a link to {new_email.lower()}. Your address changes when you open it.",
            )
            return redirect("accounts:home")
    return form_page(request, "accounts/email_change.html", form)


@GET_POST
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _signed_link_page(
        request,
        token=token,
        salt=CHANGE_EMAIL_SALT,
        template="accounts/email_change_confirm.html",
        confirm=registration.email_change_confirm,
        done="Your email address is changed and confirmed.",
    )


# --- Passwords ----------------------------------------------------------------------------


@GET_POST
def password_reset(request: HttpRequest) -> HttpResponse:
    form = forms.EmailForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            passwords.password_reset_request(
                ip=client_ip(request), email=form.cleaned_data["email"]
            )
        except RateLimited as error:
            return rate_limited_form_page(request, "accounts/password_reset.html", form, error)
        return render(
            request,
            "accounts/password_reset_sent.html",
            {"email": form.cleaned_data["email"], "minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
        )
    return form_page(request, "accounts/password_reset.html", form)


@GET_POST
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = selectors.password_reset_user(uidb64=uidb64, token=token)
    if user is None:
        error = InvalidLink("This reset link has expired or was already used.", expired=True)
        return render(request, "accounts/link_invalid.html", {"error": error}, status=400)
    form = SetPasswordForm(user, posted(request))
    if request.method == "POST" and form.is_valid():
        passwords.password_reset_complete(user=user, password=form.cleaned_data["new_password1"])
        messages.success(request, "Your password is changed. Sign in with the new one.")
        return redirect("accounts:login")
    return form_page(request, "accounts/password_reset_confirm.html", form)
