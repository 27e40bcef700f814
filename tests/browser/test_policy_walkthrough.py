"""An administrator takes a new policy version through the board; staff acknowledge it.

New draft from the version in force → change the deadline → see the difference → record
the board's approval → a member of staff is asked to acknowledge it on their next page →
HR sees the count move.
"""

import re

import pytest

from silah.accounts.factories import BranchFactory, UserFactory
from silah.policy import services
from silah.policy.presets import create_association_from_preset
from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def association():
    branch = BranchFactory(name="المقر الرئيسي بالليث")
    admin = UserFactory(
        username="reem", first_name="ريم", roles=["administrator"], branches=[branch]
    )
    clerk = UserFactory(
        username="noura", first_name="نورة", roles=["relations_officer"], branches=[branch]
    )
    hr = UserFactory(username="amal", first_name="أمل", roles=["hr"], branches=[branch])
    organization, version = create_association_from_preset("amal_allith", actor=admin)
    for user in (admin, clerk, hr):
        services.acknowledge(version, user=user, typed_name="موظف الجمعية", confirmed=True)
    return organization


def acknowledged_count(page) -> tuple[int, int]:
    text = page.locator("#ack-totals").inner_text()
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    return numbers[0], numbers[1]


def test_a_new_version_goes_from_draft_to_approval_to_acknowledgement(
    browser, live_server, association
):
    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(admin, live_server, "reem")

    # 1. A new draft from the version in force.
    admin.goto(f"{live_server.url}/policy/manage/")
    admin.get_by_role("button", name="ابدأ مسودة جديدة").click()
    admin.wait_for_load_state("networkidle")
    draft = services.version_in_force(association).organization.policy_versions.get(status="draft")
    assert f"/policy/manage/drafts/{draft.pk}/" in admin.url

    # 2. Change the deadline: two weeks in calendar days → ten working days.
    admin.goto(f"{live_server.url}/policy/manage/drafts/{draft.pk}/rules/deadline/")
    admin.get_by_label("المدة (بالأيام)").fill("10")
    admin.get_by_label("الوحدة").select_option("working")
    admin.get_by_role("button", name="حفظ").click()
    admin.wait_for_load_state("networkidle")
    draft.refresh_from_db()
    assert draft.parsed_rules().deadline.length == 10

    # 3. See the difference, as values and as the published sentence.
    admin.goto(f"{live_server.url}/policy/manage/drafts/{draft.pk}/compare/")
    compare = admin.locator("main").inner_text()
    assert "10 أيام عمل" in compare
    assert "أسبوعين" in compare
    screenshot(admin, "policy-compare-ar-1280")

    # 4. Record the board's approval, the date typed in Hijri.
    admin.goto(f"{live_server.url}/policy/manage/drafts/{draft.pk}/approve/")
    admin.get_by_label("رقم قرار مجلس الإدارة").fill("2026/9")
    admin.get_by_label("تاريخ اعتماد المجلس").fill("1448/06/10")
    admin.get_by_role("button", name="متابعة إلى التأكيد").click()
    admin.wait_for_load_state("networkidle")
    admin.get_by_role("button", name="اعتمد الإصدار").click()
    admin.wait_for_load_state("networkidle")
    draft.refresh_from_db()
    assert draft.status == "approved"
    assert str(draft.approved_on) == "2026-11-20"

    # 5. HR acknowledges first (everyone is asked again), then sees the count.
    hr = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(hr, live_server, "amal")
    assert "/policy/acknowledge/" in hr.url
    hr.get_by_label("اسمك الكامل").fill("أمل السلمي")
    hr.get_by_label(re.compile("قرأت السياسة النافذة")).check()
    hr.get_by_role("button", name="أقرّ بالسياسة").click()
    hr.wait_for_load_state("networkidle")
    hr.goto(f"{live_server.url}/policy/acknowledgements/")
    before = acknowledged_count(hr)

    # 6. The relations officer is asked on their next page, and acknowledges.
    clerk = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    log_in(clerk, live_server, "noura")
    assert "/policy/acknowledge/" in clerk.url
    screenshot(clerk, "policy-acknowledge-ar-360")
    clerk.get_by_label("اسمك الكامل").fill("نورة الزهراني")
    clerk.get_by_label(re.compile("قرأت السياسة النافذة")).check()
    clerk.get_by_role("button", name="أقرّ بالسياسة").click()
    clerk.wait_for_load_state("networkidle")
    assert "/policy/acknowledge/" not in clerk.url

    # 7. HR sees the count move.
    hr.reload()
    after = acknowledged_count(hr)
    assert after[0] == before[0] + 1
    assert after[1] == before[1]
    screenshot(hr, "policy-acknowledgements-ar-1280")


def test_the_published_policy_reads_on_a_360_pixel_phone(phone_page, live_server, association):
    phone_page.goto(f"{live_server.url}/policy/")
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    assert phone_page.get_by_role("link", name=re.compile("PDF")).first.is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone_page, "policy-published-ar-360")
