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
from silah.core.identity import IdentityType
from silah.policy.rules import CONTACT_CHANNELS

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
