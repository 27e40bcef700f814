"""Wiring of documents, consent and the attestation into the file page, the read log, the
dashboard and the person-data holders (called from RegistryConfig.ready)."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silah.audit.models import register_read_label
from silah.core import dashboard
from silah.registry import holders, tabs


def expired_documents_card(request: HttpRequest) -> dashboard.Card | None:
    """For staff who manage documents: current documents past their expiry, in their files."""
    user = request.user
    if not user.is_authenticated or not user.has_perm("registry.manage_documents"):
        return None
    from silah.registry.access import beneficiaries_for
    from silah.registry.models import Document
    from silah.registry.queries import expired_documents

    expired = expired_documents(
        Document.objects.filter(beneficiary__in=beneficiaries_for(user))
    ).select_related("beneficiary", "document_type")
    count = expired.count()
    if not count:
        return None
    items = [
        (document.document_type.name, document.beneficiary.file_number)
        for document in expired.order_by("expires_on")[:5]
    ]
    return dashboard.Card(
        title=_("وثائق منتهية الصلاحية"),
        value=count,
        description=_("اطلب من أصحابها نسخًا سارية."),
        tone="warning",
        items=items,
    )


def register_all() -> None:
    tabs.register(
        tabs.FileTab(
            key="documents",
            label=gettext_lazy("الوثائق"),
            url_name="registry:documents",
            order=30,
        )
    )
    tabs.register(
        tabs.FileTab(
            key="consent",
            label=gettext_lazy("الموافقات والإقرار"),
            url_name="registry:consent",
            order=40,
        )
    )
    register_read_label("document", gettext_lazy("ملف وثيقة"))
    register_read_label("consent", gettext_lazy("الموافقات والإقرار"))
    register_read_label("attestation_form", gettext_lazy("نموذج الإقرار المطبوع"))
    dashboard.register(order=60)(expired_documents_card)
    from silah.registry.consent_holders import HOLDERS

    for holder in HOLDERS:
        holders.register(holder)
