"""The beneficiary registry: people, their categories and households.

Every write goes through `silah.registry.services`; every read of a file through
`silah.registry.access`. Personal fields are masked in the change history for anyone without
audit.view_sensitive_changes.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from silah.accounts.models import Branch
from silah.audit.history import audited
from silah.core.counting import FILES, HOUSEHOLDS, PAIRS, ROWS, counted
from silah.core.identity import IdentityType
from silah.policy.rules import CONTACT_CHANNELS
from silah.registry.storage import private_storage, random_path

CONTACT_CHANNEL_CHOICES = list(CONTACT_CHANNELS.items())


class Category(models.Model):
    """A beneficiary category the association serves (orphan, widow, disability…)."""

    code = models.SlugField(_("الرمز"), max_length=40, unique=True)
    name = models.CharField(_("الاسم"), max_length=120)
    name_en = models.CharField(_("الاسم بالإنجليزية"), max_length=120, blank=True)
    sensitive = models.BooleanField(
        _("بيانات حساسة"),
        default=False,
        help_text=_("صحية أو جنائية أو أمنية بحسب نظام حماية البيانات الشخصية."),
    )
    has_type = models.BooleanField(
        _("لها نوع"), default=False, help_text=_("مثل نوع الإعاقة: يُكتب لكل مستفيد.")
    )
    order = models.PositiveSmallIntegerField(_("الترتيب"), default=100)
    is_active = models.BooleanField(_("نشطة"), default=True)

    history = audited()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("فئة المستفيدين")
        verbose_name_plural = _("فئات المستفيدين")
        permissions = [("manage_categories", _("إدارة فئات المستفيدين"))]

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    MALE = "male", _("ذكر")
    FEMALE = "female", _("أنثى")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("أعزب / عزباء")
    MARRIED = "married", _("متزوج / متزوجة")
    DIVORCED = "divorced", _("مطلق / مطلقة")
    WIDOWED = "widowed", _("أرمل / أرملة")


class Status(models.TextChoices):
    APPLICANT = "applicant", _("متقدم")
    ACTIVE = "active", _("نشط")
    SUSPENDED = "suspended", _("موقوف")
    ARCHIVED = "archived", _("مؤرشف")


# Fields whose values the change history hides from staff without the sensitive permission.
SENSITIVE_FIELDS = [
    "identity_number",
    "identity_reason",
    "birth_date",
    "marital_status",
    "mobile",
    "mobile_2",
    "email",
    "building_number",
    "street",
    "district",
    "postal_code",
    "additional_number",
    "unit",
    "short_address",
    "status_reason",
]


# The national address (SAUDI.md), in the order it is written.
ADDRESS_FIELDS = (
    "building_number",
    "street",
    "district",
    "city",
    "postal_code",
    "additional_number",
    "unit",
    "short_address",
)


class BeneficiaryQuerySet(models.QuerySet):
    def live(self) -> "BeneficiaryQuerySet":
        """Files that are still someone's file: not merged into another (a tombstone,
        `MergeRecord.merged`) and not destroyed (an anonymised shell, `DestructionRecord`).

        Lists, search, exports, likely duplicates, segments and the scan read only these;
        `silah.registry.access` applies it unless a caller asks for closed files too."""
        return self.filter(merge_record__isnull=True, destruction__isnull=True)

    def closed(self) -> "BeneficiaryQuerySet":
        """The merged tombstones and destroyed shells."""
        return self.filter(Q(merge_record__isnull=False) | Q(destruction__isnull=False))


class Beneficiary(models.Model):
    """A person the association serves (المستفيد)."""

    file_number = models.CharField(_("رقم الملف"), max_length=20, unique=True, editable=False)

    first_name = models.CharField(_("الاسم الأول"), max_length=60)
    father_name = models.CharField(_("اسم الأب"), max_length=60)
    grandfather_name = models.CharField(_("اسم الجد"), max_length=60, blank=True)
    family_name = models.CharField(_("اسم العائلة"), max_length=60)
    latin_name = models.CharField(_("الاسم بالإنجليزية"), max_length=200, blank=True)
    # Derived from the four parts by the services, for search and duplicate detection.
    full_name_normalized = models.CharField(max_length=250, editable=False, db_index=True)
    name_tokens = models.JSONField(default=list, editable=False)

    identity_type = models.CharField(_("نوع الهوية"), max_length=20, choices=IdentityType.choices)
    identity_number = models.CharField(_("رقم الهوية"), max_length=20, blank=True)
    identity_reason = models.CharField(_("سبب عدم وجود هوية"), max_length=300, blank=True)
    nationality = models.CharField(_("الجنسية"), max_length=2, default="SA")
    sex = models.CharField(_("الجنس"), max_length=6, choices=Sex.choices)
    birth_date = models.DateField(_("تاريخ الميلاد"), null=True, blank=True)
    marital_status = models.CharField(
        _("الحالة الاجتماعية"), max_length=10, choices=MaritalStatus.choices, blank=True
    )

    mobile = models.CharField(_("رقم الجوال"), max_length=16, blank=True, db_index=True)
    mobile_2 = models.CharField(_("رقم جوال آخر"), max_length=16, blank=True, db_index=True)
    email = models.EmailField(_("البريد الإلكتروني"), blank=True)
    preferred_channel = models.CharField(
        _("وسيلة التواصل المتفق عليها"), max_length=10, choices=CONTACT_CHANNEL_CHOICES
    )

    # The national address (العنوان الوطني).
    building_number = models.CharField(_("رقم المبنى"), max_length=4, blank=True)
    street = models.CharField(_("الشارع"), max_length=120, blank=True)
    district = models.CharField(_("الحي"), max_length=120, blank=True)
    city = models.CharField(_("المدينة"), max_length=80, blank=True)
    postal_code = models.CharField(_("الرمز البريدي"), max_length=5, blank=True)
    additional_number = models.CharField(_("الرقم الإضافي"), max_length=4, blank=True)
    unit = models.CharField(_("رقم الوحدة"), max_length=10, blank=True)
    short_address = models.CharField(_("العنوان المختصر"), max_length=8, blank=True)

    categories = models.ManyToManyField(
        Category,
        through="BeneficiaryCategory",
        verbose_name=_("الفئات"),
        related_name="beneficiaries",
        blank=True,
    )
    branch = models.ForeignKey(
        Branch, verbose_name=_("الفرع"), on_delete=models.PROTECT, related_name="beneficiaries"
    )
    status = models.CharField(
        _("الحالة"), max_length=10, choices=Status.choices, default=Status.APPLICANT
    )
    status_reason = models.CharField(_("سبب الحالة"), max_length=500, blank=True)
    liaison_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ضابط الاتصال"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaison_beneficiaries",
    )
    # Until research visits exist (issue 7), the researcher is assigned on the file.
    assigned_researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("الباحث الاجتماعي"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="researched_beneficiaries",
    )

    # Where the record came from: typed in by a member of staff, or imported.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("أدخله"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entered_beneficiaries",
    )
    import_file = models.CharField(_("ملف الاستيراد"), max_length=255, blank=True)
    import_row = models.PositiveIntegerField(_("سطر الاستيراد"), null=True, blank=True)

    created_at = models.DateTimeField(_("أُنشئ في"), auto_now_add=True)
    updated_at = models.DateTimeField(_("عُدّل في"), auto_now=True)

    history = audited(
        excluded_fields=["full_name_normalized", "name_tokens", "updated_at"],
        sensitive_fields=SENSITIVE_FIELDS,
    )

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("مستفيد")
        verbose_name_plural = _("المستفيدون")
        permissions = [
            ("view_all_beneficiaries", _("الاطلاع على ملفات جميع المستفيدين")),
            ("register_beneficiary", _("تسجيل المستفيدين وتعديل بياناتهم")),
            ("change_beneficiary_status", _("تغيير حالة ملف المستفيد")),
            ("manage_households", _("إدارة الأسر ودخلها")),
        ]
        # The unique constraint below starts with identity_type; a lookup by the number
        # alone (search, the duplicate-identity guard) needs its own index.
        indexes = [models.Index(fields=["identity_number"], name="registry_ben_identity_number")]
        constraints = [
            models.UniqueConstraint(
                fields=["identity_type", "identity_number"],
                condition=~Q(identity_number=""),
                name="registry_beneficiary_identity_unique",
                violation_error_message=_("رقم الهوية هذا مسجل لمستفيد آخر."),
            ),
            models.CheckConstraint(
                condition=(Q(identity_type=IdentityType.NONE) & Q(identity_number=""))
                | (~Q(identity_type=IdentityType.NONE) & ~Q(identity_number="")),
                name="registry_beneficiary_identity_number_iff_type",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="registry_beneficiary_status_known"
            ),
        ]

    def __str__(self) -> str:
        return self.file_number

    @property
    def full_name(self) -> str:
        parts = [self.first_name, self.father_name, self.grandfather_name, self.family_name]
        return " ".join(part for part in parts if part)

    def current_membership(self) -> "Membership | None":
        return self.memberships.filter(left_on__isnull=True).select_related("household").first()


class BeneficiaryCategory(models.Model):
    """A beneficiary's membership of a category, with its type where it has one."""

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="category_links"
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="beneficiary_links"
    )
    detail = models.CharField(_("النوع"), max_length=120, blank=True)

    history = audited(sensitive_fields=["category", "detail"])

    class Meta:
        verbose_name = _("فئة مستفيد")
        verbose_name_plural = _("فئات المستفيد")
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "category"], name="registry_beneficiary_category_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary} / {self.category}"


class StatusChange(models.Model):
    """One change of a file's status: who, when, from, to, why."""

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("من"), max_length=10, choices=Status.choices)
    to_status = models.CharField(_("إلى"), max_length=10, choices=Status.choices)
    reason = models.TextField(_("السبب"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("بواسطة"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("في"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("تغيير حالة")
        verbose_name_plural = _("تغييرات الحالة")

    def __str__(self) -> str:
        return f"{self.beneficiary}: {self.from_status} → {self.to_status}"


class LiaisonAssignment(models.Model):
    """The liaison officer named for a category (and a field of work, as seed 001 does).

    An empty field of work means every field.
    """

    category = models.ForeignKey(
        Category,
        verbose_name=_("الفئة"),
        on_delete=models.CASCADE,
        related_name="liaison_assignments",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ضابط الاتصال"),
        on_delete=models.PROTECT,
        related_name="liaison_assignments",
    )
    field_of_work = models.CharField(_("مجال العمل"), max_length=120, blank=True)

    history = audited()

    class Meta:
        ordering = ["category__order", "field_of_work", "pk"]
        verbose_name = _("تكليف ضابط اتصال")
        verbose_name_plural = _("تكليفات ضباط الاتصال")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "field_of_work"], name="registry_liaison_once_per_field"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} / {self.officer}"


class Household(models.Model):
    """A family served together (الأسرة)."""

    class Housing(models.TextChoices):
        OWNED = "owned", _("ملك")
        RENTED = "rented", _("إيجار")
        OTHER = "other", _("أخرى")

    head = models.ForeignKey(
        Beneficiary,
        verbose_name=_("رب الأسرة"),
        on_delete=models.PROTECT,
        related_name="headed_households",
    )
    housing = models.CharField(
        _("السكن"), max_length=10, choices=Housing.choices, default=Housing.OTHER
    )
    rent_amount = models.DecimalField(
        _("الإيجار السنوي"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(_("أُنشئت في"), auto_now_add=True)

    history = audited(sensitive_fields=["housing", "rent_amount"])

    class Meta:
        verbose_name = _("أسرة")
        verbose_name_plural = _("الأسر")

    def __str__(self) -> str:
        return str(_("أسرة %(file)s") % {"file": self.head.file_number})

    def members_count(self) -> int:
        return self.memberships.filter(left_on__isnull=True).count()

    def monthly_income(self) -> Decimal:
        return self.incomes.aggregate(total=Sum("monthly_amount"))["total"] or Decimal("0")

    def per_capita_income(self) -> Decimal:
        """The household's monthly income divided by its current members, to the halala."""
        members = self.members_count()
        if not members:
            return Decimal("0.00")
        return (self.monthly_income() / members).quantize(Decimal("0.01"))


class Relationship(models.TextChoices):
    HEAD = "head", _("رب الأسرة")
    SPOUSE = "spouse", _("زوج / زوجة")
    SON = "son", _("ابن")
    DAUGHTER = "daughter", _("ابنة")
    FATHER = "father", _("أب")
    MOTHER = "mother", _("أم")
    BROTHER = "brother", _("أخ")
    SISTER = "sister", _("أخت")
    OTHER = "other", _("أخرى")


class Membership(models.Model):
    """A person's place in a household, from joined_on until left_on."""

    household = models.ForeignKey(
        Household, verbose_name=_("الأسرة"), on_delete=models.CASCADE, related_name="memberships"
    )
    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("المستفيد"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    relationship = models.CharField(_("صلة القرابة"), max_length=10, choices=Relationship.choices)
    joined_on = models.DateField(_("تاريخ الانضمام"))
    left_on = models.DateField(_("تاريخ المغادرة"), null=True, blank=True)

    history = audited()

    class Meta:
        ordering = ["joined_on", "pk"]
        verbose_name = _("عضو أسرة")
        verbose_name_plural = _("أعضاء الأسر")
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary"],
                condition=Q(left_on__isnull=True),
                name="registry_one_household_at_a_time",
                violation_error_message=_("هذا الشخص عضو في أسرة أخرى حاليًا."),
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(left_on__isnull=True, relationship="head"),
                name="registry_one_head_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary} @ {self.household_id}"


class Income(models.Model):
    """A monthly income source of a household."""

    class Kind(models.TextChoices):
        SALARY = "salary", _("راتب")
        PENSION = "pension", _("معاش تقاعدي")
        SOCIAL_SECURITY = "social_security", _("الضمان الاجتماعي")
        CITIZEN_ACCOUNT = "citizen_account", _("حساب المواطن")
        SUPPORT = "support", _("إعانة أو نفقة")
        OTHER = "other", _("أخرى")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="incomes")
    kind = models.CharField(_("المصدر"), max_length=20, choices=Kind.choices)
    monthly_amount = models.DecimalField(_("المبلغ الشهري"), max_digits=10, decimal_places=2)

    history = audited(sensitive_fields=["kind", "monthly_amount"])

    class Meta:
        verbose_name = _("مصدر دخل")
        verbose_name_plural = _("مصادر الدخل")
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_amount__gte=0), name="registry_income_not_negative"
            )
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Obligation(models.Model):
    """A monthly obligation of a household (a loan, a debt…)."""

    class Kind(models.TextChoices):
        LOAN = "loan", _("قرض")
        DEBT = "debt", _("دين")
        OTHER = "other", _("أخرى")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(_("النوع"), max_length=10, choices=Kind.choices)
    monthly_amount = models.DecimalField(_("القسط الشهري"), max_digits=10, decimal_places=2)

    history = audited(sensitive_fields=["kind", "monthly_amount"])

    class Meta:
        verbose_name = _("التزام")
        verbose_name_plural = _("الالتزامات")
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_amount__gte=0), name="registry_obligation_not_negative"
            )
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


# == Consent, documents and the data-correctness attestation (issue 5, items 3 and 4) ========
# Written by `silah.registry.services` (consent, attestation) and `silah.registry.documents`;
# read through `silah.registry.queries`. Consent and attestations are ledgers: a change is a
# new row, the latest row per purpose (or per file) is the current state.


class ConsentPurpose(models.TextChoices):
    SERVICE = "service", _("تقديم الخدمة له")
    AWARENESS = "awareness", _("تلقي الرسائل التوعوية")
    PROMOTIONAL = "promotional", _("تلقي الرسائل الترويجية ونداءات التبرع")


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", _("حضوريًا")
    PAPER = "paper", _("نموذج ورقي موقّع (مرفق)")
    SCREEN = "screen", _("على الشاشة")
    PHONE = "phone", _("بالهاتف")
    SMS_REPLY = "sms_reply", _("برد على رسالة نصية")
    WHATSAPP_REPLY = "whatsapp_reply", _("برد على رسالة واتساب")


class Consent(models.Model):
    """One grant or withdrawal of a beneficiary's consent to one purpose (never edited)."""

    beneficiary = models.ForeignKey(
        Beneficiary, verbose_name=_("المستفيد"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("الغرض"), max_length=12, choices=ConsentPurpose.choices)
    granted = models.BooleanField(_("موافق"))
    how = models.CharField(_("طريقة التعبير"), max_length=16, choices=ConsentMethod.choices)
    note = models.CharField(_("ملاحظة"), max_length=500, blank=True)
    document = models.ForeignKey(
        "Document",
        verbose_name=_("النموذج الموقّع"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("سجّله"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("في"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("موافقة")
        verbose_name_plural = _("الموافقات")
        permissions = [("record_consent", _("تسجيل موافقات المستفيدين وإقراراتهم"))]
        indexes = [models.Index(fields=["beneficiary", "purpose", "-at", "-id"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=ConsentPurpose.values), name="registry_consent_purpose"
            ),
            models.CheckConstraint(
                condition=Q(how__in=ConsentMethod.values), name="registry_consent_how"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary_id} {self.purpose} {'+' if self.granted else '-'}"


class DocumentType(models.Model):
    """A kind of attachment (copy of ID, income proof…), configurable by the association."""

    code = models.SlugField(_("الرمز"), max_length=40, unique=True)
    name = models.CharField(_("الاسم"), max_length=120)
    name_en = models.CharField(_("الاسم بالإنجليزية"), max_length=120, blank=True)
    expires = models.BooleanField(
        _("له تاريخ انتهاء"), default=False, help_text=_("يُطلب تاريخ الانتهاء عند رفعه.")
    )
    sensitive = models.BooleanField(
        _("بيانات حساسة"),
        default=False,
        help_text=_("صحية أو جنائية أو أمنية بحسب نظام حماية البيانات الشخصية."),
    )
    order = models.PositiveSmallIntegerField(_("الترتيب"), default=100)
    is_active = models.BooleanField(_("نشط"), default=True)

    history = audited()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("نوع وثيقة")
        verbose_name_plural = _("أنواع الوثائق")
        permissions = [("manage_document_types", _("إدارة أنواع الوثائق"))]

    def __str__(self) -> str:
        return self.name


def _document_path(instance: "Document", filename: str) -> str:
    return random_path(filename)


class Document(models.Model):
    """A typed attachment of a beneficiary's file, stored in the private storage.

    The file's name on disk is random; the URL that serves it carries `uid` (a UUID) and the
    beneficiary's pk, never a name. A replaced document keeps its file (status "replaced",
    `replaced_by` the new one); a deleted one loses its file and keeps its row.
    """

    class State(models.TextChoices):
        CURRENT = "current", _("سارية")
        REPLACED = "replaced", _("استُبدلت")
        DELETED = "deleted", _("حُذفت")

    uid = models.UUIDField(unique=True, editable=False)
    beneficiary = models.ForeignKey(
        Beneficiary, verbose_name=_("المستفيد"), on_delete=models.CASCADE, related_name="documents"
    )
    document_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("نوع الوثيقة"),
        on_delete=models.PROTECT,
        related_name="documents",
    )
    file = models.FileField(
        _("الملف"), storage=private_storage, upload_to=_document_path, max_length=200, blank=True
    )
    content_type = models.CharField(_("نوع المحتوى"), max_length=60)
    size = models.PositiveIntegerField(_("الحجم بالبايت"))
    sha256 = models.CharField(max_length=64, editable=False)
    expires_on = models.DateField(_("تاريخ الانتهاء"), null=True, blank=True)
    note = models.CharField(_("ملاحظة"), max_length=500, blank=True)
    state = models.CharField(
        _("الحالة"), max_length=10, choices=State.choices, default=State.CURRENT
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("استُبدلت بـ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("رفعها"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("رُفعت في"))
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("حذفها أو استبدلها"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("حُذفت أو استُبدلت في"), null=True, blank=True)
    removal_reason = models.CharField(_("السبب"), max_length=500, blank=True)

    history = audited(sensitive_fields=["note", "removal_reason"])

    class Meta:
        ordering = ["document_type__order", "-uploaded_at", "-pk"]
        verbose_name = _("وثيقة")
        verbose_name_plural = _("الوثائق")
        permissions = [("manage_documents", _("رفع وثائق المستفيدين واستبدالها وحذفها"))]
        indexes = [models.Index(fields=["state", "expires_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["current", "replaced", "deleted"]),
                name="registry_document_state_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary_id}/{self.uid}"


class AttestationMethod(models.TextChoices):
    PAPER = "paper", _("نموذج مطبوع وقّعه المستفيد حضوريًا")
    SCREEN = "screen", _("على الشاشة: كتب اسمه وأكّد")


class Attestation(models.Model):
    """The beneficiary's data-correctness attestation (الإقرار بصحة البيانات), never edited.

    `text` is the text as attested (from the policy in force, `policy_version`);
    `fingerprint` the hash of the attested fields then (`silah.registry.attestation`), so that
    a later change of any of them shows that a new attestation is needed.
    """

    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("المستفيد"),
        on_delete=models.CASCADE,
        related_name="attestations",
    )
    method = models.CharField(_("طريقة الإقرار"), max_length=10, choices=AttestationMethod.choices)
    text = models.TextField(_("نص الإقرار"))
    policy_version = models.ForeignKey(
        "policy.PolicyVersion",
        verbose_name=_("إصدار السياسة"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    fingerprint = models.CharField(max_length=64, editable=False)
    typed_name = models.CharField(_("الاسم كما كتبه"), max_length=250, blank=True)
    document = models.ForeignKey(
        Document,
        verbose_name=_("النموذج الموقّع"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("الشاهد"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    attested_at = models.DateTimeField(_("وقت الإقرار"))

    class Meta:
        ordering = ["-attested_at", "-pk"]
        verbose_name = _("إقرار بصحة البيانات")
        verbose_name_plural = _("الإقرارات بصحة البيانات")
        indexes = [models.Index(fields=["beneficiary", "-attested_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.beneficiary_id} @ {self.attested_at:%Y-%m-%d}"


class RemovedRecord(models.Model):
    """That a destroyed person's documents, consents or attestations existed: counts only."""

    kind = models.CharField(max_length=20)  # "document", "consent", "attestation"
    count = models.PositiveIntegerField()
    removed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("سجل إتلاف")
        verbose_name_plural = _("سجلات الإتلاف")

    def __str__(self) -> str:
        return f"{self.kind} × {self.count}"


# -- Personal data protection (PDPL): data-subject requests, destruction, retention, breaches --
# Services: silah.registry.privacy (requests, destruction), .retention, .breaches.


class PrivacyRequest(models.Model):
    """A data-subject request (PDPL): to know, see, copy, correct or destroy one's data.

    Answered within 30 calendar days on the promise clock (purpose "privacy_answer").
    Its transitions are PrivacyRequestEvent rows; it is not under simple_history, so that a
    destruction can redact its free text without leaving old values in a history table.
    """

    class Kind(models.TextChoices):
        KNOW = "know", _("العلم بما يُجمع من بياناته وسببه")
        ACCESS = "access", _("الاطلاع على بياناته")
        COPY = "copy", _("الحصول على نسخة من بياناته")
        CORRECT = "correct", _("تصحيح بياناته")
        DESTROY = "destroy", _("إتلاف بياناته")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("حضوريًا")
        PHONE = "phone", _("هاتفيًا")
        LETTER = "letter", _("خطاب")
        EMAIL = "email", _("البريد الإلكتروني")
        WEBSITE = "website", _("الموقع الإلكتروني")
        OTHER = "other", _("أخرى")

    class Verification(models.TextChoices):
        IN_PERSON_ID = "in_person_id", _("حضوريًا مع إبراز الهوية")
        NAFATH = "nafath", _("النفاذ الوطني الموحد")
        PHONE_QUESTIONS = "phone_questions", _("هاتفيًا بأسئلة تحقق من بيانات الملف")
        GUARDIAN_DOCUMENT = "guardian_document", _("ولي أو وكيل بصك ولاية أو وكالة")
        OTHER = "other", _("أخرى")

    class Status(models.TextChoices):
        RECEIVED = "received", _("مستلم")
        IN_PROGRESS = "in_progress", _("قيد المعالجة")
        ANSWERED = "answered", _("أُجيب")
        REFUSED = "refused", _("رُفض")

    reference = models.CharField(_("الرقم المرجعي"), max_length=24, unique=True, editable=False)
    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("المستفيد"),
        on_delete=models.PROTECT,
        related_name="privacy_requests",
    )
    kind = models.CharField(_("نوع الطلب"), max_length=10, choices=Kind.choices)
    received_on = models.DateField(_("تاريخ الاستلام"))
    channel = models.CharField(_("قناة الورود"), max_length=10, choices=Channel.choices)
    details = models.TextField(_("تفاصيل الطلب"), blank=True)
    verification = models.CharField(
        _("طريقة التحقق من مقدم الطلب"), max_length=20, choices=Verification.choices
    )
    verification_note = models.CharField(_("ملاحظة التحقق"), max_length=300, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("تحقق منه"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    by_representative = models.BooleanField(_("مقدَّم من ولي أو وكيل"), default=False)
    representative_name = models.CharField(_("اسم الولي أو الوكيل"), max_length=200, blank=True)
    representative_relation = models.CharField(_("صفته"), max_length=120, blank=True)

    status = models.CharField(
        _("الحالة"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    refusal_reason = models.TextField(_("سبب الرفض"), blank=True)
    answer = models.TextField(_("الرد"), blank=True)
    answered_at = models.DateTimeField(_("وقت الرد"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ردّ عليه"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_reason = models.TextField(_("سبب تمديد المهلة"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("سجّله"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("سُجّل في"), auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("طلب صاحب بيانات")
        verbose_name_plural = _("طلبات أصحاب البيانات")
        permissions = [
            ("record_privacy_request", _("تسجيل طلبات أصحاب البيانات")),
            ("manage_privacy", _("إدارة حماية البيانات: الطلبات والنسخ والاحتفاظ والحوادث")),
            ("destroy_personal_data", _("إتلاف البيانات الشخصية لمستفيد")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["received", "in_progress", "answered", "refused"]),
                name="registry_privacy_request_status_known",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.IN_PROGRESS)


class PrivacyRequestEvent(models.Model):
    """One step of a data-subject request: who, when, what, and a note."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("استلام")
        STARTED = "started", _("بدء المعالجة")
        EXTENDED = "extended", _("تمديد المهلة")
        COPY = "copy", _("إصدار نسخة البيانات")
        ANSWERED = "answered", _("رد")
        REFUSED = "refused", _("رفض")
        DESTROYED = "destroyed", _("إتلاف البيانات")

    request = models.ForeignKey(PrivacyRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("الإجراء"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("بواسطة"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("في"), auto_now_add=True)
    note = models.TextField(_("ملاحظة"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("إجراء على طلب صاحب بيانات")
        verbose_name_plural = _("إجراءات طلبات أصحاب البيانات")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.kind}"


class DestructionRecord(models.Model):
    """That a person's data was destroyed, without the data: a token instead of the file
    number, when, who approved it and on what legal basis, and how many rows each holder
    removed or anonymised."""

    class Basis(models.TextChoices):
        REQUEST = "request", _("طلب صاحب البيانات إتلافها (نظام حماية البيانات الشخصية)")
        RETENTION = "retention", _("انتهاء مدة الاحتفاظ (انتهاء الغرض من جمعها)")

    token = models.CharField(_("الرمز"), max_length=20, unique=True, editable=False)
    destroyed_at = models.DateTimeField(_("وقت الإتلاف"), auto_now_add=True)
    basis = models.CharField(_("السند النظامي"), max_length=10, choices=Basis.choices)
    basis_note = models.CharField(_("تفصيل السند"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("اعتمده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    request = models.OneToOneField(
        PrivacyRequest,
        verbose_name=_("الطلب"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="destruction",
    )
    # The anonymised shell of the file (holds no personal value); lists leave these out.
    beneficiary = models.OneToOneField(
        Beneficiary,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="destruction",
    )
    counts = models.JSONField(_("ما أُتلف"), default=dict)

    class Meta:
        ordering = ["-destroyed_at", "-pk"]
        verbose_name = _("سجل إتلاف")
        verbose_name_plural = _("سجلات الإتلاف")

    def __str__(self) -> str:
        return self.token


class RetentionRule(models.Model):
    """How long a kind of record is kept once closed (defaults from settings)."""

    class Kind(models.TextChoices):
        ARCHIVED_FILE = "archived_file", _("ملف مستفيد مؤرشف")
        READ_LOG = "read_log", _("سجل الاطلاع على الملفات")

    kind = models.CharField(_("نوع السجل"), max_length=20, choices=Kind.choices, unique=True)
    keep_days = models.PositiveIntegerField(_("مدة الاحتفاظ بالأيام"))
    enabled = models.BooleanField(_("يُطبَّق تلقائيًا"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("عدّله"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("عُدّل في"), auto_now=True)

    history = audited()

    class Meta:
        ordering = ["kind"]
        verbose_name = _("قاعدة احتفاظ")
        verbose_name_plural = _("قواعد الاحتفاظ")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class RetentionHold(models.Model):
    """A file kept past its retention (an open complaint, a case in court): no automatic
    destruction while the hold is on."""

    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="retention_holds"
    )
    reason = models.CharField(_("سبب الإبقاء"), max_length=300)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    held_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_at", "-pk"]
        verbose_name = _("إبقاء ملف")
        verbose_name_plural = _("الملفات المُبقاة")
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary"],
                condition=Q(released_at__isnull=True),
                name="registry_one_open_hold_per_file",
            )
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary_id}"


class Breach(models.Model):
    """A personal-data breach: notified to the regulator (SDAIA) within 72 hours of discovery."""

    class DataCategory(models.TextChoices):
        IDENTITY = "identity", _("بيانات الهوية")
        CONTACT = "contact", _("بيانات التواصل والعنوان")
        HEALTH = "health", _("بيانات صحية أو إعاقة")
        FINANCIAL = "financial", _("بيانات مالية أو الدخل")
        CRIMINAL = "criminal", _("بيانات جنائية أو أمنية")
        FAMILY = "family", _("بيانات الأسرة")
        DOCUMENTS = "documents", _("الوثائق المرفقة")
        OTHER = "other", _("أخرى")

    class Status(models.TextChoices):
        OPEN = "open", _("مفتوحة")
        CONTAINED = "contained", _("احتُويت")
        CLOSED = "closed", _("مغلقة")

    reference = models.CharField(_("الرقم المرجعي"), max_length=24, unique=True, editable=False)
    discovered_at = models.DateTimeField(_("وقت الاكتشاف"))
    description = models.TextField(_("وصف الحادثة"))
    data_categories = models.JSONField(_("فئات البيانات"), default=list)
    people_affected = models.PositiveIntegerField(_("عدد المتأثرين"))
    containment = models.TextField(_("إجراءات الاحتواء"), blank=True)
    contained_at = models.DateTimeField(_("وقت الاحتواء"), null=True, blank=True)
    regulator_notified_at = models.DateTimeField(_("وقت إشعار الهيئة"), null=True, blank=True)
    regulator_reference = models.CharField(_("رقم بلاغ الهيئة"), max_length=60, blank=True)
    people_notified_at = models.DateTimeField(_("وقت إشعار المتأثرين"), null=True, blank=True)
    people_notice = models.TextField(_("كيف أُشعر المتأثرون"), blank=True)
    status = models.CharField(
        _("الحالة"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("سجّلها"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("سُجّلت في"), auto_now_add=True)

    history = audited()

    class Meta:
        ordering = ["-discovered_at", "-pk"]
        verbose_name = _("حادثة تسرب بيانات")
        verbose_name_plural = _("سجل حوادث تسرب البيانات")

    def __str__(self) -> str:
        return self.reference


# The name index's tables (search and duplicate check) live beside the code that keeps them.
from silah.registry.search_index import NameKey, NameWord  # noqa: E402, F401

# ---------------------------------------------------------------------------------------------
# Duplicates and merges (silah.registry.merge, silah.registry.scan, views_duplicates)
# ---------------------------------------------------------------------------------------------


class DuplicateSource(models.TextChoices):
    ON_SAVE = "on_save", _("عند الحفظ")
    IMPORT = "import", _("عند الاستيراد")
    SCAN = "scan", _("الفحص الشامل")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("بانتظار المراجعة")
    MERGED = "merged", _("دُمجا")
    DIFFERENT = "different", _("شخصان مختلفان")


class DuplicateCandidate(models.Model):
    """Two files that may belong to one person, in canonical order (first.pk < second.pk).

    `explanation` lists each comparison's contribution to the score, without any personal
    value: [{"key": "first_name", "label": "…", "level": "…", "weight": 3.2}, …].
    A pair marked "different" is never proposed again.
    """

    first = models.ForeignKey(
        Beneficiary, verbose_name=_("الملف الأول"), on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        Beneficiary, verbose_name=_("الملف الثاني"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("احتمال التطابق"))
    match_weight = models.FloatField(_("وزن التطابق"), null=True, blank=True)
    explanation = models.JSONField(_("تفصيل الأوزان"), default=list, blank=True)
    source = models.CharField(_("المصدر"), max_length=10, choices=DuplicateSource.choices)
    status = models.CharField(
        _("الحالة"), max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN
    )
    scan = models.ForeignKey(
        "DuplicateScan",
        verbose_name=_("الفحص"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
    )
    found_at = models.DateTimeField(_("اكتُشف في"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("قرّره"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("قُرّر في"), null=True, blank=True)
    decision_reason = models.TextField(_("سبب القرار"), blank=True)

    history = audited()

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("ملفان محتمل تكرارهما")
        verbose_name_plural = _("الملفات المحتمل تكرارها")
        permissions = [("review_duplicates", _("مراجعة الملفات المكررة ودمجها"))]
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second"], name="registry_duplicate_pair_once"
            ),
            models.CheckConstraint(
                condition=Q(first__lt=models.F("second")), name="registry_duplicate_pair_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DuplicateStatus.values),
                name="registry_duplicate_status_known",
            ),
        ]
        indexes = [models.Index(fields=["status", "-score"], name="registry_dup_status_score")]

    def __str__(self) -> str:
        return f"{self.first} ~ {self.second}"


class MergeRecord(models.Model):
    """One merge: `merged` (kept as an archived tombstone) was folded into `survivor`.

    Its old file number leads to the survivor (`silah.registry.merge.resolve_file_number`).
    """

    survivor = models.ForeignKey(
        Beneficiary,
        verbose_name=_("الملف الباقي"),
        on_delete=models.PROTECT,
        related_name="merges_received",
    )
    merged = models.OneToOneField(
        Beneficiary,
        verbose_name=_("الملف المدموج"),
        on_delete=models.PROTECT,
        related_name="merge_record",
    )
    merged_file_number = models.CharField(_("رقم الملف المدموج"), max_length=20, unique=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("بواسطة"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("في"), auto_now_add=True)
    reason = models.TextField(_("السبب"))
    candidate = models.ForeignKey(
        DuplicateCandidate,
        verbose_name=_("الاقتراح"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moved = models.JSONField(_("ما نُقل"), default=list, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("دمج ملفين")
        verbose_name_plural = _("عمليات الدمج")

    def __str__(self) -> str:
        return f"{self.merged_file_number} → {self.survivor}"


class LinkageModel(models.Model):
    """A trained splink model (its settings and parameters as JSON), kept with the data."""

    created_at = models.DateTimeField(_("دُرّب في"), auto_now_add=True)
    records = models.PositiveIntegerField(_("عدد السجلات"), default=0)
    splink_version = models.CharField(_("إصدار splink"), max_length=20)
    settings = models.JSONField(_("النموذج"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("نموذج كشف التكرار")
        verbose_name_plural = _("نماذج كشف التكرار")

    def __str__(self) -> str:
        return f"{self.splink_version} @ {self.created_at:%Y-%m-%d}"


class DuplicateScan(models.Model):
    """One run of the full duplicate scan on the worker, with its progress."""

    class State(models.TextChoices):
        QUEUED = "queued", _("في الانتظار")
        RUNNING = "running", _("جارٍ")
        DONE = "done", _("اكتمل")
        FAILED = "failed", _("تعذّر")

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("بدأه"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("طُلب في"), auto_now_add=True)
    started_at = models.DateTimeField(_("بدأ في"), null=True, blank=True)
    finished_at = models.DateTimeField(_("انتهى في"), null=True, blank=True)
    state = models.CharField(
        _("الحالة"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("نسبة الإنجاز"), default=0)
    stage = models.CharField(_("المرحلة"), max_length=120, blank=True)
    retrain = models.BooleanField(_("إعادة تدريب النموذج"), default=False)
    records = models.PositiveIntegerField(_("عدد الملفات"), default=0)
    pairs = models.PositiveIntegerField(_("الأزواج فوق العتبة"), default=0)
    added = models.PositiveIntegerField(_("أُضيف إلى قائمة المراجعة"), default=0)
    model = models.ForeignKey(
        LinkageModel,
        verbose_name=_("النموذج"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scans",
    )
    error = models.TextField(_("الخطأ"), blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("فحص التكرار الشامل")
        verbose_name_plural = _("عمليات فحص التكرار")

    def __str__(self) -> str:
        return f"scan {self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def summary(self) -> str:
        """What a finished scan found, its counts in Arabic number agreement."""
        return str(
            _(
                "اكتمل الفحص. الملفات المفحوصة: %(records)s. الأزواج المحتمل تكرارها: "
                "%(pairs)s، أُضيف منها إلى قائمة المراجعة: %(added)s."
            )
        ) % {
            "records": counted(FILES, self.records),
            "pairs": counted(PAIRS, self.pairs),
            "added": counted(PAIRS, self.added),
        }


# -- Imports from spreadsheets (silah.registry.importing) ---------------------------------------


# Uploaded sheets are stored under MEDIA_ROOT/imports/: outside the web root, never served by a
# URL (Silah has no MEDIA_URL route); they are read by the worker and deleted after the import.


class ImportBatch(models.Model):
    """One uploaded sheet of beneficiaries: its mapping, its preview and its import."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("رُفع وينتظر القراءة")
        READING = "reading", _("تُقرأ الأسطر")
        MAPPING = "mapping", _("بانتظار ربط الأعمدة")
        PREVIEWING = "previewing", _("تُفحص الأسطر")
        PREVIEWED = "previewed", _("جاهز للاستيراد")
        IMPORTING = "importing", _("يُستورد")
        IMPORTED = "imported", _("اكتمل الاستيراد")
        FAILED = "failed", _("تعذّر")
        CANCELLED = "cancelled", _("أُلغي")

    class Mode(models.TextChoices):
        ALL = "all", _("كل الأسطر")
        VALID_ONLY = "valid_only", _("الأسطر السليمة فقط")

    file = models.FileField(_("الملف"), upload_to="imports/%Y/%m/", max_length=255)
    original_name = models.CharField(_("اسم الملف"), max_length=255)
    kind = models.CharField(_("نوع الملف"), max_length=8, blank=True)
    size = models.PositiveIntegerField(_("الحجم بالبايت"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("رفعه"),
        on_delete=models.PROTECT,
        related_name="beneficiary_imports",
    )
    created_at = models.DateTimeField(_("رُفع في"), auto_now_add=True)
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("الفرع الافتراضي"),
        on_delete=models.PROTECT,
        related_name="beneficiary_imports",
    )
    default_channel = models.CharField(_("وسيلة التواصل الافتراضية"), max_length=10, blank=True)
    headers = models.JSONField(_("عناوين الأعمدة"), default=list)
    header_row = models.PositiveIntegerField(_("سطر العناوين"), default=1)
    mapping = models.JSONField(_("ربط الأعمدة"), default=dict)  # {"column index": "field"}
    status = models.CharField(
        _("الحالة"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    mode = models.CharField(_("ما يُستورد"), max_length=12, choices=Mode.choices, blank=True)
    error = models.TextField(_("سبب التعذّر"), blank=True)
    total_rows = models.PositiveIntegerField(_("عدد الأسطر"), default=0)
    ok_rows = models.PositiveIntegerField(_("سليمة"), default=0)
    error_rows = models.PositiveIntegerField(_("فيها أخطاء"), default=0)
    duplicate_rows = models.PositiveIntegerField(_("مكررة"), default=0)
    possible_duplicate_rows = models.PositiveIntegerField(_("تكرار محتمل"), default=0)
    imported_rows = models.PositiveIntegerField(_("المستوردة"), default=0)
    households_created = models.PositiveIntegerField(_("الأسر المنشأة"), default=0)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    previewed_at = models.DateTimeField(_("فُحص في"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("استورده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("استُورد في"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("دفعة استيراد")
        verbose_name_plural = _("دفعات الاستيراد")
        permissions = [("import_beneficiaries", _("استيراد المستفيدين من ملفات Excel وCSV"))]

    def __str__(self) -> str:
        return str(_("دفعة الاستيراد %(pk)s") % {"pk": self.pk})

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def rows_found(self) -> str:
        """ "سطران", "11 سطرًا": the data rows found under the headers."""
        return counted(ROWS, self.total_rows)

    @property
    def import_summary(self) -> str:
        """What a finished import created, its counts in Arabic number agreement."""
        return str(
            _("اكتمل الاستيراد. الملفات المنشأة: %(files)s، والأسر المنشأة: %(households)s.")
        ) % {
            "files": counted(FILES, self.imported_rows),
            "households": counted(HOUSEHOLDS, self.households_created),
        }

    @property
    def busy(self) -> bool:
        return self.status in (
            self.Status.UPLOADED,
            self.Status.READING,
            self.Status.PREVIEWING,
            self.Status.IMPORTING,
        )


class ImportRowStatus(models.TextChoices):
    OK = "ok", _("سليم")
    ERROR = "error", _("فيه خطأ")
    DUPLICATE = "duplicate", _("مكرر")
    POSSIBLE_DUPLICATE = "possible_duplicate", _("تكرار محتمل")


class ImportRow(models.Model):
    """One sheet row's outcome: its errors (column, why) or duplicate, and the file it made.

    No personal value is stored here: only the row number, messages and file numbers.
    """

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    row = models.PositiveIntegerField(_("السطر"))
    status = models.CharField(_("النتيجة"), max_length=20, choices=ImportRowStatus.choices)
    errors = models.JSONField(_("الأخطاء"), default=list)  # [{"column": …, "message": …}]
    duplicate_of_row = models.PositiveIntegerField(_("مكرر السطر"), null=True, blank=True)
    duplicate_of_file = models.CharField(_("مكرر الملف"), max_length=20, blank=True)
    candidates = models.JSONField(_("ملفات مشابهة"), default=list)  # file numbers or rows
    beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("الملف المنشأ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_rows",
    )
    file_number = models.CharField(_("رقم الملف"), max_length=20, blank=True)

    class Meta:
        ordering = ["batch", "row"]
        verbose_name = _("سطر استيراد")
        verbose_name_plural = _("أسطر الاستيراد")
        constraints = [
            models.UniqueConstraint(fields=["batch", "row"], name="registry_import_row_once")
        ]
        indexes = [models.Index(fields=["batch", "status", "row"])]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row}"
