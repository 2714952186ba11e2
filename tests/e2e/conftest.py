"""Browser fixtures: Debian's Chromium driven by Playwright, against the real server."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = os.environ.get("SESSION_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling out, and this network refuses.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DEVICES = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "has_touch": True,
        "is_mobile": True,
        "device_scale_factor": 2,
    },
    "tablet": {"viewport": {"width": 1024, "height": 768}, "has_touch": True},
    "screen": {"viewport": {"width": 1920, "height": 1080}},
}


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: `apt-get install chromium` (.ci/run does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def tap_join(page: Page) -> None:
    """The one tap a scanned QR code asks for: "Join" on the page that says what the code opens."""
    page.locator('form[action="/join"] button[type="submit"]').click()
    page.wait_for_url(lambda url: "/join" not in url)


@contextmanager
def page_opener(browser: Browser, server):
    """open_page(code, device) -> a Page signed in with that access code, on its role's page."""
    contexts = []

    def open_page(code: str | None = None, device: str = "phone", path: str | None = None, **options) -> Page:
        context = browser.new_context(**DEVICES[device], **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{server.base_url}/join/{code}" if code else f"{server.base_url}{path or '/'}")
        if code:
            tap_join(page)
        page.wait_for_load_state("networkidle")
        return page

    try:
        yield open_page
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def open_page(browser, live):
    with page_opener(browser, live) as open_page:
        yield open_page


@pytest.fixture(scope="session")
def pages_on(browser):
    """pages_on(server): `open_page` against a server of the test's own (one shared by a module)."""
    return lambda server: page_opener(browser, server)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
