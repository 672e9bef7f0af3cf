"""The account forms: input checks only; every change is made by a service."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.db import models

from careerboard.accounts.models import NOTIFICATIONS, AccessToken, User


class SignupForm(forms.Form):
    role = forms.ChoiceField(
        label="I am",
        choices=[
            (User.Role.SEEKER, "Looking for a job"),
            (User.Role.EMPLOYER, "Hiring for a company"),
        ],
        initial=User.Role.SEEKER,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label="Your name", max_length=150, required=False)
    email = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; not a common password, not only digits.",
    )
    company_name = forms.CharField(
        label="Company name",
        max_length=200,
        required=False,
        help_text="Employers only: the company you hire for.",
    )
    company_website = forms.URLField(
        label="Company website",
        required=False,
        assume_scheme="https",
        help_text="Employers only, optional.",
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if data.get("role") == User.Role.EMPLOYER and not (data.get("company_name") or "").strip():
            self.add_error("company_name", "Employers need a company name.")
        password = data.get("password")
        if password and data.get("email"):
            candidate = User(email=data["email"], name=data.get("name", ""))
            try:
                validate_password(password, user=candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class LoginForm(forms.Form):
    email = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )


class EmailForm(forms.Form):
    email = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class CurrentPasswordForm(forms.Form):
    """Asks for the person's password before a sensitive change."""

    password = forms.CharField(
        label="Your current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.")
        return password


class EmailChangeForm(CurrentPasswordForm):
    new_email = forms.EmailField(
        label="New email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    field_order = ["new_email", "password"]


class ProfileForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=150, required=False)


class NotificationsForm(forms.Form):
    """A tick box for each application mail the person's kind of account gets."""

    def __init__(self, *args, user: User, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for name in NOTIFICATIONS.get(user.role, ()):
            mail = cast(models.BooleanField, User._meta.get_field(name))
            self.fields[name] = forms.BooleanField(
                label=str(mail.verbose_name),
                help_text=mail.help_text,
                required=False,  # unticked is "off"
                initial=getattr(user, name),
            )


class TwoFactorEnableForm(forms.Form):
    code = forms.CharField(
        label="Code from your app",
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class AccessTokenForm(forms.Form):
    EXPIRY_CHOICES = [("30", "30 days"), ("90", "90 days"), ("365", "1 year"), ("", "Never")]

    name = forms.CharField(
        label="Name", max_length=100, help_text="What the token is for, e.g. “my phone”."
    )
    scope = forms.ChoiceField(
        label="Access",
        choices=[
            (AccessToken.Scope.READ, "Read: see your data"),
            (AccessToken.Scope.WRITE, "Read and write: also change it"),
        ],
        initial=AccessToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    expires_in_days = forms.TypedChoiceField(
        label="Expires after",
        choices=EXPIRY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        initial="90",
    )
