"""Every request screen fits a 360-px phone: no horizontal scroll (the pages and the world
of the accessibility test, opened on a phone-sized screen)."""

import pytest

from tests.browser import test_accessibility as pages
from tests.browser.conftest import log_in, screenshot
from tests.browser.test_accessibility import world  # noqa: F401 (fixture)


@pytest.mark.django_db(transaction=True)
def test_no_request_screen_scrolls_sideways_at_360_px(browser, live_server, world):  # noqa: F811
    too_wide = {}
    for who in ("manager", "researcher"):
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, locale="ar-SA", is_mobile=True, has_touch=True
        )
        page = context.new_page()
        log_in(page, live_server, world[who].username)
        for name, visit in pages.PAGES.items():
            if not name.startswith("applications:") or visit.who != who:
                continue
            paths = visit.path(world) if callable(visit.path) else visit.path
            for path in [paths] if isinstance(paths, str) else paths:
                response = page.goto(f"{live_server.url}{path}")
                assert response is not None and response.status == 200, path
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > page.evaluate("window.innerWidth"):
                    too_wide[path] = width
                    screenshot(page, "too-wide" + path.replace("/", "-").replace("?", "-"))
        context.close()
    assert too_wide == {}
