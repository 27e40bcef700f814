"""The registry's own badges in a file's header (`silah.registry.file_badges`): the
attestation to renew, open duplicate candidates, expired documents. Each says only what
the file page would show anyway; registered in RegistryConfig.ready()."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from silah.registry import file_badges
from silah.registry.models import Beneficiary, DuplicateCandidate, DuplicateStatus


def attestation_badge(beneficiary: Beneficiary) -> file_badges.Badge | None:
    """Never attested, or attested data changed since: a new attestation is needed."""
    from silah.registry.queries import needs_attestation

    if not needs_attestation(beneficiary):
        return None
    return file_badges.Badge(_("يحتاج إقرارًا"), tone="warning", icon="pen")


def duplicate_badge(beneficiary: Beneficiary) -> file_badges.Badge | None:
    """The file is one of a pair waiting in the duplicate-review queue."""
    waiting = DuplicateCandidate.objects.filter(
        Q(first=beneficiary) | Q(second=beneficiary), status=DuplicateStatus.OPEN
    ).exists()
    if not waiting:
        return None
    return file_badges.Badge(_("ملف مكرر محتمل بانتظار المراجعة"), tone="danger", icon="files")


def expired_documents_badge(beneficiary: Beneficiary) -> file_badges.Badge | None:
    """A current document of the file is past its expiry date."""
    from silah.registry.queries import expired_documents

    if not expired_documents(beneficiary.documents.all()).exists():
        return None
    return file_badges.Badge(_("وثيقة منتهية الصلاحية"), tone="warning", icon="calendar-x")


def register() -> None:
    file_badges.register("attestation", attestation_badge)
    file_badges.register("duplicates", duplicate_badge)
    file_badges.register("expired_documents", expired_documents_badge)
