"""Browser journeys (issue #14): Playwright for Python driving Debian's Chromium (`/usr/bin/chromium`;
Playwright's own browser download does not work here) against pytest-django's live server, on the demo
data. Marked `e2e`; skipped where Chromium is missing unless LOOPWISE_REQUIRE_E2E=1 (`.ci/run` sets it).
Every test saves screenshots under `var/e2e/<test>/` (ignored by git), the last one also on failure,
and every screenshot point is also an axe-core scan (WCAG 2.1 A and AA rules; axe is vendored, see
`tests/e2e/vendor/`): a violation fails the journey, naming the rule and the elements.
"""

import itertools
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make around it are
# still synchronous (Django refuses them in a thread with a running loop unless told this is fine).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LOOPWISE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "e2e"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.10.3.min.js"
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "loopwise-demo"
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("LOOPWISE_REQUIRE_E2E") == "1":
        raise pytest.UsageError(f"LOOPWISE_REQUIRE_E2E=1 but there is no Chromium at {CHROMIUM}")
    skip = pytest.mark.skip(reason=f"needs Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo data, served by a live server; → its base URL."""
    call_command("seed_demo", verbosity=0)
    return live_server.url


def axe_violations(page) -> list[str]:
    """axe-core's WCAG A/AA violations on the page as it is now, one line each (rule, impact, elements).
    Evaluated through the DevTools protocol, which the page's CSP (no inline script) does not govern."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text() + "\n;undefined")
    found = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations.map("
        "v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(', ')}`)",
        AXE_RULES,
    )
    return list(found)


# Where `make screenshots` asks the journeys to write the README's three pictures (unset: nowhere).
DOCS_SCREENSHOTS = (
    Path(os.environ["LOOPWISE_DOCS_SCREENSHOTS"]) if os.environ.get("LOOPWISE_DOCS_SCREENSHOTS") else None
)


class Shots:
    """Numbered screenshots of one test, full page, under var/e2e/<test>/; each point also scanned by axe."""

    def __init__(self, page, folder: Path, numbers):
        self.page, self.folder, self.numbers = page, folder, numbers  # numbers: shared by the test's pages

    def __call__(self, name: str, *, scan: bool = True, docs: str = "") -> Path:
        path = self.folder / f"{next(self.numbers):02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        if docs and DOCS_SCREENSHOTS:
            # `make screenshots`: the README's pictures, the viewport as a person sees it on arrival.
            DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(DOCS_SCREENSHOTS / f"{docs}.png"))
        if scan:
            violations = axe_violations(self.page)
            assert violations == [], f"axe on {self.page.url} ({name}):\n" + "\n".join(violations)
        return path


@pytest.fixture
def open_page(browser, request):
    """A fresh browser context and page at a viewport (`LAPTOP` unless said), and its screenshots."""
    contexts = []
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    opened: list[Shots] = []
    numbers = itertools.count(1)

    def open_(viewport=LAPTOP):
        context = browser.new_context(viewport=viewport, locale="en-GB", timezone_id="Europe/London")
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.js_errors = errors
        # Stylesheets, scripts, images, the favicon: none may fail (a 404 for an asset is a broken page).
        assets: list[str] = []
        page.on(
            "response",
            lambda r: (
                assets.append(f"{r.status} {r.url}")
                if r.status >= 400 and r.request.resource_type != "document"
                else None
            ),
        )
        page.asset_errors = assets
        shots = Shots(page, folder, numbers)
        opened.append(shots)
        return page, shots

    yield open_
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for shots in opened:
        if failed:
            shots("failure", scan=False)
    for context in contexts:
        context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def sign_in(page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"^(?!.*/login/).*$"))


def tab_to(page, selector: str, *, limit: int = 200) -> None:
    """Press Tab (keyboard only) until the focused element matches `selector`; fail after `limit` presses."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def assert_clean(*pages) -> None:
    """No script error and no failed asset (stylesheet, script, image, icon) on any of these pages."""
    for page in pages:
        assert page.js_errors == [], page.js_errors
        assert page.asset_errors == [], page.asset_errors
