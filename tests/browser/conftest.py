import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the Django calls the tests make
# around it are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is not installed: run `make install`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, demo_site):
    context = browser.new_context(base_url=live_server.url, locale="ru-RU", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Every journey doubles as a check of the Content-Security-Policy: the browser reports what
    # the policy refused on the console, and a refused script or style is a broken page.
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield page
    context.close()
    assert not refused, f"the Content-Security-Policy refused: {refused}"
