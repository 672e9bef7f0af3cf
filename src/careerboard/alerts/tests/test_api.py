"""/api/v1/alerts: the caller's alerts by token, with the plan's limit and the one error shape."""

from __future__ import annotations

import pytest
from django.test import Client

from careerboard.accounts.services.access_tokens import access_token_create
from careerboard.alerts.models import Alert
from careerboard.alerts.tests.helpers import make_alert
from careerboard.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/alerts"


def bearer(user, scope: str = "write") -> dict[str, str]:  # type: ignore[no-untyped-def]
    _, raw = access_token_create(user=user, name="test", scope=scope, expires_in_days=None)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def api(seeker) -> Client:
    return Client(**bearer(seeker))


def test_create_read_change_pause_resume_and_delete(api, seeker):
    created = api.post(
        URL,
        {"search": {"q": "python", "region": ["germany"], "tz_min": -2.5}, "frequency": "weekly"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    alert = created.json()
    assert alert["name"] == "python · Germany · UTC -2.5"
    assert alert["frequency"] == "weekly" and alert["active"] is True
    assert alert["search"]["region"] == ["germany"] and alert["search"]["tz_min"] == -2.5
    assert alert["search_url"].endswith("/jobs?q=python&region=germany&tz_min=-2.5")
    assert "/alerts/feed/" in alert["feed_url"]

    url = f"{URL}/{alert['id']}"
    assert api.get(URL).json()[0]["id"] == alert["id"]
    changed = api.patch(
        url, {"search": {"q": "rust"}, "name": "Rust"}, content_type="application/json"
    ).json()
    assert (changed["name"], changed["search"]["q"], changed["frequency"]) == (
        "Rust",
        "rust",
        "weekly",
    )
    assert api.post(f"{url}/pause").json()["active"] is False
    assert api.post(f"{url}/resume").json()["active"] is True
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_the_plan_limit_is_a_422_that_says_so(api, seeker):
    make_alert(seeker, "q=python")
    response = api.post(URL, {"search": {"q": "rust"}}, content_type="application/json")
    assert response.status_code == 422
    assert "Active job alerts: your plan includes 1" in response.json()["error"]["message"]


def test_a_bad_search_names_the_field(api):
    response = api.post(URL, {"search": {"region": ["atlantis"]}}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "region"
    bad_frequency = api.post(
        URL, {"search": {}, "frequency": "hourly"}, content_type="application/json"
    )
    assert bad_frequency.status_code == 422
    assert not Alert.objects.exists()


def test_only_the_callers_alerts_exist_and_reads_need_a_token(seeker):
    other = make_alert(UserFactory(), "q=python")
    api = Client(**bearer(seeker))
    assert api.get(f"{URL}/{other.pk}").status_code == 404
    assert api.post(f"{URL}/{other.pk}/pause").status_code == 404
    assert api.get(URL).json() == []
    assert Client().get(URL).status_code == 401
    read_only = Client(**bearer(seeker, scope="read"))
    assert read_only.post(URL, {"search": {}}, content_type="application/json").status_code == 403
