"""The catalogue in a browser: the public pages read on a 360-pixel phone without logging in,
and a relations officer takes a session's attendance on a phone."""

import datetime as dt

import pytest

from silah.accounts.factories import BranchFactory, UserFactory
from silah.core import dates
from silah.registry.factories import BeneficiaryFactory
from silah.services.factories import (
    EnrollmentFactory,
    ProgrammeFactory,
    RequirementFactory,
    ServiceFactory,
    SessionFactory,
)
from silah.services.models import Attendance
from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_public_catalogue_reads_on_a_360_pixel_phone(phone_page, live_server):
    service = ServiceFactory(code="financial-aid", name="المساعدة المالية للأسر المحتاجة")
    RequirementFactory(
        service=service,
        label="تعريف بالراتب من جهة العمل مصدق من الغرفة التجارية أو ما يثبت الدخل الشهري",
        help_text="إن لم يكن لرب الأسرة عمل، فإفادة من الضمان الاجتماعي بالمبلغ الشهري",
    )
    RequirementFactory(service=service, attestation=True)
    phone_page.goto(f"{live_server.url}/services/catalogue/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    phone_page.get_by_role("link", name="المساعدة المالية للأسر المحتاجة", exact=True).click()
    phone_page.wait_for_load_state("networkidle")
    assert "/services/catalogue/financial-aid/" in phone_page.url
    assert phone_page.get_by_role("heading", name="ما تحضره معك").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone_page, "services-public-service-ar-360")


def test_an_officer_takes_attendance_on_a_phone(browser, live_server):
    branch = BranchFactory(name="فرع الشواق")
    officer = UserFactory(username="coordinator", roles=["relations_officer"], branches=[branch])
    programme = ProgrammeFactory(
        branch=branch, starts_on=dates.today() - dt.timedelta(days=1), name="دورة الحاسب الآلي"
    )
    session = SessionFactory(programme=programme, topic="التعرف على الحاسب")
    present = EnrollmentFactory(
        programme=programme, beneficiary=BeneficiaryFactory(branch=branch, first_name="سلمى")
    )
    absent = EnrollmentFactory(
        programme=programme, beneficiary=BeneficiaryFactory(branch=branch, first_name="عبير")
    )
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="ar-SA", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    log_in(page, live_server, officer.username)
    page.goto(f"{live_server.url}/services/programmes/{programme.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "services-programme-ar-360")
    page.get_by_role("link", name="كشف الحضور").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("group", name=present.beneficiary.full_name).get_by_text("حاضر").click()
    page.get_by_role("group", name=absent.beneficiary.full_name).get_by_text(
        "غائب", exact=True
    ).click()
    screenshot(page, "services-attendance-ar-360")
    page.get_by_role("button", name="حفظ الحضور").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("حُفظ الحضور").is_visible()
    assert dict(
        Attendance.objects.filter(session=session).values_list("enrollment_id", "mark")
    ) == {
        present.pk: "present",
        absent.pk: "absent",
    }
    context.close()


def test_a_manager_edits_a_service_on_a_phone(browser, live_server):
    manager = UserFactory(username="director", roles=["manager"])
    service = ServiceFactory(code="food-basket", name="السلة الغذائية")
    RequirementFactory(service=service, document=True)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="ar-SA", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    log_in(page, live_server, manager.username)
    page.goto(f"{live_server.url}/services/{service.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("اسم الخدمة").fill("السلة الغذائية الشهرية")
    page.get_by_role("button", name="حفظ", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("حُفظت الخدمة.").is_visible()
    service.refresh_from_db()
    assert service.name == "السلة الغذائية الشهرية"
    screenshot(page, "services-service-form-ar-360")
    context.close()
