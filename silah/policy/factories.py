"""Factories for the association and its policy versions."""

from datetime import date

import factory

from silah.policy.models import Organization, PolicyVersion


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = "جمعية آمال لذوي الإعاقة بمحافظة الليث"
    name_en = "Amal Association for Persons with Disabilities, Al-Lith"
    licence_number = "5597"
    city = "الليث"
    region = "منطقة مكة المكرمة"


RULES = {
    "intake": {"channels": ["interview", "phone"]},
    "contact": {"channels": ["sms", "call"]},
    "deadline": {"length": 14, "unit": "calendar", "counts_from": "complete"},
    "decision": {"body": "research_committee"},
}
SECTIONS = [{"kind": "preamble", "title": "تمهيد", "body": "نص التمهيد."}]


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyVersion

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: n + 1)
    sections = factory.LazyFunction(lambda: list(SECTIONS))
    rules = factory.LazyFunction(lambda: dict(RULES))

    class Params:
        in_force = factory.Trait(
            status=PolicyVersion.Status.APPROVED,
            resolution_number="2024/2",
            approved_on=date(2024, 4, 3),
            next_review_on=date(2025, 4, 3),
        )
