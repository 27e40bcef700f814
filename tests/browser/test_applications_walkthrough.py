"""A request from the front desk to delivery, through the screens, under preset 000 (Amal,
Al-Lith: the research committee decides within two weeks of completeness).

1. The relations officer, at the counter, finds the beneficiary by file number, picks the
   service, ticks the checklist, uploads the income proof she brought, takes her
   attestation on screen and submits: the request page shows the reference, the deciding
   body and the due date, the receipt prints, the message is written; "my intake today".
2. The manager finds it waiting to be routed and sends it to the social researcher.
3. The researcher, on a 360-px phone, sees today's visit with the address and a map link,
   records the visit and submits the recommendation; her visits queue empties.
4. The committee's secretary builds the agenda, holds the meeting, records attendance and
   votes, the decision, closes the meeting; the minutes are ready (PDF).
5. The officer finds the approved request waiting for delivery, records the food basket and
   the beneficiary's typed-name receipt; the delivery queue empties, the file shows it.
"""

import datetime as dt

import pytest

from silah.accounts.factories import BranchFactory, UserFactory
from silah.applications import factories as f
from silah.applications.models import Application, Disbursement
from silah.committees.factories import CommitteeFactory, CommitteeMemberFactory, MeetingFactory
from silah.committees.models import CommitteeKind, MemberRole
from silah.core import dates
from silah.demo.registry_activity import png_bytes, seeded_document_types
from silah.messaging.models import Message
from silah.policy import services as policy_services
from silah.policy.models import PolicyVersion
from silah.policy.presets import create_association_from_preset
from silah.registry import services as registry_services
from silah.registry.factories import registration_fields
from silah.registry.models import DocumentType
from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def association(settings, tmp_path):
    settings.SILAH_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    seeded_document_types(DocumentType)
    admin = UserFactory(username="reem", first_name="ريم", roles=["administrator"])
    _organization, version = create_association_from_preset("amal_allith", actor=admin)
    if version.status != PolicyVersion.Status.APPROVED:
        version = policy_services.record_approval(
            version, actor=admin, resolution_number="2026/1", approved_on=dt.date(2026, 1, 1)
        )
    branch = BranchFactory(name="المقر الرئيسي بالليث")
    people = {
        "officer": UserFactory(
            username="noura", first_name="نورة", roles=["relations_officer"], branches=[branch]
        ),
        "manager": UserFactory(username="khaled", first_name="خالد", roles=["manager"]),
        "researcher": UserFactory(
            username="sara", first_name="سارة", last_name="الغامدي", roles=["social_researcher"]
        ),
        "secretary": UserFactory(username="amal", first_name="أمل", roles=["committee_member"]),
        "chair": UserFactory(username="fahd", first_name="فهد", roles=["committee_member"]),
    }
    for user in people.values():
        policy_services.acknowledge(version, user=user, typed_name="موظف الجمعية", confirmed=True)
    committee = CommitteeFactory(name="لجنة البحث", kind=CommitteeKind.RESEARCH, quorum=2)
    CommitteeMemberFactory(committee=committee, user=people["chair"], role=MemberRole.CHAIR)
    CommitteeMemberFactory(committee=committee, user=people["secretary"], role=MemberRole.SECRETARY)
    meeting = MeetingFactory(committee=committee, held_on=dates.today())
    beneficiary = registry_services.register_beneficiary(
        actor=people["manager"],
        **registration_fields(
            branch=branch,
            first_name="مريم",
            father_name="عبدالله",
            grandfather_name="سعد",
            family_name="الزهراني",
            sex="female",
            district="حي الشاطئ",
            city="الليث",
        ),
    )
    service = f.service_with_checklist(kind="in_kind", name="سلة غذائية", needs_research=True)
    return {
        "branch": branch,
        "beneficiary": beneficiary,
        "service": service,
        "meeting": meeting,
        **people,
    }


def submit(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")


def main_text(page) -> str:
    return page.locator("main").inner_text()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def queue(page, url: str, tab: str) -> str:
    page.goto(f"{url}/requests/?tab={tab}")
    return main_text(page)


def test_a_request_from_the_front_desk_to_delivery(browser, live_server, association, phone_page):
    url = live_server.url
    beneficiary = association["beneficiary"]
    today = dates.today().strftime("%Y/%m/%d")

    # 1. Intake at the front desk.
    officer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(officer, live_server, "noura")
    officer.goto(f"{url}/requests/intake/")
    officer.get_by_label("ابحث برقم الملف أو الهوية أو الجوال أو الاسم").fill(
        beneficiary.file_number
    )
    submit(officer, "ابحث")
    officer.get_by_role("link", name="اختيار").first.click()
    officer.wait_for_load_state("networkidle")
    officer.get_by_label("الخدمة المطلوبة").select_option(label="سلة غذائية")
    officer.get_by_label("قناة الاستقبال").wait_for()  # htmx brought the checklist in
    officer.get_by_label("قناة الاستقبال").select_option("interview")
    officer.get_by_label("طلب موقّع").check()
    officer.get_by_label("أرفق «إثبات الدخل» الآن").set_input_files(
        files=[{"name": "income.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    officer.get_by_label("اسم المستفيد الكامل كما يكتبه بنفسه").fill("مريم عبد الله سعد الزهراني")
    officer.get_by_label("قرأ المستفيد بياناته المعروضة وأقر بصحتها").check()
    screenshot(officer, "applications-intake-ar-1280")
    submit(officer, "استلام الطلب")
    application = Application.objects.get()
    assert officer.url.endswith(f"/requests/{application.pk}/")
    assert application.state == "complete"
    assert application.due_on is not None
    page_text = main_text(officer)
    assert application.reference in page_text
    assert "لجنة البحث" in page_text
    assert "مكتمل" in page_text
    message = Message.objects.get(beneficiary=beneficiary, event="request_complete")
    assert message.body.splitlines()[0] in page_text
    receipt = officer.request.get(f"{url}/requests/{application.pk}/receipt.pdf")
    assert receipt.ok and receipt.body().startswith(b"%PDF")
    screenshot(officer, "applications-request-received-ar-1280")
    assert application.reference in queue(officer, url, "intake")

    # 2. The manager routes it to the social researcher.
    manager = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(manager, live_server, "khaled")
    assert application.reference in queue(manager, url, "routing")
    manager.get_by_role("link", name=application.reference).click()
    manager.wait_for_load_state("networkidle")
    manager.get_by_label("الباحث الاجتماعي").select_option(label="سارة الغامدي")
    manager.get_by_label("موعد الزيارة").fill(today)
    submit(manager, "إحالة إلى البحث")
    application.refresh_from_db()
    assert application.state == "in_research"
    assert application.reference not in queue(manager, url, "routing")

    # 3. The visit, on the researcher's phone.
    phone = phone_page
    log_in(phone, live_server, "sara")
    phone.goto(f"{url}/requests/visits/")
    visits = main_text(phone)
    assert "زيارات اليوم" in visits and beneficiary.full_name in visits
    assert "حي الشاطئ، الليث" in visits
    map_link = phone.get_by_role("link", name="الخريطة").first.get_attribute("href")
    assert map_link.startswith("https://maps.google.com/?q=")
    assert beneficiary.file_number not in map_link
    assert no_horizontal_scroll(phone)
    screenshot(phone, "applications-visits-ar-360")
    phone.get_by_role("link", name="نموذج الزيارة").first.click()
    phone.wait_for_load_state("networkidle")
    assert no_horizontal_scroll(phone)
    phone.get_by_label("زيارة منزلية").check()
    phone.get_by_label("ما لاحظته في الزيارة").fill(
        "أسرة من خمسة أفراد في شقة مستأجرة، العائل متوفى."
    )
    phone.get_by_label("السكن", exact=True).select_option("rented")
    phone.get_by_label("عدد أفراد الأسرة").fill("5")
    phone.get_by_label("احتياجات الأسرة").fill("سلة غذائية شهرية")
    phone.get_by_label("التوصية بالقبول").check()
    screenshot(phone, "applications-visit-form-ar-360")
    submit(phone, "حفظ الزيارة")
    assert no_horizontal_scroll(phone)
    submit(phone, "رفع التوصية")
    application.refresh_from_db()
    assert application.state == "in_review"
    phone.goto(f"{url}/requests/?tab=visits")
    assert application.reference not in main_text(phone)
    assert no_horizontal_scroll(phone)

    # The request waits on the committee's next agenda.
    committee_queue = queue(manager, url, "committee")
    assert application.reference in committee_queue
    assert "لجنة البحث" in committee_queue

    # 4. The committee's meeting: agenda, attendance, votes, decision, minutes.
    secretary = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(secretary, live_server, "amal")
    secretary.goto(f"{url}/committees/meetings/{association['meeting'].pk}/")
    submit(secretary, "أدرج الموضوعات المنتظرة في جدول الأعمال")
    assert application.reference in main_text(secretary)
    submit(secretary, "بدء الاجتماع")
    for name in ("فهد", "أمل"):
        secretary.locator("label", has_text=name).first.click()
    submit(secretary, "حفظ الحضور")
    for select in secretary.locator("select[name*='vote_']").all():
        select.select_option("approve")
    submit(secretary, "حفظ الأصوات")
    secretary.get_by_label("موافقة").check()
    submit(secretary, "تسجيل القرار")
    application.refresh_from_db()
    assert application.state == "approved"
    submit(secretary, "إغلاق الاجتماع وإعداد المحضر")
    minutes = secretary.get_by_role("link", name="تنزيل المحضر (PDF)")
    assert minutes.count() == 1
    pdf = secretary.request.get(f"{url}{minutes.get_attribute('href')}")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    screenshot(secretary, "applications-committee-minutes-ar-1280")
    assert application.reference not in queue(manager, url, "committee")

    # 5. Delivery with the beneficiary's receipt.
    assert application.reference in queue(officer, url, "delivery")
    officer.get_by_role("link", name=application.reference).click()
    officer.wait_for_load_state("networkidle")
    assert "مقبول" in main_text(officer)
    submit(officer, "جاهز للتسليم")
    officer.get_by_role("link", name="تسجيل التسليم والاستلام").click()
    officer.wait_for_load_state("networkidle")
    officer.get_by_label("مساعدة عينية").check()
    officer.get_by_label("الصنف 1").fill("سلة غذائية")
    officer.locator("[name=item_quantity_1]").fill("1")
    officer.locator("[name=item_unit_1]").fill("سلة")
    officer.get_by_label("توقيع المستفيد على الشاشة").check()
    officer.get_by_label("اسم المستلم الكامل كما يكتبه بنفسه").fill("مريم عبدالله سعد الزهراني")
    officer.get_by_label("يؤكد المستفيد أنه استلم ما ذُكر أعلاه").check()
    screenshot(officer, "applications-delivery-ar-1280")
    submit(officer, "تسجيل التسليم")
    application.refresh_from_db()
    assert application.state == "delivered"
    assert Disbursement.objects.get().items.get().name == "سلة غذائية"
    assert application.reference not in queue(officer, url, "delivery")
    officer.goto(f"{url}/requests/beneficiary/{beneficiary.pk}/")
    assert "سلة غذائية" in main_text(officer)
    screenshot(officer, "applications-file-tab-ar-1280")

    # The manager's dashboard: the promise kept this month.
    manager.goto(f"{url}/")
    assert "الوفاء بمواعيد الرد هذا الشهر" in main_text(manager)
    assert "في الموعد: 1" in main_text(manager)
