"""Lighthouse scores (performance, accessibility, best practices, SEO) of the main public pages,
phone (Lighthouse's mobile default) and desktop, in Debian's chromium, as a Markdown table.

    lighthouse.py                      a throwaway site loaded with the demo data
    lighthouse.py --base URL           an already running site with the demo data
    lighthouse.py --only home,pricing  some of the pages

Lighthouse is npm's `lighthouse`: the LIGHTHOUSE variable names its program, else `npx
lighthouse` is run. It takes minutes (ten runs), so it is not part of the test run; the
figures are kept in docs/benchmarks.md ("Lighthouse").
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from screenshot import throwaway_site

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)


def first_href(base: str, path: str, pattern: str) -> str:
    """The first link on `path` whose markup matches `pattern` (one group: the href)."""
    with urllib.request.urlopen(base + path, timeout=30) as response:
        html = response.read().decode()
    found = re.search(pattern, html, re.DOTALL)
    if found is None:
        raise SystemExit(f"no link like {pattern!r} on {path}")
    return found.group(1)


def pages(base: str) -> dict[str, str]:
    return {
        "home": "/",
        "jobs": "/jobs",
        "job": first_href(base, "/jobs", r'class="job-card[^"]*">.*?<h3><a href="([^"]+)"'),
        "guide": first_href(base, "/careers", r'<a href="(/careers/[a-z0-9-]+)"'),
        "pricing": "/pricing",
    }


def lighthouse_command() -> list[str]:
    return shlex.split(os.environ.get("LIGHTHOUSE", "npx --yes lighthouse"))


def scores(url: str, *, desktop: bool) -> dict[str, int]:
    with tempfile.TemporaryDirectory(prefix="careerboard-lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        command = [
            *lighthouse_command(),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            *(["--preset=desktop"] if desktop else []),
        ]
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        subprocess.run(command, env=env, check=True, timeout=600, capture_output=True)
        categories = json.loads(report.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def table(base: str, only: set[str]) -> str:
    rows = [
        "| page | form factor | performance | accessibility | best practices | SEO |",
        "|---|---|---|---|---|---|",
    ]
    for name, path in pages(base).items():
        if only and name not in only:
            continue
        for desktop in (False, True):
            got = scores(base + path, desktop=desktop)
            figures = " | ".join(str(got[category]) for category in CATEGORIES)
            rows.append(f"| {name} (`{path}`) | {'desktop' if desktop else 'phone'} | {figures} |")
            print(rows[-1], flush=True)
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", help="a running site with the demo data")
    parser.add_argument("--only", default="", help="comma-separated page names")
    args = parser.parse_args()
    only = {name for name in args.only.split(",") if name}
    if args.base:
        result = table(args.base.rstrip("/"), only)
    else:
        with throwaway_site() as base:
            result = table(base, only)
    print()
    print(result)


if __name__ == "__main__":
    main()
