"""Take a screenshot of a page of a throwaway careerboard for the README: screenshot.py OUT [PATH]."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import embedded_env, free_port, manage  # noqa: E402


def main(out: str, path: str = "/") -> None:
    from playwright.sync_api import sync_playwright

    var_dir = Path(tempfile.mkdtemp(prefix="careerboard-shot-"))
    env = embedded_env(var_dir)
    for args in (
        ("migrate", "-v", "0"),
        ("collectstatic", "--no-input", "-v", "0"),
        ("seed_demo",),
    ):
        manage(*args, env=env)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "serve", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.3)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"),
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url + path)
            page.screenshot(path=out)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
