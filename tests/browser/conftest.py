"""Browser tests: Debian's Chromium driven by Playwright (never a downloaded browser)."""

import os
import shutil

import pytest

from ..personal_urls import personal_in_url

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "pw-for-tests"  # tests/factories.py gives every persona this password


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


class RecordingBrowser:
    """Chromium whose every context records the address of every request it makes (pages,
    fetches, assets), so each test can check that none carries personal data."""

    def __init__(self, chromium):
        self.chromium = chromium
        self.requested: list[str] = []

    def new_context(self, **kwargs):
        context = self.chromium.new_context(**kwargs)
        context.on("request", lambda request: self.requested.append(request.url))
        return context

    def __getattr__(self, name):
        return getattr(self.chromium, name)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield RecordingBrowser(chromium)
        chromium.close()


@pytest.fixture(autouse=True)
def no_personal_data_in_addresses(request):
    """After each browser test: no request it made carried a phone, an ID number or a
    look-up by person in its address (tests/personal_urls.py)."""
    if "browser" not in request.fixturenames:
        yield
        return
    recording = request.getfixturevalue("browser")
    start = len(recording.requested)
    yield
    made = recording.requested[start:]
    wrong = [f"{url}: {found}" for url in made if (found := personal_in_url(url))]
    assert not wrong, "\n".join(wrong)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login():
    def sign_in(page, worker, password=PASSWORD):
        page.goto("/login/")
        page.get_by_label("用户名").fill(worker.user.username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_load_state("domcontentloaded")

    return sign_in


SCREEN_SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


@pytest.fixture(params=sorted(SCREEN_SIZES))
def screen(request, browser, live_server):
    """Opens pages on a desktop or a 390-px phone (the test runs on both), one browser context
    per user; `screen.phone` says which."""
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", **SCREEN_SIZES[request.param])
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    open_page.phone = request.param == "phone"
    yield open_page
    for context in contexts:
        context.close()
