"""The screenshot gallery in docs/img/: the main pages at phone (390x844) and desktop (1280x800)
sizes, taken in Debian's chromium from a throwaway careerboard loaded with the demo data.

    screenshot.py [OUT_DIR]                      a throwaway site (what `make screenshot` runs)
    screenshot.py OUT_DIR --base URL [--dark]    an already running site with the demo data
    screenshot.py OUT_DIR --only home,jobs       some of the pages

Each picture is the top of the page (what a person sees first), named <page>-<phone|desktop>.png.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import embedded_env, free_port, manage  # noqa: E402

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
# The demo logins (demo/load.py).
LOGINS = {
    "seeker": ("seeker@careerboard.example", "demo-seeker-pass"),
    "employer": ("employer@careerboard.example", "demo-employer-pass"),
    "staff": ("staff@careerboard.example", "demo-staff-pass"),
}


@dataclass(frozen=True)
class Shot:
    name: str
    path: str | Callable[[object], str]  # a path, or a function of the open page that finds one
    role: str = ""


def first_link(selector: str) -> Callable[[object], str]:
    def find(page) -> str:
        return page.locator(selector).first.get_attribute("href")

    return find


def pipeline_board(page) -> str:
    href = page.locator("a[href$='/applicants']").first.get_attribute("href")
    return href + "/board"


SHOTS = [
    Shot("home", "/"),
    Shot("jobs", "/jobs"),
    Shot("job", first_link(".job-card h3 a")),
    Shot("companies", "/companies"),
    Shot("company", first_link(".company-card h2 a")),
    Shot("guide", first_link(".guide-card h2 a, .guide-card h3 a")),
    Shot("pricing", "/pricing"),
    Shot("tracker", "/applications/", role="seeker"),
    Shot("tracker-board", "/applications/board", role="seeker"),
    Shot("dashboard", "/employer/", role="employer"),
    Shot("pipeline", pipeline_board, role="employer"),
    Shot("moderation", "/staff/moderation/", role="staff"),
]
# Where a Shot that finds its path starts looking.
START = {"job": "/jobs", "company": "/companies", "guide": "/careers", "pipeline": "/employer/"}


@contextmanager
def throwaway_site() -> Iterator[str]:
    var_dir = Path(tempfile.mkdtemp(prefix="careerboard-shot-"))
    port = free_port()
    env = embedded_env(var_dir, PORT=str(port))
    for args in (
        ("migrate", "-v", "0"),
        ("sync_guides",),
        ("collectstatic", "--no-input", "-v", "0"),
        ("seed_demo",),
    ):
        manage(*args, env=env, timeout=600)
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "serve", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(var_dir, ignore_errors=True)


def sign_in(page, base: str, role: str) -> None:
    email, password = LOGINS[role]
    page.goto(base + "/account/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def take(base: str, out: Path, only: set[str], dark: bool) -> list[Path]:
    from playwright.sync_api import sync_playwright

    taken: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for size, (width, height) in SIZES.items():
            contexts: dict[str, object] = {}
            for shot in SHOTS:
                if only and shot.name not in only:
                    continue
                if shot.role not in contexts:
                    contexts[shot.role] = browser.new_context(
                        viewport={"width": width, "height": height},
                        color_scheme="dark" if dark else "light",
                        device_scale_factor=1,
                    )
                    if shot.role:
                        sign_in(contexts[shot.role].new_page(), base, shot.role)
                page = contexts[shot.role].new_page()
                page.base = base
                if callable(shot.path):
                    page.goto(base + START.get(shot.name, "/"))
                    path = shot.path(page)
                else:
                    path = shot.path
                page.goto(path if path.startswith("http") else base + path)
                page.wait_for_load_state("networkidle")
                suffix = "-dark" if dark else ""
                target = out / f"{shot.name}-{size}{suffix}.png"
                page.screenshot(path=str(target))
                taken.append(target)
                page.close()
        browser.close()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "docs" / "img"))
    parser.add_argument("--base", help="a running site with the demo data")
    parser.add_argument("--only", default="", help="comma-separated page names")
    parser.add_argument("--dark", action="store_true", help="the dark theme")
    args = parser.parse_args()
    only = {name for name in args.only.split(",") if name}
    if args.base:
        taken = take(args.base.rstrip("/"), Path(args.out), only, args.dark)
    else:
        with throwaway_site() as base:
            taken = take(base, Path(args.out), only, args.dark)
    for path in taken:
        print(path)


if __name__ == "__main__":
    main()
