"""Account pages under /account/: thin views that parse a form, call a service, render."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from careerboard.accounts import forms, selectors
from careerboard.accounts.export import export_user_data
from careerboard.accounts.models import AccessToken, User, UserSession
from careerboard.accounts.services import (
    access_tokens,
    authentication,
    passwords,
    profile,
    registration,
    two_factor,
    user_sessions,
)
from careerboard.accounts.tokens import (
    CHANGE_EMAIL_SALT,
    VERIFY_EMAIL_SALT,
    InvalidLink,
    link_payload,
)
from careerboard.core.ratelimit import RateLimited, client_ip

GET_POST = require_http_methods(["GET", "POST"])
NEXT_SESSION_KEY = "accounts.next"


def _page(
    request: HttpRequest, template: str, context: dict | None = None, *, status: int = 200
) -> HttpResponse:
    return render(request, f"accounts/{template}.html", context or {}, status=status)


def _form_page(request: HttpRequest, template: str, form: Form, **context) -> HttpResponse:  # type: ignore[no-untyped-def]
    """A form page; a form that was posted and has errors answers 400."""
    status = 400 if form.is_bound and form.errors else 200
    return _page(request, template, {"form": form, **context}, status=status)


def _too_many(
    request: HttpRequest, template: str, form: Form, error: RateLimited, **context
) -> HttpResponse:  # type: ignore[no-untyped-def]
    form.add_error(None, error.message)
    response = _page(request, template, {"form": form, **context}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response


def _posted(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The form data of a POST (even an empty one, so it shows "required"), None for a GET."""
    return request.POST if request.method == "POST" else None


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """`candidate` when it is a page of this site, else "" (then the person's landing page)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


# Where each kind of account starts after signing in: what it comes here to do.
LANDING = {
    "staff": "staff:queue",
    "employer": "employers:dashboard",
    "seeker": "applications:tracker",
}


def _landing(user: User) -> str:
    role = "staff" if user.is_staff else user.role
    return reverse(LANDING.get(role, "accounts:home"))


# --- Account overview and profile ----------------------------------------------------------


@login_required
@GET_POST
def account_home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = forms.ProfileForm(_posted(request), initial={"name": user.name})
    if request.method == "POST" and form.is_valid():
        profile.profile_update(user=user, name=form.cleaned_data["name"])
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:home")
    return _form_page(
        request,
        "home",
        form,
        sessions=len(selectors.user_sessions_active(user=user)),
        tokens=len(selectors.access_tokens_of(user=user)),
    )


# --- Sign-up, log-in, log-out ------------------------------------------------------------


@GET_POST
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:home")
    form = forms.SignupForm(_posted(request))
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
            return _too_many(request, "signup", form, error)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                f"Welcome! We sent a link to {user.email}: open it to confirm your address.",
            )
            return redirect("accounts:home")
    return _form_page(request, "signup", form, role=role)


@GET_POST
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = forms.LoginForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = authentication.login_check_password(
                request=request,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
            )
        except RateLimited as error:
            return _too_many(request, "login", form, error, next=next_url)
        except authentication.InvalidCredentials as error:
            form.add_error(None, str(error))
        else:
            if authentication.login_begin(request=request, user=user):
                request.session[NEXT_SESSION_KEY] = next_url
                return redirect("accounts:login_two_factor")
            return redirect(next_url or _landing(user))
    return _form_page(request, "login", form, next=next_url)


@GET_POST
def login_two_factor(request: HttpRequest) -> HttpResponse:
    user = selectors.two_factor_pending_user(request=request)
    if user is None:
        messages.info(request, "Please sign in again.")
        return redirect("accounts:login")
    form = forms.TwoFactorCodeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        next_url = request.session.get(NEXT_SESSION_KEY, "")
        try:
            authentication.two_factor_login(
                request=request, user=user, code=form.cleaned_data["code"]
            )
        except RateLimited as error:
            return _too_many(request, "login_two_factor", form, error)
        except authentication.InvalidCredentials as error:
            form.add_error("code", str(error))
        else:
            return redirect(_safe_next(request, next_url) or _landing(user))
    return _form_page(request, "login_two_factor", form)


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
        return _page(request, "link_invalid", {"error": error}, status=400)
    return _page(request, template, {"payload": payload})


@GET_POST
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    return _signed_link_page(
        request,
        token=token,
        salt=VERIFY_EMAIL_SALT,
        template="verify_email",
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
    form = forms.EmailChangeForm(_posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        new_email = form.cleaned_data["new_email"]
        try:
            registration.email_change_request(user=user, new_email=new_email)
        except RateLimited as error:
            return _too_many(request, "email_change", form, error)
        except ValidationError as error:
            form.add_error("new_email", error)
        else:
            messages.success(
                request,
                f"We sent a link to {new_email.lower()}. Your address changes when you open it.",
            )
            return redirect("accounts:home")
    return _form_page(request, "email_change", form)


@GET_POST
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _signed_link_page(
        request,
        token=token,
        salt=CHANGE_EMAIL_SALT,
        template="email_change_confirm",
        confirm=registration.email_change_confirm,
        done="Your email address is changed and confirmed.",
    )


# --- Passwords ----------------------------------------------------------------------------


@GET_POST
def password_reset(request: HttpRequest) -> HttpResponse:
    form = forms.EmailForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            passwords.password_reset_request(
                ip=client_ip(request), email=form.cleaned_data["email"]
            )
        except RateLimited as error:
            return _too_many(request, "password_reset", form, error)
        return _page(
            request,
            "password_reset_sent",
            {"email": form.cleaned_data["email"], "minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
        )
    return _form_page(request, "password_reset", form)


@GET_POST
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = selectors.password_reset_user(uidb64=uidb64, token=token)
    if user is None:
        error = InvalidLink("This reset link has expired or was already used.", expired=True)
        return _page(request, "link_invalid", {"error": error}, status=400)
    form = SetPasswordForm(user, _posted(request))
    if request.method == "POST" and form.is_valid():
        passwords.password_reset_complete(user=user, password=form.cleaned_data["new_password1"])
        messages.success(request, "Your password is changed. Sign in with the new one.")
        return redirect("accounts:login")
    return _form_page(request, "password_reset_confirm", form)


@login_required
@GET_POST
def password_change(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = PasswordChangeForm(user, _posted(request))
    if request.method == "POST" and form.is_valid():
        passwords.password_change(
            request=request, user=user, password=form.cleaned_data["new_password1"]
        )
        messages.success(request, "Your password is changed; your other sessions are signed out.")
        return redirect("accounts:home")
    return _form_page(request, "password_change", form)


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
        return _page(
            request,
            "two_factor_on",
            {
                "form": forms.CurrentPasswordForm(user=user),
                "codes_left": selectors.recovery_codes_left(user=user),
            },
        )
    secret = request.session.get(TOTP_SETUP_SESSION_KEY) or two_factor.totp_new_secret()
    request.session[TOTP_SETUP_SESSION_KEY] = secret
    form = forms.TwoFactorEnableForm(_posted(request))
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
            return _page(request, "recovery_codes", {"codes": codes, "just_enabled": True})
    return _form_page(
        request,
        "two_factor_setup",
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
    return _page(
        request,
        "two_factor_on",
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
        return _page(request, "recovery_codes", {"codes": codes, "just_enabled": False})

    return _with_password(request, regenerate)


# --- Sessions -----------------------------------------------------------------------------


@login_required
@require_GET
def sessions(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return _page(
        request,
        "sessions",
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
    form = forms.AccessTokenForm(_posted(request))
    new_token = None
    if request.method == "POST" and form.is_valid():
        _, new_token = access_tokens.access_token_create(
            user=user,
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
            expires_in_days=form.cleaned_data["expires_in_days"],
        )
        form = forms.AccessTokenForm()
    return _form_page(
        request,
        "tokens",
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


# --- Data export and deletion -------------------------------------------------------------


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    return _page(request, "export")


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
    form = forms.CurrentPasswordForm(_posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        try:
            profile.account_delete(user=user)
        except ValidationError as error:
            form.add_error(None, error)
            return _form_page(request, "delete", form)
        logout(request)
        messages.success(request, "Your account and its data are deleted. Goodbye.")
        return redirect(reverse("home"))
    return _form_page(request, "delete", form)
