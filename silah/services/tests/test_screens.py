"""The screens through the test client: the public catalogue without login, the staff
catalogue for managers and administrators, programmes and the attendance sheet."""

from __future__ import annotations

import datetime as dt

import pytest

from silah.accounts.factories import BranchFactory, UserFactory
from silah.core import dates
from silah.policy.factories import PolicyVersionFactory
from silah.registry.factories import BeneficiaryFactory
from silah.services.factories import (
    EnrollmentFactory,
    ProgrammeFactory,
    RequirementFactory,
    ServiceFactory,
    SessionFactory,
    document_type,
)
from silah.services.models import Attendance, Enrollment, EnrollmentState, Requirement, Service

pytestmark = pytest.mark.django_db

TODAY = dates.today()


@pytest.fixture
def manager(client):
    user = UserFactory(roles=["manager"])
    client.force_login(user)
    return user


# -- public ------------------------------------------------------------------------------------


def test_the_public_catalogue_needs_no_login(client):
    ServiceFactory(name="السلة الغذائية", code="food-basket", kind="in_kind")
    ServiceFactory(name="خدمة داخلية", code="internal", is_public=False)
    ServiceFactory(name="خدمة موقوفة", code="stopped", is_active=False)
    response = client.get("/services/catalogue/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "السلة الغذائية" in body
    assert "خدمة داخلية" not in body and "خدمة موقوفة" not in body


def test_a_public_service_page_lists_what_to_bring_and_who_decides(client):
    PolicyVersionFactory(in_force=True)  # research committee, 14 calendar days
    service = ServiceFactory(code="financial-aid", name="المساعدة المالية")
    RequirementFactory(service=service, document=True, help_text="سارية المفعول")
    RequirementFactory(service=service, kind="item", label="تعريف بالراتب", is_mandatory=False)
    RequirementFactory(service=service, attestation=True)
    response = client.get("/services/catalogue/financial-aid/")
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("صورة الهوية الوطنية", "سارية المفعول", "تعريف بالراتب", "إن وجد", "لجنة البحث"):
        assert text in body
    assert "أسبوعين" in body


def test_003_the_public_page_states_the_eligibility_conditions(client, policy_003):
    ServiceFactory(code="aid")
    body = client.get("/services/catalogue/aid/").content.decode()
    assert "إقامة نظامية" in body
    assert "الجهة الرسمية المختصة" in body


def test_an_unlisted_or_unknown_service_is_404(client):
    ServiceFactory(code="internal", is_public=False)
    assert client.get("/services/catalogue/internal/").status_code == 404
    assert client.get("/services/catalogue/nothing/").status_code == 404


def test_staff_who_have_not_acknowledged_the_policy_still_read_the_catalogue(client):
    PolicyVersionFactory(in_force=True)
    ServiceFactory(code="aid")
    client.force_login(UserFactory(roles=["relations_officer"]))
    assert client.get("/services/catalogue/").status_code == 200
    assert client.get("/services/catalogue/aid/").status_code == 200
    # A staff page still asks for the acknowledgement first.
    assert client.get("/services/programmes/").status_code == 302


def test_the_public_page_shows_open_programmes_with_their_fee(client):
    programme = ProgrammeFactory(paid=True, name="دورة الخياطة")
    programme.service.code = "training"
    programme.service.save()
    body = client.get("/services/catalogue/training/").content.decode()
    assert "دورة الخياطة" in body and "250" in body


# -- staff catalogue ---------------------------------------------------------------------------


def test_a_manager_sees_the_catalogue(client, manager):
    ServiceFactory(name="المساعدة المالية")
    response = client.get("/services/")
    assert response.status_code == 200
    assert "المساعدة المالية" in response.content.decode()


def test_an_administrator_may_edit_the_catalogue(client):
    client.force_login(UserFactory(roles=["administrator"]))
    assert client.get("/services/new/").status_code == 200


@pytest.mark.parametrize("role", ["relations_officer", "social_researcher", "hr", "board_member"])
def test_other_roles_may_not_open_the_staff_catalogue(client, role):
    client.force_login(UserFactory(roles=[role]))
    service = ServiceFactory()
    assert client.get("/services/").status_code == 403
    assert client.get(f"/services/{service.pk}/").status_code == 403
    assert client.post("/services/new/", {}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get("/services/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _service_post(**overrides):
    data = {
        "code": "food-basket",
        "name": "السلة الغذائية",
        "kind": "in_kind",
        "description": "سلة غذائية شهرية",
        "needs_research": "on",
        "deciding_body": "",
        "deadline_unit": "",
        "deadline_length": "",
        "deadline_counts_from": "",
        "min_age": "",
        "max_age": "",
        "income_cap": "1500",
        "is_public": "on",
        "order": "20",
        "requirements-TOTAL_FORMS": "3",
        "requirements-INITIAL_FORMS": "0",
        "requirements-MIN_NUM_FORMS": "0",
        "requirements-MAX_NUM_FORMS": "1000",
        "requirements-0-kind": "document",
        "requirements-0-label": "صورة الهوية الوطنية",
        "requirements-0-document_type": str(document_type().pk),
        "requirements-0-is_mandatory": "on",
        "requirements-1-kind": "attestation",
        "requirements-1-label": "",
        "requirements-1-is_mandatory": "on",
        "requirements-2-kind": "item",
        "requirements-2-label": "",
    }
    data.update(overrides)
    return data


def test_a_manager_creates_a_service_with_its_requirements(client, manager):
    branch = BranchFactory()
    response = client.post("/services/new/", _service_post(branches=[str(branch.pk)]))
    service = Service.objects.get(code="food-basket")
    assert response.status_code == 302
    assert response["Location"] == f"/services/{service.pk}/"
    assert list(service.requirements.values_list("kind", flat=True)) == ["document", "attestation"]
    assert service.conditions == [{"type": "income_per_capita_at_most", "params": {"amount": 1500}}]
    assert list(service.branches.all()) == [branch]


def test_a_document_row_without_its_type_is_refused_at_its_field(client, manager):
    response = client.post("/services/new/", _service_post(**{"requirements-0-document_type": ""}))
    assert response.status_code == 400
    assert "اختر نوع المستند المطلوب." in response.content.decode()
    assert not Service.objects.exists()


def test_a_deadline_length_without_a_unit_is_refused_at_its_field(client, manager):
    response = client.post("/services/new/", _service_post(deadline_length="10"))
    assert response.status_code == 400
    assert "مدة المهلة تُدخل مع وحدتها" in response.content.decode()
    assert not Service.objects.exists()


def test_editing_keeps_requirements_and_deletes_those_ticked(client, manager):
    service = ServiceFactory(code="aid")
    keep = RequirementFactory(service=service, label="أ")
    drop = RequirementFactory(service=service, label="ب")
    page = client.get(f"/services/{service.pk}/")
    assert page.status_code == 200
    data = _service_post(
        name="مساعدة معدلة",
        kind="financial",
        deadline_unit="working",
        deadline_length="10",
        **{
            "requirements-TOTAL_FORMS": "2",
            "requirements-INITIAL_FORMS": "2",
            "requirements-0-id": str(keep.pk),
            "requirements-0-kind": "item",
            "requirements-0-label": "أ معدل",
            "requirements-0-document_type": "",
            "requirements-1-id": str(drop.pk),
            "requirements-1-kind": "item",
            "requirements-1-label": "ب",
            "requirements-1-DELETE": "on",
        },
    )
    data.pop("code")
    response = client.post(f"/services/{service.pk}/", data)
    assert response.status_code == 302
    service.refresh_from_db()
    assert (service.name, service.deadline_unit, service.deadline_length) == (
        "مساعدة معدلة",
        "working",
        10,
    )
    assert list(service.requirements.values_list("label", flat=True)) == ["أ معدل"]
    assert not Requirement.objects.filter(pk=drop.pk).exists()


def test_deactivating_takes_a_service_off_the_public_catalogue(client, manager):
    service = ServiceFactory(code="aid")
    client.post(f"/services/{service.pk}/deactivate/", {"reason": "انتهى التمويل"})
    service.refresh_from_db()
    assert not service.is_active
    assert client.get("/services/catalogue/aid/").status_code == 404
    client.post(f"/services/{service.pk}/reactivate/")
    service.refresh_from_db()
    assert service.is_active


def test_the_navigation_shows_the_catalogue_to_a_manager_only(client, manager):
    assert 'href="/services/"' in client.get("/services/programmes/").content.decode()
    client.force_login(UserFactory(roles=["relations_officer"]))
    body = client.get("/services/programmes/").content.decode()
    assert 'href="/services/"' not in body
    assert 'href="/services/programmes/"' in body


# -- programmes --------------------------------------------------------------------------------


@pytest.fixture
def branch():
    return BranchFactory()


@pytest.fixture
def officer(client, branch):
    user = UserFactory(roles=["relations_officer"], branches=[branch])
    client.force_login(user)
    return user


def test_an_officer_enrols_a_beneficiary_of_their_branch_by_file_number(client, officer, branch):
    programme = ProgrammeFactory(branch=branch)
    person = BeneficiaryFactory(branch=branch)
    response = client.post(
        f"/services/programmes/{programme.pk}/enroll/",
        {"file_number": person.file_number.lower(), "enroll": "1"},
    )
    assert response.status_code == 302
    assert Enrollment.objects.get(programme=programme, beneficiary=person).holds_place
    page = client.get(f"/services/programmes/{programme.pk}/").content.decode()
    assert person.full_name in page


def test_a_file_outside_the_officers_scope_is_not_found(client, officer, branch):
    programme = ProgrammeFactory(branch=branch)
    stranger = BeneficiaryFactory()
    response = client.post(
        f"/services/programmes/{programme.pk}/enroll/",
        {"file_number": stranger.file_number, "enroll": "1"},
    )
    assert response.status_code == 400
    assert "لا يوجد ملف بهذا الرقم" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_a_refusal_shows_at_the_form_and_changes_nothing(client, officer, branch):
    programme = ProgrammeFactory(branch=branch, capacity=1)
    EnrollmentFactory(programme=programme)
    person = BeneficiaryFactory(branch=branch)
    response = client.post(
        f"/services/programmes/{programme.pk}/enroll/",
        {"file_number": person.file_number, "enroll": "1"},
    )
    assert response.status_code == 400
    assert "اكتمل عدد المقاعد" in response.content.decode()
    assert Enrollment.objects.count() == 1


def test_the_officer_of_the_programmes_branch_sees_participants_from_other_branches(
    client, officer, branch
):
    programme = ProgrammeFactory(branch=branch)
    elsewhere = EnrollmentFactory(programme=programme)
    body = client.get(f"/services/programmes/{programme.pk}/").content.decode()
    assert elsewhere.beneficiary.full_name in body


def test_participants_outside_scope_are_counted_not_named(client, officer):
    programme = ProgrammeFactory(branch=None)
    elsewhere = EnrollmentFactory(programme=programme)
    body = client.get(f"/services/programmes/{programme.pk}/").content.decode()
    assert elsewhere.beneficiary.file_number not in body
    assert "من خارج الملفات التي تطّلع عليها" in body


def test_interview_then_enrol_through_the_page(client, officer, branch):
    programme = ProgrammeFactory(branch=branch, interview_required=True)
    person = BeneficiaryFactory(branch=branch)
    client.post(
        f"/services/programmes/{programme.pk}/enroll/",
        {"file_number": person.file_number, "register": "1"},
    )
    enrollment = Enrollment.objects.get()
    client.post(
        f"/services/enrollments/{enrollment.pk}/", {"action": "interview_passed", "note": ""}
    )
    client.post(f"/services/enrollments/{enrollment.pk}/", {"action": "enroll"})
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.ENROLLED


def test_a_refused_step_is_flashed_and_changes_nothing(client, officer, branch):
    enrollment = EnrollmentFactory(programme=ProgrammeFactory(branch=branch))
    response = client.post(
        f"/services/enrollments/{enrollment.pk}/", {"action": "withdraw", "note": ""}, follow=True
    )
    assert "اكتب سبب الانسحاب." in response.content.decode()
    enrollment.refresh_from_db()
    assert enrollment.state == EnrollmentState.ENROLLED


def test_the_attendance_sheet_records_marks(client, officer, branch):
    programme = ProgrammeFactory(branch=branch, starts_on=TODAY - dt.timedelta(days=1))
    session = SessionFactory(programme=programme)
    one, two = EnrollmentFactory.create_batch(2, programme=programme)
    page = client.get(f"/services/sessions/{session.pk}/")
    assert page.status_code == 200
    assert one.beneficiary.full_name in page.content.decode()
    response = client.post(
        f"/services/sessions/{session.pk}/",
        {f"mark-{one.pk}": "present", f"mark-{two.pk}": "absent"},
    )
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("enrollment_id", "mark")) == {
        one.pk: "present",
        two.pk: "absent",
    }


def test_an_empty_sheet_is_refused(client, officer, branch):
    session = SessionFactory(programme=ProgrammeFactory(branch=branch))
    EnrollmentFactory(programme=session.programme)
    response = client.post(f"/services/sessions/{session.pk}/", {})
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_a_manager_creates_a_programme_and_adds_a_session(client, manager):
    service = ServiceFactory(programme_kind=True)
    response = client.post(
        "/services/programmes/new/",
        {
            "service": str(service.pk),
            "name": "دورة الحاسب",
            "starts_on": TODAY.isoformat().replace("-", "/"),
            "fee_amount": "0",
            "min_attendance_percent": "75",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    programme = service.programmes.get()
    response = client.post(
        f"/services/programmes/{programme.pk}/sessions/",
        {
            "date": TODAY.isoformat().replace("-", "/"),
            "topic": "التعريف بالحاسب",
            "starts_at": "16:00",
        },
    )
    assert response.status_code == 302
    assert programme.sessions.get().topic == "التعريف بالحاسب"


def test_an_officer_may_not_create_programmes_or_sessions(client, officer, branch):
    programme = ProgrammeFactory(branch=branch)
    assert client.get("/services/programmes/new/").status_code == 403
    assert client.post(f"/services/programmes/{programme.pk}/sessions/", {}).status_code == 403
    assert client.get(f"/services/programmes/{programme.pk}/edit/").status_code == 403


@pytest.mark.parametrize("role", ["social_researcher", "hr", "board_member", "committee_member"])
def test_other_roles_may_not_open_programmes(client, role):
    client.force_login(UserFactory(roles=[role]))
    session = SessionFactory()
    assert client.get("/services/programmes/").status_code == 403
    assert client.get(f"/services/programmes/{session.programme.pk}/").status_code == 403
    assert client.get(f"/services/sessions/{session.pk}/").status_code == 403
