"""A relations officer registers a household of three through the screens, uploads a document,
is warned of a planted duplicate and overrides it; the manager finds the pair in the
duplicate-review queue, compares the files and merges them.

The planted duplicate: منيرة عبدالله ناصر السبيعي is already registered (with her ID); the
officer registers the head's wife as منيره عبد الله السبيعي without an ID and with the same
mobile — the same woman, spelt differently.
"""

import pytest

from silah.accounts.factories import BranchFactory, UserFactory
from silah.demo.registry_activity import png_bytes, seeded_document_types
from silah.registry import services
from silah.registry.factories import national_id, registration_fields
from silah.registry.models import (
    Beneficiary,
    Document,
    DocumentType,
    DuplicateCandidate,
    DuplicateSource,
    DuplicateStatus,
    MergeRecord,
    Relationship,
    Status,
)
from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

MOBILE = "0551234987"


@pytest.fixture
def registry(settings, tmp_path):
    settings.SILAH_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    seeded_document_types(DocumentType)  # a flush by another transactional test removes them
    branch = BranchFactory(name="المقر الرئيسي بالليث")
    officer = UserFactory(
        username="noura", first_name="نورة", roles=["relations_officer"], branches=[branch]
    )
    manager = UserFactory(username="khaled", first_name="خالد", roles=["manager"])
    planted = services.register_beneficiary(
        actor=manager,
        **registration_fields(
            branch=branch,
            first_name="منيرة",
            father_name="عبدالله",
            grandfather_name="ناصر",
            family_name="السبيعي",
            sex="female",
            mobile=MOBILE,
        ),
    )
    return {"branch": branch, "officer": officer, "manager": manager, "planted": planted}


def fill_person(page, *, first, father, family, sex, grandfather="", identity=None, mobile=""):
    page.locator("[name=first_name]").fill(first)
    page.locator("[name=father_name]").fill(father)
    page.locator("[name=grandfather_name]").fill(grandfather)
    page.locator("[name=family_name]").fill(family)
    if identity:
        page.locator("[name=identity_type]").select_option("national_id")
        page.locator("[name=identity_number]").fill(identity)
    else:
        page.locator("[name=identity_type]").select_option("none")
        page.locator("[name=identity_reason]").fill("لم تحضر الهوية")
    page.locator("[name=sex]").select_option(sex)
    page.locator("[name=mobile]").fill(mobile)
    page.locator("[name=preferred_channel]").select_option("sms")
    page.locator("[name=city]").fill("الليث")


def submit(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")


def test_a_household_of_three_with_a_document_and_a_planted_duplicate_merged(
    browser, live_server, registry
):
    url = live_server.url
    officer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(officer, live_server, "noura")

    # 1. The head of the household, through the registration screen.
    officer.goto(f"{url}/beneficiaries/new/")
    fill_person(
        officer,
        first="سعيد",
        father="محمد",
        grandfather="علي",
        family="السبيعي",
        sex="male",
        identity=national_id(),
        mobile=MOBILE,
    )
    officer.locator("[name=branch]").select_option(str(registry["branch"].pk))
    submit(officer, "تحقّق واحفظ")
    # The shared mobile alone is a hint: if the planted file is shown, say it is someone else.
    if officer.get_by_text("قد يكون هذا الشخص مسجّلًا من قبل").count():
        officer.locator("[name=confirm_different]").check()
        submit(officer, "احفظ")
    head = Beneficiary.objects.get(first_name="سعيد", family_name="السبيعي")
    assert officer.url.endswith(f"/beneficiaries/{head.pk}/")

    # 2. His household, then his wife: the planted duplicate is flagged before saving.
    officer.goto(f"{url}/beneficiaries/{head.pk}/household/new/")
    officer.locator("[name=housing]").select_option("rented")
    officer.locator("[name=rent_amount]").fill("15000")
    submit(officer, "احفظ")
    officer.goto(f"{url}/beneficiaries/{head.pk}/household/members/new/")
    fill_person(
        officer, first="منيره", father="عبد الله", family="السبيعي", sex="female", mobile=MOBILE
    )
    officer.locator("[name=relationship]").select_option(Relationship.SPOUSE)
    submit(officer, "سجّله وأضفه إلى الأسرة")
    warning = officer.get_by_role("alert").filter(has_text="قد يكون هذا الشخص مسجّلًا من قبل")
    assert registry["planted"].file_number in warning.inner_text()
    assert not Beneficiary.objects.filter(first_name="منيره").exists()
    screenshot(officer, "registry-duplicate-flagged-ar-1280")
    officer.locator("[name=confirm_different]").check()
    submit(officer, "سجّله وأضفه إلى الأسرة")
    wife = Beneficiary.objects.get(first_name="منيره")
    candidate = DuplicateCandidate.objects.get(source=DuplicateSource.ON_SAVE)
    assert {candidate.first_id, candidate.second_id} == {registry["planted"].pk, wife.pk}
    assert candidate.status == DuplicateStatus.OPEN

    # 3. Their son, the third member.
    officer.goto(f"{url}/beneficiaries/{head.pk}/household/members/new/")
    fill_person(
        officer, first="فيصل", father="سعيد", family="السبيعي", sex="male", mobile="0561239876"
    )
    officer.locator("[name=relationship]").select_option(Relationship.SON)
    submit(officer, "سجّله وأضفه إلى الأسرة")
    household = head.current_membership().household
    assert household.members_count() == 3

    # 4. A document on the head's file, checked by its content.
    officer.goto(f"{url}/beneficiaries/{head.pk}/documents/")
    officer.locator("[name=document_type]").select_option(label="إثبات الدخل")
    officer.locator("[name=file]").set_input_files(
        files=[{"name": "income.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    submit(officer, "رفع")
    document = Document.objects.get(beneficiary=head)
    assert document.document_type.code == "income_proof"
    assert "إثبات الدخل" in officer.locator("main").inner_text()

    # The wife's file says she waits in the duplicate queue.
    officer.goto(f"{url}/beneficiaries/{wife.pk}/")
    assert "ملف مكرر محتمل بانتظار المراجعة" in officer.locator("main").inner_text()

    # 5. The manager reviews the pair and keeps the planted file (it has the ID).
    manager = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(manager, live_server, "khaled")
    manager.goto(f"{url}/beneficiaries/duplicates/")
    manager.locator(f"a[href='/beneficiaries/duplicates/{candidate.pk}/']").first.click()
    manager.wait_for_load_state("networkidle")
    compare = manager.locator("main")
    assert compare.locator(f"a[href='/beneficiaries/{wife.pk}/']").count() == 1
    assert compare.locator(f"a[href='/beneficiaries/{registry['planted'].pk}/']").count() == 1
    screenshot(manager, "registry-duplicate-compare-ar-1280")
    manager.goto(f"{url}/beneficiaries/duplicates/{candidate.pk}/merge/")
    manager.get_by_label(registry["planted"].file_number).check()
    manager.locator("[name=reason]").fill("الشخص نفسه: سُجّلت مرة ثانية دون هوية")
    manager.locator("[name=confirm]").check()
    submit(manager, "ادمج")

    record = MergeRecord.objects.get()
    assert (record.survivor_id, record.merged_id) == (registry["planted"].pk, wife.pk)
    wife.refresh_from_db()
    assert wife.status == Status.ARCHIVED
    survivor = registry["planted"]
    membership = survivor.current_membership()
    assert membership.household == household
    assert membership.relationship == Relationship.SPOUSE
    assert household.members_count() == 3
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.MERGED

    # The household page shows the survivor; the wife's old page leads to it.
    manager.goto(f"{url}/beneficiaries/{head.pk}/household/")
    assert survivor.file_number in manager.locator("main").inner_text()
    manager.goto(f"{url}/beneficiaries/{wife.pk}/")
    assert manager.url.endswith(f"/beneficiaries/{survivor.pk}/")
    # The list no longer shows the merged file; searching its number finds the survivor.
    manager.goto(f"{url}/beneficiaries/")
    assert wife.file_number not in manager.locator("main").inner_text()
    manager.get_by_role("searchbox", name="بحث").fill(wife.file_number)
    manager.get_by_role("searchbox", name="بحث").press("Enter")
    manager.wait_for_load_state("networkidle")
    assert survivor.file_number in manager.locator("main").inner_text()
    screenshot(manager, "registry-after-merge-ar-1280")
