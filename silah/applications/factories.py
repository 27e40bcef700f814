"""Factories for the requests' tests (and the screens' tests built on them).

`service_with_checklist()` a catalogue service (the catalogue's factories) with an item, a
document and the attestation; `in_force_policy()` an association with a version in force; `document()` a
document row on a file; `attest()` a current on-screen attestation; `received()` a request
through `workflow.receive` with everything present.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.utils import timezone

from silah.accounts.factories import BranchFactory, UserFactory
from silah.policy.factories import RULES, PolicyVersionFactory
from silah.policy.models import Organization, PolicyVersion
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import Attestation, AttestationMethod, Document, DocumentType
from silah.services import factories as services_factories
from silah.services.factories import RequirementFactory, ServiceFactory
from silah.services.models import Requirement, Service

__all__ = ["RequirementFactory", "ServiceFactory"]


def document_type(code: str = "income_proof") -> DocumentType:
    return services_factories.document_type(code)


def service_with_checklist(**fields: Any) -> Service:
    """A service whose criteria are an item, a document (income proof) and the attestation."""
    service = ServiceFactory(**fields)
    RequirementFactory(service=service, kind=Requirement.Kind.ITEM, label="طلب موقّع", order=1)
    RequirementFactory(
        service=service,
        kind=Requirement.Kind.DOCUMENT,
        label="إثبات الدخل",
        document_type=document_type("income_proof"),
        order=2,
    )
    RequirementFactory(
        service=service, kind=Requirement.Kind.ATTESTATION, label="الإقرار بصحة البيانات", order=3
    )
    return service


def in_force_policy(**rules: Any) -> PolicyVersion:
    """The association and a version in force whose rules are the factory's, updated."""
    merged = {**RULES, **rules}
    organization = Organization.current()
    if organization is None:
        return PolicyVersionFactory(in_force=True, rules=merged)
    return PolicyVersionFactory(in_force=True, rules=merged, organization=organization)


def document(beneficiary, code: str = "income_proof", **fields: Any) -> Document:
    data = uuid.uuid4().bytes
    defaults = {
        "uid": uuid.uuid4(),
        "beneficiary": beneficiary,
        "document_type": document_type(code),
        "content_type": "application/pdf",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "uploaded_at": timezone.now(),
    }
    defaults.update(fields)
    return Document.objects.create(**defaults)


def attest(beneficiary, witness=None) -> Attestation:
    from silah.registry.attestation import fingerprint

    return Attestation.objects.create(
        beneficiary=beneficiary,
        method=AttestationMethod.SCREEN,
        text="أقر بصحة البيانات.",
        fingerprint=fingerprint(beneficiary),
        typed_name=beneficiary.full_name,
        witnessed_by=witness or UserFactory(),
        attested_at=timezone.now(),
    )


def officer(branch=None, **kwargs: Any):
    branch = branch or BranchFactory()
    return UserFactory(roles=["relations_officer"], branches=[branch], **kwargs)


def ready_beneficiary(branch=None, **fields: Any):
    """A beneficiary with an income proof on file and a current attestation."""
    beneficiary = BeneficiaryFactory(**({"branch": branch} if branch else {}), **fields)
    document(beneficiary)
    attest(beneficiary)
    return beneficiary


def everything_present(service: Service) -> list[int]:
    return list(service.requirements.values_list("pk", flat=True))
