"""The demo catalogue: realistic, complete, and loaded twice changes nothing."""

import pytest

from silah.demo import loader
from silah.policy.models import Organization
from silah.services.demo import ensure_demo_catalogue
from silah.services.models import (
    Attendance,
    Enrollment,
    EnrollmentState,
    Programme,
    Requirement,
    Service,
    Session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def login_file(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "LOGIN_FILE", tmp_path / "demo-login.txt")


def _counts():
    return tuple(
        model.objects.count()
        for model in (Service, Requirement, Programme, Session, Enrollment, Attendance)
    )


def test_the_demo_loads_a_catalogue_of_five_services_with_a_programme():
    loader.load_demo()
    assert set(Service.objects.values_list("kind", flat=True)) == {
        "financial",
        "in_kind",
        "training",
        "health",
        "counselling",
    }
    aid = Service.objects.get(code="financial-aid")
    labels = list(aid.requirements.values_list("label", flat=True))
    for label in ("صورة الهوية الوطنية", "صك الإعالة", "تعريف بالراتب", "عقد الإيجار"):
        assert label in labels
    assert aid.requirements.filter(kind="attestation").count() == 1
    assert not aid.requirements.filter(kind="document", document_type__isnull=True).exists()
    programme = Programme.objects.get()
    assert programme.fee_amount and programme.fees_announced_on < programme.starts_on
    assert programme.sessions.count() == 8
    assert programme.enrollments.filter(state=EnrollmentState.ENROLLED).count() == 3
    assert programme.enrollments.filter(state=EnrollmentState.REGISTERED).count() == 1
    assert Attendance.objects.count() == 3


def test_the_demo_catalogue_is_idempotent():
    loader.load_demo()
    counts = _counts()
    ensure_demo_catalogue(Organization.current())
    loader.load_demo()
    assert _counts() == counts


def test_an_edited_demo_service_is_left_as_edited():
    loader.load_demo()
    Service.objects.filter(code="food-basket").update(name="سلة رمضان")
    ensure_demo_catalogue(Organization.current())
    assert Service.objects.get(code="food-basket").name == "سلة رمضان"
