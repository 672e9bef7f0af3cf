from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True, role=User.Role.STAFF)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an email address."""

    class Role(models.TextChoices):
        SEEKER = "seeker", "Job seeker"
        EMPLOYER = "employer", "Employer"
        STAFF = "staff", "Staff"

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.SEEKER)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the admin and staff pages.")
    email_verified_at = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Base32 TOTP secret; empty while two-factor authentication is off.
    totp_secret = models.CharField(max_length=64, blank=True)
    # The last TOTP time step accepted, so one code cannot be used twice.
    totp_last_step = models.BigIntegerField(default=0)
    # The mails about applications a person may turn off (/account/notifications/); on until
    # they do. Job alert mails are set per alert; account and security mails always go.
    notify_application_receipt = models.BooleanField(
        "A receipt each time I apply on careerboard",
        default=True,
        help_text="What you sent, with a link to the application in your tracker.",
    )
    notify_application_status = models.BooleanField(
        "When a company moves my application",
        default=True,
        help_text="Screening, interview, offer, hired or not, with the company's message. "
        "Your tracker shows them either way.",
    )
    notify_new_applicant = models.BooleanField(
        "When someone applies to my company's jobs",
        default=True,
        help_text="Who applied and a link to them in the job's applicants.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []  # type: ignore[misc]  # no field besides email and password

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def two_factor_enabled(self) -> bool:
        return bool(self.totp_secret)


# Which of those mails each kind of account gets, so has a choice about.
NOTIFICATIONS: dict[str, tuple[str, ...]] = {
    User.Role.SEEKER: ("notify_application_receipt", "notify_application_status"),
    User.Role.EMPLOYER: ("notify_new_applicant",),
}
NOTIFICATION_FIELDS = tuple(name for names in NOTIFICATIONS.values() for name in names)


class RecoveryCode(models.Model):
    """A one-time code that stands in for the TOTP code when the authenticator is lost."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    # sha256 of the code: the codes are random and long, so a fast hash is enough.
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_unique")
        ]

    def __str__(self) -> str:
        return f"recovery code of {self.user_id} ({'used' if self.used_at else 'unused'})"


class UserSession(models.Model):
    """One signed-in browser. The session itself lives in the database or in the Redis cache
    (SESSION_ENGINE); this record, written at log-in, is what lets a person list and end them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=64, unique=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} since {self.created_at:%Y-%m-%d %H:%M}"


class AccessToken(models.Model):
    """A personal access token for the API. Only the sha256 of the token is stored; the token
    itself is shown once, when it is made."""

    PREFIX = "cb_pat_"

    class Scope(models.TextChoices):
        READ = "read", "Read"
        WRITE = "write", "Read and write"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters of the token, so a person can tell their tokens apart.
    hint = models.CharField(max_length=20)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint}…)"

    def has_scope(self, scope: str) -> bool:
        """A write token may also read."""
        return scope == self.Scope.READ or self.scope == self.Scope.WRITE
