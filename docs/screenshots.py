"""Take the screenshots of the site shown in docs/site.md, from a freshly built site.

Run it after the site's look or the knowledge tables change::

    python docs/screenshots.py

It builds the site into a temporary folder with ``phtkg site``, opens it from ``file://``
in headless Chromium (the system's ``chromium``, driven by Playwright, as in
tests/test_site_browser.py; Playwright's own browsers are never downloaded) and writes
PNGs of 1280 × 900 pixels into docs/images/. Where ImageMagick is installed, each PNG is
reduced to 256 colours, which keeps it under half the size and looks the same.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

import phtkg.cli

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
VIEWPORT = {"width": 1280, "height": 900}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def build(folder: Path) -> None:
    result = CliRunner().invoke(phtkg.cli.main, ["site", "-o", str(folder)])
    if result.exit_code != 0:
        sys.exit(f"phtkg site failed: {result.output}")


def shoot(site: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file://") else route.abort()
            ),
        )

        def save(name: str) -> None:
            path = IMAGES / name
            page.screenshot(path=str(path))
            written.append(path)

        page.goto((site / "index.html").as_uri())
        save("site-home.png")

        page.fill("#search-box", "sitting")
        page.locator("#search-results").wait_for(state="visible")
        save("site-search.png")

        page.goto((site / "terms" / "ProlongedSitting.html").as_uri())
        save("site-term.png")
        page.evaluate("document.getElementById('diagram').scrollIntoView()")
        save("site-term-diagram.png")

        page.goto((site / "aggravation.html").as_uri())
        page.evaluate("document.getElementById('load-1').scrollIntoView()")
        save("site-aggravation.png")
        browser.close()
    return written


def shrink(path: Path) -> None:
    """Reduce ``path`` to 256 colours with ImageMagick, if it is installed."""
    tool = shutil.which("magick") or shutil.which("convert")
    if tool:
        subprocess.run(
            [
                tool,
                str(path),
                "-dither",
                "None",
                "-colors",
                "256",
                "-define",
                "png:compression-level=9",
                f"PNG8:{path}",
            ],
            check=True,
        )


def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("no chromium found: install Debian's 'chromium' package")
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        build(site)
        for path in shoot(site, chromium):
            shrink(path)
            print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
