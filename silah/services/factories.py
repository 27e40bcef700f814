"""Factories for the catalogue's tests (and other apps' tests that need services).

`ServiceFactory` makes an active, public financial-aid service that follows the policy's
deciding body and deadline; `ServiceFactory(requirements=3)` adds three checked items.
`ProgrammeFactory` makes a free programme of a programme-kind service starting today.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from silah.core import dates
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import DocumentType
from silah.services.models import (
    Attendance,
    Enrollment,
    EnrollmentState,
    Programme,
    Requirement,
    Service,
    Session,
)


def document_type(code: str = "id_copy") -> DocumentType:
    """A document type seeded by the registry's migration 0003, created again if a flush of
    the test database removed it."""
    from importlib import import_module

    seeded = import_module("silah.registry.migrations.0003_consent_documents_attestation")
    for seeded_code, name, name_en, expires, sensitive, order in seeded.DOCUMENT_TYPES:
        if seeded_code == code:
            return DocumentType.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "expires": expires,
                    "sensitive": sensitive,
                    "order": order,
                },
            )[0]
    return DocumentType.objects.get_or_create(code=code, defaults={"name": code})[0]


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"service-{n}")
    name = factory.Sequence(lambda n: f"مساعدة مالية {n}")
    kind = Service.Kind.FINANCIAL
    description = "مساعدة مالية للأسر المحتاجة."
    needs_research = True

    class Params:
        programme_kind = factory.Trait(
            kind=Service.Kind.PROGRAMME,
            needs_research=False,
            name=factory.Sequence(lambda n: f"البرامج التدريبية {n}"),
        )

    @factory.post_generation
    def requirements(self, create: bool, extracted: int | None, **kwargs) -> None:
        """ServiceFactory(requirements=3) adds that many checked items."""
        if not create or not extracted:
            return
        for index in range(extracted):
            RequirementFactory(service=self, label=f"بند {index + 1}", order=index + 1)

    @factory.post_generation
    def branches(self, create: bool, extracted: list | None, **kwargs) -> None:
        if not create or not extracted:
            return
        self.branches.add(*extracted)


class RequirementFactory(factory.django.DjangoModelFactory):
    """An item the officer checks; `RequirementFactory(document=True)` a document (a copy of
    the ID), `RequirementFactory(attestation=True)` the beneficiary's attestation."""

    class Meta:
        model = Requirement

    service = factory.SubFactory(ServiceFactory)
    kind = Requirement.Kind.ITEM
    label = "حضور المستفيد بنفسه"
    order = factory.Sequence(lambda n: n + 1)

    class Params:
        document = factory.Trait(
            kind=Requirement.Kind.DOCUMENT,
            label="صورة الهوية الوطنية",
            document_type=factory.LazyFunction(document_type),
        )
        attestation = factory.Trait(
            kind=Requirement.Kind.ATTESTATION, label="إقرار المستفيد بصحة البيانات"
        )


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    service = factory.SubFactory(ServiceFactory, programme_kind=True)
    name = factory.Sequence(lambda n: f"برنامج تدريبي {n}")
    description = "برنامج تدريبي للمستفيدين."
    starts_on = factory.LazyFunction(dates.today)
    ends_on = factory.LazyAttribute(lambda p: p.starts_on + dt.timedelta(days=60))
    capacity = 20
    fee_amount = Decimal("0")

    class Params:
        # A paid programme whose fee was announced a week before it starts.
        paid = factory.Trait(
            fee_amount=Decimal("250"),
            fees_announced_on=factory.LazyAttribute(lambda p: p.starts_on - dt.timedelta(days=7)),
        )


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    programme = factory.SubFactory(ProgrammeFactory)
    date = factory.LazyAttribute(lambda s: s.programme.starts_on)
    starts_at = dt.time(16, 0)
    ends_at = dt.time(18, 0)
    topic = factory.Sequence(lambda n: f"اللقاء {n + 1}")
    place = "قاعة التدريب"


class EnrollmentFactory(factory.django.DjangoModelFactory):
    """An enrolment written directly (state enrolled); use `services.enroll` to test the
    rules."""

    class Meta:
        model = Enrollment

    programme = factory.SubFactory(ProgrammeFactory)
    beneficiary = factory.SubFactory(BeneficiaryFactory)
    state = EnrollmentState.ENROLLED
    registered_on = factory.LazyAttribute(lambda e: e.programme.starts_on)
    enrolled_on = factory.LazyAttribute(
        lambda e: e.registered_on if e.state in ("enrolled", "completed") else None
    )


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    enrollment = factory.SubFactory(
        EnrollmentFactory, programme=factory.SelfAttribute("..session.programme")
    )
    mark = Attendance.Mark.PRESENT
