"""A member of staff logs in, sees the Arabic RTL dashboard, and switches language."""

import pytest

from silah.accounts.factories import UserFactory
from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def administrator():
    return UserFactory(
        username="reem", first_name="ريم", last_name="الجهني", roles=["administrator"]
    )


def test_login_shows_the_arabic_rtl_dashboard(page, live_server, administrator):
    log_in(page, live_server, "reem")
    html = page.locator("html")
    assert html.get_attribute("lang") == "ar"
    assert html.get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", name="مرحبًا، ريم").is_visible()
    assert page.get_by_role("navigation", name="التنقل الرئيسي").is_visible()
    screenshot(page, "dashboard-ar-1280")


def test_login_by_email_works(page, live_server, administrator):
    log_in(page, live_server, "REEM@example.org")
    assert page.get_by_role("heading", name="مرحبًا، ريم").is_visible()


def test_switching_to_english_and_back(page, live_server, administrator):
    log_in(page, live_server, "reem")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="العربية").is_visible()
    page.get_by_role("button", name="العربية").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_the_dashboard_fits_a_360_pixel_phone(phone_page, live_server, administrator):
    log_in(phone_page, live_server, "reem")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    phone_page.get_by_role("button", name="فتح القائمة").click()
    assert phone_page.get_by_role("link", name="الرئيسية").is_visible()
    screenshot(phone_page, "dashboard-ar-360")


def test_keyboard_users_can_skip_to_the_content(page, live_server, administrator):
    log_in(page, live_server, "reem")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="انتقل إلى المحتوى")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
