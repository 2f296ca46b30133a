"""phtkg site in a real browser: headless Chromium opens the site from file://, searches
for "sitting", follows the result to prolonged sitting, and finds the relationships and
the diagram, with no request to another host and no error in the console.

Runs with Playwright and the system's Chromium (Debian's ``chromium`` package; .ci/run
installs it); Playwright's own browsers are never downloaded. Skips, saying why, where
either is missing. The screenshot goes to pytest's temporary folder and its path is
printed (see it with ``pytest -s``).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright is not installed (pip install '.[test]'); the browser test skips",
)
CHROMIUM = chromium_path()
pytestmark = [
    pytest.mark.slow,  # a browser
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="no Chromium found (install Debian's 'chromium' package); the browser test skips",
    ),
]


@pytest.fixture
def site(bundled_site) -> Path:
    return bundled_site.folder


@pytest.fixture
def browser():
    with sync_api.sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except sync_api.Error as error:
            pytest.skip(f"Chromium at {CHROMIUM} would not start: {str(error).splitlines()[0]}")
        yield launched
        launched.close()


class Watch:
    """Every request, console error and page error of one page; other hosts are blocked."""

    def __init__(self, page):
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.errors: list[str] = []
        page.route("**/*", self._route)
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: (
                self.errors.append(f"console: {message.text}") if message.type == "error" else None
            ),
        )
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def _route(self, route):
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


def test_search_leads_to_the_term_page_with_relationships_and_diagram(site, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = Watch(page)
    page.goto((site / "index.html").as_uri())
    assert page.title().startswith("Home")

    page.fill("#search-box", "sitting")
    results = page.locator("#search-results")
    results.wait_for(state="visible")
    assert results.locator("a").count() > 3
    result = results.locator("a.result-link", has_text="prolonged sitting").filter(
        has_text=re.compile(r"^prolonged sitting$")
    )
    assert result.count() == 1
    result.click()
    page.wait_for_url("**/terms/ProlongedSitting.html")

    assert page.locator("h1").inner_text() == "prolonged sitting"
    relationships = page.locator("#relationships")
    assert relationships.is_visible()
    groups = relationships.locator(".relation-group h4").all_inner_texts()
    assert any("aggravates" in text for text in groups), groups
    assert relationships.locator("a", has_text="proximal hamstring tendon").count() >= 1
    aggravates = relationships.locator(".relation-group", has_text="aggravates").first
    assert "proximal hamstring tendon" in aggravates.inner_text()
    assert "004 §8" in aggravates.inner_text()  # its source, down to the section

    diagram = page.locator("#diagram svg")
    assert diagram.count() == 1 and diagram.is_visible()
    assert page.locator("#diagram svg g.node").count() >= 3
    box = diagram.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100

    shot = tmp_path / "prolonged-sitting.png"
    page.screenshot(path=str(shot), full_page=False)
    print(f"screenshot: {shot}")
    assert shot.stat().st_size > 10_000

    assert not watch.foreign, watch.foreign
    assert all(url.startswith("file://") for url in watch.requests), watch.requests
    assert not watch.errors, watch.errors


def test_other_pages_open_without_errors(site, browser):
    page = browser.new_page()
    watch = Watch(page)
    for name in (
        "aggravation.html",
        "disagreements.html",
        "sources.html",
        "sources/004_dfda55583e36a3a5.html",
        "terms/ProximalHamstringTendinopathy.html",
    ):
        page.goto((site / name).as_uri())
        assert page.locator("main h1").count() == 1, name
        # the stylesheet applied: the header is dark
        colour = page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")
        assert colour == "rgb(29, 43, 56)", (name, colour)
    page.fill("#search-box", "zzzz-no-such-term")
    assert "No term or synonym" in page.locator("#search-results").inner_text()
    page.fill("#search-box", "SITTING FOR EXTENDED PERIODS")  # a synonym, in another case
    assert page.locator("#search-results a", has_text="prolonged sitting").count() == 1
    page.keyboard.press("Enter")
    page.wait_for_url("**/terms/ProlongedSitting.html")
    assert not watch.foreign and not watch.errors, (watch.foreign, watch.errors)


def test_the_watch_sees_requests_to_other_hosts(browser):
    """The check above is not vacuous: a request to another host is seen and blocked."""
    page = browser.new_page()
    watch = Watch(page)
    page.set_content('<img src="http://example.invalid/x.png">')
    page.wait_for_timeout(300)
    assert watch.foreign == ["http://example.invalid/x.png"]


def test_the_pages_forbid_loading_from_other_hosts(site, browser):
    """The pages' Content-Security-Policy blocks another host even if markup asked for one."""
    page = browser.new_page()
    watch = Watch(page)
    page.goto((site / "index.html").as_uri())
    page.evaluate("""() => { const img = document.createElement('img');
                             img.src = 'http://example.invalid/y.png';
                             document.body.appendChild(img); }""")
    page.wait_for_timeout(300)
    assert not watch.foreign
    assert any("Content Security Policy" in error for error in watch.errors), watch.errors
