"""Saving searches as alerts within the plan's limit, the pages that manage them, their feeds,
and what a plan change does to them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.test import Client

from careerboard.accounts.export import export_user_data
from careerboard.accounts.tests.helpers import sign_in
from careerboard.alerts.criteria import Criteria
from careerboard.alerts.models import Alert
from careerboard.alerts.services import alert_create, alert_pause, alert_resume
from careerboard.alerts.tests.helpers import live_job, make_alert
from careerboard.alerts.tokens import feed_token
from careerboard.billing.entitlements import QuotaExceeded
from careerboard.billing.models import Subscription
from careerboard.billing.services import (
    local_checkout_complete,
    subscription_cancel_at_period_end,
    subscriptions_expire_due,
)
from careerboard.core.tests.concurrency import run_at_once
from careerboard.core.tests.factories import UserFactory
from careerboard.taxonomy.models import Region

pytestmark = pytest.mark.django_db


def test_an_alert_keeps_the_search_as_the_jobs_page_reads_it(seeker):
    alert = make_alert(
        seeker,
        "q=Python+Developer&region=germany&salary_min=100000&sort=newest&posted_within=7&page=3",
    )
    # Sort, page and "posted within" mean nothing for jobs that are new.
    assert alert.params == "q=Python+Developer&region=germany&salary_min=100000"
    assert alert.name == "Python Developer · Germany · from $100,000"
    assert alert.frequency == "daily" and not alert.paused
    criteria = Criteria.from_json(alert.criteria)
    # The search's analyzer reads a role's "developer", "engineer" and "programmer" as one: the
    # alert does too.
    assert criteria.groups == ((("python",),), (("developer",), ("engineer",), ("programmer",)))
    bits = {slug: 1 << bit for slug, bit in Region.objects.values_list("slug", "bit")}
    # Germany with every region containing it, as the search's region filter.
    assert criteria.region_mask == (
        bits["germany"] | bits["europe"] | bits["emea"] | bits["anywhere"]
    )
    assert criteria.salary_min == 100_000


def test_a_search_that_search_refuses_is_a_field_error(seeker):
    with pytest.raises(ValidationError) as unknown:
        make_alert(seeker, "q=python&region=atlantis")
    assert "region" in unknown.value.message_dict
    with pytest.raises(ValidationError) as reversed_salary:
        make_alert(seeker, "salary_min=90000&salary_max=10")
    assert "salary_max" in reversed_salary.value.message_dict
    with pytest.raises(ValidationError) as frequency:
        make_alert(seeker, "q=python", frequency="hourly")
    assert "frequency" in frequency.value.message_dict
    assert not Alert.objects.exists()


def test_free_has_one_active_alert_and_pausing_makes_room(seeker):
    first = make_alert(seeker, "q=python")
    with pytest.raises(QuotaExceeded, match="your plan includes 1"):
        make_alert(seeker, "q=rust")
    alert_pause(user=seeker, alert=first)
    second = make_alert(seeker, "q=rust")
    with pytest.raises(QuotaExceeded):
        alert_resume(user=seeker, alert=first)
    assert list(Alert.objects.filter(paused=False)) == [second]

    local_checkout_complete(user=seeker, price_key="plus-month")
    alert_resume(user=seeker, alert=first)
    for number in range(8):
        make_alert(seeker, f"q=go{number}")
    with pytest.raises(QuotaExceeded, match="your plan includes 10"):
        make_alert(seeker, "q=one+too+many")
    assert Alert.objects.filter(user=seeker, paused=False).count() == 10


def test_a_downgrade_pauses_the_older_alerts_and_an_upgrade_resumes_them(seeker):
    jan = datetime(2027, 1, 10, tzinfo=UTC)
    local_checkout_complete(user=seeker, price_key="plus-month", now=jan)
    oldest, paused_by_person, middle, newest = (
        make_alert(seeker, f"q={word}") for word in ("go", "rust", "java", "python")
    )
    alert_pause(user=seeker, alert=paused_by_person)

    subscription_cancel_at_period_end(user=seeker, cancel=True)
    period_end = Subscription.objects.get(user=seeker).current_period_end
    subscriptions_expire_due(now=period_end)
    states = {a.name: (a.paused, a.paused_by_plan) for a in Alert.objects.all()}
    # Free keeps one: the most recently created stays active; nothing is deleted.
    assert states == {
        "python": (False, False),
        "java": (True, True),
        "go": (True, True),
        "rust": (True, False),
    }

    local_checkout_complete(user=seeker, price_key="plus-month", now=period_end + timedelta(1))
    states = {a.name: (a.paused, a.paused_by_plan) for a in Alert.objects.all()}
    # Plus resumes what the plan paused, not what the person paused.
    assert states == {
        "python": (False, False),
        "java": (False, False),
        "go": (False, False),
        "rust": (True, False),
    }
    assert {oldest.pk, middle.pk, newest.pk} == set(
        Alert.objects.filter(paused=False).values_list("pk", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_creations_on_free_make_exactly_one(on_postgres):
    user = UserFactory()
    outcomes = run_at_once(
        lambda number: alert_create(user=user, params=QueryDict(f"q=word{number}")),
        refused=(QuotaExceeded,),
    )
    assert outcomes == ["done"] + ["refused"] * 19
    assert Alert.objects.filter(user=user).count() == 1


# --- Pages ---------------------------------------------------------------------------------------


def test_create_alert_from_a_search_page_in_one_click(signed_in):
    live_job(title="Python Developer", regions=["germany"])
    page = signed_in.get("/jobs?q=python&region=germany&sort=newest").content.decode()
    assert 'action="/alerts/create"' in page
    assert '<input type="hidden" name="q" value="python">' in page
    assert '<input type="hidden" name="region" value="germany">' in page

    response = signed_in.post(
        "/alerts/create", {"q": "python", "region": "germany", "sort": "newest"}
    )
    assert response.status_code == 302 and response["Location"] == "/alerts/"
    listing = signed_in.get("/alerts/").content.decode()
    assert "Alert “python · Germany” created" in listing
    assert 'href="/jobs?q=python&amp;region=germany"' in listing
    assert "Active alerts: 1 of 1 on your plan." in listing


def test_a_visitor_is_asked_to_sign_in_first(client):
    page = client.get("/jobs?q=python").content.decode()
    assert "/account/login/?next=/jobs%3Fq%3Dpython" in page
    assert 'action="/alerts/create"' not in page


def test_the_plan_limit_is_explained_with_an_upgrade_link(signed_in, seeker):
    make_alert(seeker, "q=python")
    response = signed_in.post("/alerts/create", {"q": "rust"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Active job alerts: your plan includes 1" in page
    assert 'href="/pricing"' in page
    assert Alert.objects.count() == 1


def test_edit_pause_resume_and_delete(signed_in, seeker):
    alert = make_alert(seeker, "q=python&region=europe")
    form = signed_in.get(f"/alerts/{alert.pk}/edit").content.decode()
    assert 'value="python"' in form
    assert re.search(r'value="europe"[^>]*checked', form)
    assert not re.search(r'value="germany"[^>]*checked', form)

    response = signed_in.post(
        f"/alerts/{alert.pk}/edit",
        {"name": "", "frequency": "weekly", "q": "rust", "region": ["germany"], "salary_min": ""},
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.name, alert.frequency, alert.params) == (
        "rust · Germany",
        "weekly",
        "q=rust&region=germany",
    )

    bad = signed_in.post(
        f"/alerts/{alert.pk}/edit",
        {"frequency": "weekly", "salary_min": "90000", "salary_max": "10"},
    )
    assert bad.status_code == 422
    assert "salary_max must not be below salary_min" in bad.content.decode()

    assert signed_in.post(f"/alerts/{alert.pk}/pause").status_code == 302
    assert "Paused" in signed_in.get("/alerts/").content.decode()
    assert signed_in.post(f"/alerts/{alert.pk}/resume").status_code == 302
    alert.refresh_from_db()
    assert not alert.paused
    assert signed_in.post(f"/alerts/{alert.pk}/delete").status_code == 302
    assert not Alert.objects.exists()


def test_nobody_reaches_another_persons_alert(signed_in):
    other = make_alert(UserFactory(), "q=python")
    assert signed_in.get(f"/alerts/{other.pk}/edit").status_code == 404
    for action in ("pause", "resume", "delete"):
        assert signed_in.post(f"/alerts/{other.pk}/{action}").status_code == 404
    assert Client().get("/alerts/").status_code == 302  # to the login page


def test_each_alert_has_a_private_rss_feed(seeker):
    alert = make_alert(seeker, "q=python")
    job = live_job(title="Python Developer")
    live_job(title="Product Designer")
    token = feed_token(alert_id=alert.pk)
    response = Client().get(f"/alerts/feed/{token}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=300"
    channel = ElementTree.fromstring(response.content).find("channel")  # noqa: S314 (our own feed)
    assert channel.findtext("title") == "careerboard alert: python"
    assert [item.findtext("title") for item in channel.iter("item")] == [
        f"Python Developer at {job.company.name}"
    ]
    assert Client().get(f"/alerts/feed/{alert.pk}:forged").status_code == 404
    assert Client().get(f"/alerts/feed/{token}x").status_code == 404


def test_the_personal_data_export_lists_the_alerts(signed_in, seeker):
    make_alert(seeker, "q=python&region=europe", frequency="weekly")
    [exported] = export_user_data(user=seeker)["sections"]["alerts"]
    assert exported["search"] == "q=python&region=europe"
    assert exported["frequency"] == "weekly" and exported["jobs_sent"] == 0
    assert sign_in(Client(), seeker.email).get("/account/export.json").status_code == 200
