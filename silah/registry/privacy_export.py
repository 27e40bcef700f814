"""What the registry holds for a person, for the PDPL copy and for destruction.

The registry registers one `Holder` per kind of record it keeps (keys "privacy:…"); the
copy (`copy_of`) and destruction (`silah.registry.privacy.destroy_beneficiary`) walk every
registered holder, the registry's and other apps'.

`Holder.export(beneficiary)` returns a list of records, each a dict of readable label →
readable value (strings, Arabic labels), in the order the copy shows them. Other people's
data is never in someone's copy: a household section gives the household's facts and its
number of members, not the other members' names.

`Holder.destroy(beneficiary)` removes or anonymises the records and returns how many rows it
touched. Decisions for the registry's tables:

- the beneficiary's row is **anonymised in place**, not deleted: every personal field is
  emptied, the file number becomes the destruction token, the status becomes archived. Rows
  of later apps that a rule requires keeping (a disbursement in the accounts) keep pointing
  at a row, and counts of files served stay true; the row holds nothing that identifies the
  person. Kept: sex, nationality, branch, preferred channel and when the file was created
  (aggregate reporting; none identifies a person on its own);
- categories (health, disability, a prisoner's family: sensitive), status changes and their
  reasons, the person's memberships, the households they head (with their incomes and
  obligations) are deleted. A person who heads a household with other current members is
  refused: the household needs another head first;
- change history rows of all of those are deleted (a deletion writes a history row with the
  deleted values, so the history holder runs after the others, at order 800);
- the read log rows of the file are deleted (order 810): they hold only ids, but with the
  data gone they only tell who looked at a destroyed file, and their times could link it
  back to a person;
- the person's data-subject requests are kept (the proof that a request was answered) with
  every free text in them redacted.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silah.audit.history import describe, history_manager
from silah.audit.models import AccessLog
from silah.core.dates import format_dual
from silah.core.errors import DomainError
from silah.core.identity import IdentityType
from silah.registry import holders
from silah.registry.holders import Holder
from silah.registry.models import (
    ADDRESS_FIELDS,
    Beneficiary,
    BeneficiaryCategory,
    Household,
    Income,
    Membership,
    Obligation,
    PrivacyRequest,
    PrivacyRequestEvent,
    Status,
    StatusChange,
)

EMPTY = "—"
STATUS_REASON_DESTROYED = "أُتلفت البيانات الشخصية"


# -- readable values -------------------------------------------------------------------------


def readable(value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("نعم") if value else _("لا")
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{format_dual(local.date(), style='short')} {local:%H:%M}"
    if isinstance(value, dt.date):
        return format_dual(value, style="short")
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return str(value)


def field_values(instance: models.Model, names: list[str]) -> dict[str, str]:
    """{verbose name: readable value} of `names` (choice fields by their label)."""
    values = {}
    for name in names:
        field = instance._meta.get_field(name)
        if getattr(field, "choices", None):
            value = getattr(instance, f"get_{name}_display")()
        else:
            value = getattr(instance, name)
        values[str(capfirst(field.verbose_name))] = readable(value)
    return values


# -- the copy --------------------------------------------------------------------------------


def copy_of(beneficiary: Beneficiary) -> list[dict[str, Any]]:
    """Every holder's records on `beneficiary`: [{"key", "label", "records": [...]}]."""
    sections = []
    for holder in holders.holders():
        if holder.export is None:
            continue
        sections.append(
            {"key": holder.key, "label": str(holder.label), "records": holder.export(beneficiary)}
        )
    return sections


# -- the beneficiary -------------------------------------------------------------------------

PERSONAL_FIELDS = [
    "file_number",
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "latin_name",
    "identity_type",
    "identity_number",
    "identity_reason",
    "nationality",
    "sex",
    "birth_date",
    "marital_status",
    "mobile",
    "mobile_2",
    "email",
    "preferred_channel",
    *ADDRESS_FIELDS,
    "branch",
    "status",
    "status_reason",
    "liaison_officer",
    "import_file",
    "import_row",
    "created_at",
]


def export_beneficiary(beneficiary: Beneficiary) -> list[dict[str, str]]:
    return [field_values(beneficiary, PERSONAL_FIELDS)]


def destroy_beneficiary_row(beneficiary: Beneficiary) -> int:
    """Anonymise the row in place; its file number becomes a fresh destruction token."""
    from silah.registry.privacy import new_token

    blank = [
        "first_name",
        "father_name",
        "grandfather_name",
        "family_name",
        "latin_name",
        "full_name_normalized",
        "identity_number",
        "identity_reason",
        "marital_status",
        "mobile",
        "mobile_2",
        "email",
        *ADDRESS_FIELDS,
        "import_file",
    ]
    for name in blank:
        setattr(beneficiary, name, "")
    beneficiary.name_tokens = []
    beneficiary.identity_type = IdentityType.NONE
    beneficiary.birth_date = None
    beneficiary.import_row = None
    beneficiary.liaison_officer = None
    beneficiary.assigned_researcher = None
    beneficiary.status = Status.ARCHIVED
    beneficiary.status_reason = STATUS_REASON_DESTROYED
    beneficiary.file_number = new_token()
    beneficiary.save_without_historical_record()
    return 1


# -- categories, status changes --------------------------------------------------------------


def export_categories(beneficiary: Beneficiary) -> list[dict[str, str]]:
    return [
        {_("الفئة"): link.category.name, _("النوع"): readable(link.detail)}
        for link in beneficiary.category_links.select_related("category").order_by("pk")
    ]


def destroy_categories(beneficiary: Beneficiary) -> int:
    links = list(BeneficiaryCategory.objects.filter(beneficiary=beneficiary))
    for link in links:
        link.delete()
    return len(links)


def export_status_changes(beneficiary: Beneficiary) -> list[dict[str, str]]:
    return [
        field_values(change, ["at", "from_status", "to_status", "reason"])
        for change in StatusChange.objects.filter(beneficiary=beneficiary).order_by("at", "pk")
    ]


def destroy_status_changes(beneficiary: Beneficiary) -> int:
    deleted, _by_model = StatusChange.objects.filter(beneficiary=beneficiary).delete()
    return deleted


# -- household, incomes, obligations ---------------------------------------------------------


def export_household(beneficiary: Beneficiary) -> list[dict[str, str]]:
    records = []
    for membership in (
        Membership.objects.filter(beneficiary=beneficiary)
        .select_related("household")
        .order_by("joined_on", "pk")
    ):
        household = membership.household
        record = field_values(membership, ["relationship", "joined_on", "left_on"])
        record.update(field_values(household, ["housing", "rent_amount"]))
        record[_("عدد أفراد الأسرة الحاليين")] = str(household.members_count())
        record[_("دخل الفرد الشهري")] = readable(household.per_capita_income())
        records.append(record)
    return records


def export_incomes(beneficiary: Beneficiary) -> list[dict[str, str]]:
    household_ids = Membership.objects.filter(beneficiary=beneficiary).values("household")
    records = []
    for income in Income.objects.filter(household__in=household_ids).order_by("household", "pk"):
        records.append({_("البند"): _("دخل"), **field_values(income, ["kind", "monthly_amount"])})
    for obligation in Obligation.objects.filter(household__in=household_ids).order_by(
        "household", "pk"
    ):
        records.append(
            {_("البند"): _("التزام"), **field_values(obligation, ["kind", "monthly_amount"])}
        )
    return records


HEADS_OTHERS = gettext_lazy(
    "هذا المستفيد رب أسرة فيها أعضاء آخرون حاليًا: اختر للأسرة رب أسرة آخر أو انقل أعضاءها "
    "قبل إتلاف بياناته."
)


def destroy_household(beneficiary: Beneficiary) -> int:
    """Delete the person's memberships and the households they head (with their incomes and
    obligations); refused while they head a household with other current members."""
    headed = list(Household.objects.filter(head=beneficiary))
    for household in headed:
        if (
            household.memberships.filter(left_on__isnull=True)
            .exclude(beneficiary=beneficiary)
            .exists()
        ):
            raise DomainError(str(HEADS_OTHERS), field="beneficiary")
    count = 0
    for membership in Membership.objects.filter(beneficiary=beneficiary):
        membership.delete()
        count += 1
    for household in headed:
        for row in [*household.incomes.all(), *household.obligations.all()]:
            row.delete()
            count += 1
        for membership in household.memberships.all():  # other people who left it
            membership.delete()
            count += 1
        household.delete()
        count += 1
    return count


# -- data-subject requests -------------------------------------------------------------------


def export_requests(beneficiary: Beneficiary) -> list[dict[str, str]]:
    return [
        field_values(
            request,
            ["reference", "kind", "received_on", "channel", "status", "answered_at", "answer"],
        )
        for request in PrivacyRequest.objects.filter(beneficiary=beneficiary).order_by("pk")
    ]


def destroy_requests(beneficiary: Beneficiary) -> int:
    """Keep the requests (proof they were answered), their free text redacted."""
    from silah.registry.privacy import REDACTED

    requests = PrivacyRequest.objects.filter(beneficiary=beneficiary)
    count = 0
    for request in requests:
        for name in ("details", "verification_note", "representative_name", "answer"):
            if getattr(request, name):
                setattr(request, name, REDACTED)
        for name in ("representative_relation", "refusal_reason", "extension_reason"):
            if getattr(request, name):
                setattr(request, name, REDACTED)
        request.save()
        count += 1
    PrivacyRequestEvent.objects.filter(request__beneficiary=beneficiary).exclude(note="").update(
        note=REDACTED
    )
    return count


def destroy_holds(beneficiary: Beneficiary) -> int:
    """Retention holds (released ones: an open hold refuses the destruction beforehand)."""
    from silah.registry.models import RetentionHold

    deleted, _by_model = RetentionHold.objects.filter(beneficiary=beneficiary).delete()
    return deleted


# -- change history and read log -------------------------------------------------------------


class _Reveal:
    """A viewer for `describe` that sees sensitive values: the person's own copy."""

    def has_perm(self, permission: str) -> bool:
        return True


def _history_rows(beneficiary: Beneficiary) -> list[tuple[type[models.Model], dict]]:
    """Each audited registry model and the filter of its history rows about the person."""
    households = set(
        history_manager(Household).filter(head_id=beneficiary.pk).values_list("id", flat=True)
    )
    return [
        (Beneficiary, {"id": beneficiary.pk}),
        (BeneficiaryCategory, {"beneficiary_id": beneficiary.pk}),
        (Membership, {"beneficiary_id": beneficiary.pk}),
        (Household, {"id__in": households}),
        (Income, {"household_id__in": households}),
        (Obligation, {"household_id__in": households}),
    ]


def export_history(beneficiary: Beneficiary) -> list[dict[str, str]]:
    rows = history_manager(Beneficiary).filter(id=beneficiary.pk).order_by("-history_date")
    records = []
    for change in describe(list(rows), viewer=_Reveal()):
        record = {_("الوقت"): readable(change.at), _("نوع التغيير"): change.kind_label}
        if change.reason:
            record[_("السبب")] = change.reason
        for field in change.fields:
            record[field.label] = f"{field.old} ← {field.new}"
        records.append(record)
    return records


def destroy_history(beneficiary: Beneficiary) -> int:
    count = 0
    for model, lookup in _history_rows(beneficiary):
        deleted, _by_model = history_manager(model).filter(**lookup).delete()
        count += deleted
    return count


def _reads(beneficiary: Beneficiary):
    return AccessLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Beneficiary),
        object_id=str(beneficiary.pk),
    )


def export_read_log(beneficiary: Beneficiary) -> list[dict[str, str]]:
    return [
        {
            _("الوقت"): readable(read.at),
            _("ما اطُّلع عليه"): str(read.what_label),
            _("طريقة الاطلاع"): read.get_channel_display(),
        }
        for read in _reads(beneficiary).order_by("at", "pk")
    ]


def destroy_read_log(beneficiary: Beneficiary) -> int:
    # The read log refuses row-by-row deletes; a queryset delete is its retention path.
    deleted, _by_model = _reads(beneficiary).delete()
    return deleted


# -- registration ----------------------------------------------------------------------------


def register_holders() -> None:
    for holder in [
        Holder(
            "privacy:beneficiary",
            gettext_lazy("البيانات الشخصية"),
            10,
            export=export_beneficiary,
            destroy=destroy_beneficiary_row,
        ),
        Holder(
            "privacy:categories",
            gettext_lazy("الفئات"),
            20,
            export=export_categories,
            destroy=destroy_categories,
        ),
        Holder(
            "privacy:status",
            gettext_lazy("تغييرات حالة الملف"),
            30,
            export=export_status_changes,
            destroy=destroy_status_changes,
        ),
        Holder(
            "privacy:household",
            gettext_lazy("الأسرة والسكن"),
            40,
            export=export_household,
            destroy=destroy_household,
        ),
        Holder("privacy:income", gettext_lazy("دخل الأسرة والتزاماتها"), 45, export=export_incomes),
        Holder(
            "privacy:requests",
            gettext_lazy("طلبات حماية البيانات"),
            50,
            export=export_requests,
            destroy=destroy_requests,
        ),
        Holder("privacy:holds", gettext_lazy("الإبقاء على الملف"), 60, destroy=destroy_holds),
        Holder(
            "privacy:history",
            gettext_lazy("سجل التغييرات على البيانات"),
            800,
            export=export_history,
            destroy=destroy_history,
        ),
        Holder(
            "privacy:read_log",
            gettext_lazy("سجل الاطلاع على الملف"),
            810,
            export=export_read_log,
            destroy=destroy_read_log,
        ),
    ]:
        holders.register(holder)
