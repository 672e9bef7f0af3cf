"""/api/v1/alerts: the caller's job alerts (saved searches mailed as new jobs arrive).

An alert's `search` holds the /jobs page's filters and is read exactly as the page and
/api/v1/jobs read them; creating or resuming one beyond the plan's limit of active alerts is a
422 naming the limit. Only the caller's own alerts exist here (anybody else's are 404).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.conf import settings
from django.http import Http404, HttpRequest, QueryDict
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from careerboard.accounts.auth import api_auth, require_scope
from careerboard.alerts import selectors, services
from careerboard.alerts.models import Alert
from careerboard.alerts.tokens import feed_token
from careerboard.core.api_types import Number, WholeNumber
from careerboard.search.params import MULTI
from careerboard.search.query import MAX_TEXT_LENGTH

router = Router(tags=["alerts"], auth=api_auth)
Frequency = Literal["instant", "daily", "weekly"]


class AlertSearch(Schema):
    """The filters of the /jobs page (see GET /jobs); values of one filter combine with OR."""

    q: str = Field("", max_length=MAX_TEXT_LENGTH, description='Keywords, "phrases", -exclusions.')
    industry: list[str] = Field([], max_length=50, description="Industry slugs.")
    type: list[str] = Field([], max_length=50, description="Job type slugs.")
    level: list[str] = Field([], max_length=50, description="Level slugs.")
    region: list[str] = Field([], max_length=50, description="Region slugs.")
    company: list[str] = Field([], max_length=50, description="Company slugs.")
    salary_min: WholeNumber | None = Field(
        None, ge=0, le=10_000_000, description="US dollars per year."
    )
    salary_max: WholeNumber | None = Field(
        None, ge=0, le=10_000_000, description="US dollars per year."
    )
    featured: bool = False
    tz_min: Number | None = Field(None, ge=-12, le=14, description="UTC offset in hours.")
    tz_max: Number | None = Field(None, ge=-12, le=14, description="UTC offset in hours.")

    def as_params(self) -> QueryDict:
        params = QueryDict(mutable=True)
        for name, value in self.dict().items():
            if name in MULTI:
                params.setlist(name, value)
            elif name == "featured":
                params[name] = "1" if value else ""
            elif value is not None:
                params[name] = str(value)
        return params


class AlertOut(Schema):
    id: int
    name: str
    frequency: Frequency
    active: bool
    paused_by_plan: bool = Field(description="Paused because the plan's limit fell.")
    search: AlertSearch
    search_url: str = Field(description="The /jobs page of the saved search.")
    feed_url: str = Field(description="The alert's private RSS feed: keep it secret.")
    created_at: datetime
    last_sent_at: datetime | None

    @staticmethod
    def resolve_active(alert: Alert) -> bool:
        return not alert.paused

    @staticmethod
    def resolve_search(alert: Alert) -> dict:
        params = QueryDict(alert.params)
        search: dict = {name: params.getlist(name) for name in MULTI}
        search["q"] = params.get("q", "")
        search["featured"] = params.get("featured") == "1"
        for name in ("salary_min", "salary_max"):
            search[name] = int(params[name]) if name in params else None
        for name in ("tz_min", "tz_max"):
            search[name] = float(params[name]) if name in params else None
        return search

    @staticmethod
    def resolve_search_url(alert: Alert) -> str:
        return settings.SITE_URL + "/jobs" + (f"?{alert.params}" if alert.params else "")

    @staticmethod
    def resolve_feed_url(alert: Alert) -> str:
        token = feed_token(alert_id=alert.pk)
        return settings.SITE_URL + reverse("alerts:feed", kwargs={"token": token})


def search_object(value: object) -> object:
    """ninja's Schema reads any value by its attributes, so `"search": "python"` would be
    read as an empty search (every job) instead of refused."""
    if not isinstance(value, dict):
        raise ValueError('The search is an object of filters, such as {"q": "python"}.')
    return value


class AlertIn(Schema):
    search: AlertSearch = Field(description="The saved search; {} is every new job.")
    frequency: Frequency = "daily"
    name: str = Field("", max_length=200, description="Empty: named after the search.")

    @field_validator("search", mode="before")
    @classmethod
    def _search_is_an_object(cls, value: object) -> object:
        return search_object(value)


class AlertPatchIn(Schema):
    """Only the fields sent are changed."""

    search: AlertSearch | None = None
    frequency: Frequency | None = None
    name: str | None = Field(None, max_length=200)

    @field_validator("search", mode="before")
    @classmethod
    def _search_is_an_object(cls, value: object) -> object:
        return value if value is None else search_object(value)


def _own(request: HttpRequest, alert_id: int) -> Alert:
    alert = selectors.alert_get(user=request.auth, alert_id=alert_id)  # type: ignore[attr-defined]
    if alert is None:
        raise Http404("No such alert.")
    return alert


@router.get("", response=list[AlertOut], summary="The caller's alerts, newest first")
def alerts_list(request: HttpRequest) -> list[Alert]:
    return selectors.alert_list(user=request.auth)  # type: ignore[attr-defined]


@router.post("", response={201: AlertOut}, summary="Save a search as an alert")
def alerts_create(request: HttpRequest, payload: AlertIn) -> Status:
    """A new alert is active; beyond the plan's limit of active alerts the answer is 422."""
    require_scope(request, "write")
    alert = services.alert_create(
        user=request.auth,  # type: ignore[attr-defined]
        params=payload.search.as_params(),
        frequency=payload.frequency,
        name=payload.name,
    )
    return Status(201, alert)


@router.get("/{int:alert_id}", response=AlertOut, summary="One alert")
def alerts_detail(request: HttpRequest, alert_id: int) -> Alert:
    return _own(request, alert_id)


@router.patch("/{int:alert_id}", response=AlertOut, summary="Change an alert")
def alerts_update(request: HttpRequest, alert_id: int, payload: AlertPatchIn) -> Alert:
    require_scope(request, "write")
    return services.alert_update(
        user=request.auth,  # type: ignore[attr-defined]
        alert=_own(request, alert_id),
        params=payload.search.as_params() if payload.search is not None else None,
        frequency=payload.frequency,
        name=payload.name,
    )


@router.post("/{int:alert_id}/pause", response=AlertOut, summary="Stop an alert's emails")
def alerts_pause(request: HttpRequest, alert_id: int) -> Alert:
    require_scope(request, "write")
    return services.alert_pause(user=request.auth, alert=_own(request, alert_id))  # type: ignore[attr-defined]


@router.post("/{int:alert_id}/resume", response=AlertOut, summary="Resume a paused alert")
def alerts_resume(request: HttpRequest, alert_id: int) -> Alert:
    """Counts against the plan's limit of active alerts again (422 beyond it)."""
    require_scope(request, "write")
    return services.alert_resume(user=request.auth, alert=_own(request, alert_id))  # type: ignore[attr-defined]


@router.delete("/{int:alert_id}", response={204: None}, summary="Delete an alert")
def alerts_delete(request: HttpRequest, alert_id: int) -> Status:
    require_scope(request, "write")
    services.alert_delete(user=request.auth, alert=_own(request, alert_id))  # type: ignore[attr-defined]
    return Status(204, None)
