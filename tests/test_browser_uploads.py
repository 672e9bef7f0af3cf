"""The logo attack of issue 13 in Chromium: `welcome.html` (a PNG followed by a page) and `ato.js`
(a GIF that is also JavaScript), uploaded as logos or left on disk from before uploads were
re-encoded, run no script on the site's origin: neither from the app (the embedded default)
nor from nginx with deploy/nginx.conf.template.

Each test first shows that the browser would run both payloads when served as a page and a
script, so a pass means the serving stopped them, not that the payloads were inert."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import urllib3
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from careerboard.core.tests.factories import MembershipFactory
from careerboard.core.tests.polyglots import EXECUTED, ato_js, png, welcome_html
from careerboard.core.uploads import MEDIA_CONTENT_SECURITY_POLICY
from tests.helpers import free_port
from tests.servers import Processes, start_nginx

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)

PASSWORD = "correct horse battery"  # the factories' password
LEGACY = "logos/2026/11"  # where the attack's files were stored, under their own names


def executed(page) -> list[str]:
    """What the payloads' scripts have written to this page's console so far."""
    return [text for text in page.console_texts if EXECUTED in text]


@pytest.fixture
def watched(page):
    page.console_texts = []
    page.on("console", lambda message: page.console_texts.append(message.text))
    return page


def visit(page, url: str) -> str:
    """Open url as a person would: "download" if the browser saves it, "page" if it shows it."""
    try:
        page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" not in str(error):
            raise
        return "download"
    page.wait_for_timeout(300)  # time for a script that would run
    return "page"


def include_script(page, origin: str, script_url: str) -> None:
    """A page of the site's origin that loads script_url, as a planted page would; the page
    is the browser's (page.route), the script comes from the server under test."""
    page.route(
        origin + "/probe.html",
        lambda route: route.fulfill(
            content_type="text/html", body=f'<script src="{script_url}"></script>'
        ),
    )
    page.goto(origin + "/probe.html")
    page.wait_for_timeout(300)


def the_payloads_run_when_served_as_page_and_script(page, origin: str) -> None:
    """The control: served as the attacker wished, Chromium runs both."""
    page.route(
        origin + "/control/ato.js",
        lambda route: route.fulfill(content_type="text/javascript", body=ato_js()),
    )
    page.route(
        origin + "/control/welcome.html",
        lambda route: route.fulfill(content_type="text/html", body=welcome_html()),
    )
    page.goto(origin + "/control/welcome.html")
    expect(page.locator("script")).to_have_count(2)
    page.wait_for_timeout(300)
    assert sorted(executed(page)) == [f"{EXECUTED} inline", f"{EXECUTED} script"]
    page.console_texts.clear()
    page.unroute("**/control/*")


def legacy_files_run_nothing(page, origin: str) -> None:
    """Files stored under the attacker's names (before the fix) are downloads, and a page of
    our origin that includes one as a script gets nothing to run."""
    assert visit(page, f"{origin}/media/{LEGACY}/welcome.html") == "download"
    assert visit(page, f"{origin}/media/{LEGACY}/ato.js") == "download"
    include_script(page, origin, f"/media/{LEGACY}/ato.js")
    assert executed(page) == []


def store_legacy_files(media_root: Path) -> None:
    folder = media_root / LEGACY
    folder.mkdir(parents=True)
    (folder / "welcome.html").write_bytes(welcome_html())
    (folder / "ato.js").write_bytes(ato_js())


@pytest.fixture
def app_server(live_server):
    """The live server with media served by the app's own view, as `make run` serves it:
    Django's test server answers MEDIA_URL itself otherwise (_MediaFilesHandler)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.handlers.wsgi import WSGIHandler

    httpd = live_server.thread.httpd
    test_handler = httpd.get_app()
    httpd.set_app(StaticFilesHandler(WSGIHandler()))
    yield live_server
    httpd.set_app(test_handler)


@pytest.mark.django_db(transaction=True)
def test_the_attack_through_the_app(watched, app_server, settings, tmp_path):
    page, origin = watched, app_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    store_legacy_files(settings.MEDIA_ROOT)
    company = MembershipFactory(user__email="hiring@acme.example", company__slug="acme").company
    the_payloads_run_when_served_as_page_and_script(page, origin)

    page.goto(origin + "/account/login/")
    page.get_by_label("Email address").fill("hiring@acme.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/account/login" not in url)
    for name, payload, mime in [
        ("welcome.html", welcome_html(), "text/html"),
        ("ato.js", ato_js(), "text/javascript"),
    ]:
        page.goto(origin + "/employer/companies/acme/edit")
        page.get_by_label("Logo").set_input_files(
            files=[{"name": name, "mimeType": mime, "buffer": payload}]
        )
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r"/companies/acme$"))
        company.refresh_from_db()
        stored = company.logo.name
        assert re.fullmatch(r"logos/\d{4}/\d\d/[0-9a-f]{32}\.png", stored), stored
        # The stored logo is an image, shown as one when opened; its old bytes are gone.
        assert visit(page, origin + company.logo.url) == "page"
        assert page.evaluate("document.contentType") == "image/png"
        assert executed(page) == []
        include_script(page, origin, company.logo.url)
        assert executed(page) == []

    legacy_files_run_nothing(page, origin)


@pytest.fixture
def nginx(tmp_path) -> Iterator[tuple[str, Path]]:
    """nginx with the committed template; its /media/ is served from disk, so no app server
    is needed (the upstream is a closed port)."""
    processes = Processes()
    try:
        origin = start_nginx(processes, tmp_path, [f"127.0.0.1:{free_port()}"])
        media_root = tmp_path / "var" / "media"
        media_root.mkdir(parents=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                requests.get(origin + "/media/", timeout=1, verify=False)  # noqa: S501
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        yield origin, media_root
    finally:
        processes.stop()


@pytest.mark.browser_context(ignore_https_errors=True)
def test_the_attack_through_nginx(watched, nginx):
    page, (origin, media_root) = watched, nginx
    store_legacy_files(media_root)
    (media_root / "logos" / "0123456789abcdef0123456789abcdef.png").write_bytes(png())
    the_payloads_run_when_served_as_page_and_script(page, origin)

    logo = requests.get(
        f"{origin}/media/logos/0123456789abcdef0123456789abcdef.png",
        timeout=5,
        verify=False,  # noqa: S501 - the test's own certificate
    )
    assert logo.headers["Content-Type"] == "image/png"
    assert logo.headers["X-Content-Type-Options"] == "nosniff"
    assert logo.headers["Content-Security-Policy"] == MEDIA_CONTENT_SECURITY_POLICY
    assert "Content-Disposition" not in logo.headers
    legacy = requests.get(f"{origin}/media/{LEGACY}/welcome.html", timeout=5, verify=False)  # noqa: S501
    assert legacy.headers["Content-Type"] == "application/octet-stream"
    assert legacy.headers["Content-Disposition"] == "attachment"
    assert legacy.headers["Content-Security-Policy"] == MEDIA_CONTENT_SECURITY_POLICY

    assert visit(page, f"{origin}/media/logos/0123456789abcdef0123456789abcdef.png") == "page"
    assert page.evaluate("document.contentType") == "image/png"
    legacy_files_run_nothing(page, origin)
