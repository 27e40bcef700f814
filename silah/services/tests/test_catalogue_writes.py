"""Writes to the catalogue: create, update, requirements, branches, deactivate; each refusal
leaves the catalogue as it was."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from silah.accounts.factories import BranchFactory, UserFactory
from silah.core.errors import DomainError
from silah.services import services
from silah.services.factories import RequirementFactory, ServiceFactory, document_type
from silah.services.models import Requirement, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return UserFactory(roles=["manager"])


def _snapshot():
    return (
        list(Service.objects.order_by("pk").values()),
        list(Requirement.objects.order_by("pk").values()),
        list(Service.branches.through.objects.order_by("pk").values()),
    )


def _create(manager, **overrides):
    fields = {
        "code": "financial-aid",
        "name": "المساعدة المالية",
        "kind": Service.Kind.FINANCIAL,
        "requirements": [
            {"kind": "document", "label": "صورة الهوية الوطنية", "document_type": document_type()},
            {"kind": "item", "label": "حضور المستفيد بنفسه"},
            {"kind": "attestation"},
        ],
    }
    fields.update(overrides)
    return services.create_service(actor=manager, **fields)


def test_a_manager_creates_a_service_with_its_requirements_in_order(manager):
    service = _create(manager)
    assert [(r.kind, r.label, r.order) for r in service.requirements.all()] == [
        ("document", "صورة الهوية الوطنية", 1),
        ("item", "حضور المستفيد بنفسه", 2),
        ("attestation", "إقرار المستفيد بصحة البيانات", 3),
    ]
    assert service.history.first().history_change_reason == "إضافة خدمة إلى الدليل"
    assert service.history.first().history_user == manager


def test_a_document_requirement_takes_its_types_name_when_unnamed(manager):
    service = _create(
        manager, requirements=[{"kind": "document", "document_type": document_type("lease")}]
    )
    assert service.requirements.get().label == "عقد الإيجار"


def test_a_relations_officer_may_not_change_the_catalogue():
    officer = UserFactory(roles=["relations_officer"])
    with pytest.raises(PermissionDenied):
        services.create_service(actor=officer, code="x", name="خدمة", kind="financial")
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "Financial Aid"}, "code"),
        ({"code": ""}, "code"),
        ({"name": "  "}, "name"),
        ({"kind": "charity"}, "kind"),
        ({"deciding_body": "the_board"}, "deciding_body"),
        ({"deadline_unit": "working"}, "deadline_length"),
        ({"deadline_unit": "working", "deadline_length": 400}, "deadline_length"),
        ({"deadline_unit": "none", "deadline_length": 5}, "deadline_length"),
        ({"deadline_length": 5}, "deadline_length"),
        ({"deadline_unit": "weeks", "deadline_length": 5}, "deadline_unit"),
        ({"deadline_counts_from": "decision"}, "deadline_counts_from"),
        ({"conditions": [{"type": "magic"}]}, "conditions"),
        ({"conditions": [{"type": "age_between", "params": {}}]}, "conditions"),
        (
            {"requirements": [{"kind": "document", "label": "مستند"}]},
            "requirements.0.document_type",
        ),
        ({"requirements": [{"kind": "item", "label": ""}]}, "requirements.0.label"),
        (
            {"requirements": [{"kind": "attestation"}, {"kind": "attestation"}]},
            "requirements.1.kind",
        ),
        ({"branches": [BranchFactory.build(is_active=False, name="فرع موقوف")]}, "branches"),
    ],
)
def test_a_refused_service_is_not_created(manager, overrides, field):
    if "branches" in overrides:
        overrides = {"branches": [BranchFactory(is_active=False)]}
    before = _snapshot()
    with pytest.raises(DomainError) as refused:
        _create(manager, **overrides)
    assert refused.value.field == field
    assert _snapshot() == before


def test_a_code_is_taken_once(manager):
    _create(manager)
    before = _snapshot()
    with pytest.raises(DomainError) as refused:
        _create(manager, name="أخرى")
    assert refused.value.field == "code"
    assert _snapshot() == before


def test_update_changes_fields_and_keeps_updated_requirements(manager):
    service = _create(manager)
    first, second, third = service.requirements.all()
    updated = services.update_service(
        service,
        actor=manager,
        name="المساعدة المالية الشهرية",
        deadline_unit="working",
        deadline_length=10,
        requirements=[
            {"id": second.pk, "kind": "item", "label": "حضور المستفيد أو وكيله"},
            {
                "id": first.pk,
                "kind": "document",
                "label": "صورة الهوية",
                "document_type": document_type(),
            },
            {"kind": "item", "label": "تعريف بالراتب", "is_mandatory": False},
        ],
    )
    assert updated.name == "المساعدة المالية الشهرية"
    assert (updated.deadline_unit, updated.deadline_length) == ("working", 10)
    rows = list(updated.requirements.all())
    assert [(r.pk, r.label, r.order) for r in rows[:2]] == [
        (second.pk, "حضور المستفيد أو وكيله", 1),
        (first.pk, "صورة الهوية", 2),
    ]
    assert rows[2].label == "تعريف بالراتب" and not rows[2].is_mandatory
    assert not Requirement.objects.filter(pk=third.pk).exists()
    assert updated.history.first().history_change_reason == "تعديل خدمة في الدليل"


def test_update_refuses_a_requirement_of_another_service(manager):
    service = _create(manager)
    stranger = RequirementFactory()
    before = _snapshot()
    with pytest.raises(DomainError):
        services.update_service(
            service, actor=manager, requirements=[{"id": stranger.pk, "kind": "item", "label": "x"}]
        )
    assert _snapshot() == before


def test_update_refuses_a_length_without_the_unit_it_needs(manager):
    service = ServiceFactory()
    before = _snapshot()
    with pytest.raises(DomainError) as refused:
        services.update_service(service, actor=manager, deadline_length=5)
    assert refused.value.field == "deadline_length"
    assert _snapshot() == before


def test_clearing_the_deadline_override_returns_to_the_policys(manager):
    service = ServiceFactory(deadline_unit="calendar", deadline_length=7)
    updated = services.update_service(
        service, actor=manager, deadline_unit="", deadline_length=None
    )
    assert (updated.deadline_unit, updated.deadline_length) == ("", None)


def test_the_branches_that_offer_a_service_are_set_and_cleared(manager):
    service = ServiceFactory()
    north, south = BranchFactory(), BranchFactory()
    services.update_service(service, actor=manager, branches=[north])
    assert list(Service.objects.offered_at(north)) == [service]
    assert list(Service.objects.offered_at(south)) == []
    services.update_service(service, actor=manager, branches=[])
    assert list(Service.objects.offered_at(south)) == [service]


def test_deactivate_then_reactivate(manager):
    service = ServiceFactory()
    services.deactivate_service(service, actor=manager, reason="انتهى التمويل")
    service.refresh_from_db()
    assert not service.is_active
    assert service.history.first().history_change_reason == "إيقاف الخدمة: انتهى التمويل"
    services.reactivate_service(service, actor=manager)
    service.refresh_from_db()
    assert service.is_active


def test_deactivating_twice_is_refused(manager):
    service = ServiceFactory(is_active=False)
    before = _snapshot()
    with pytest.raises(DomainError):
        services.deactivate_service(service, actor=manager)
    assert _snapshot() == before
