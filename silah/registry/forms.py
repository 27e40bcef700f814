"""The registry's forms. They check the shape of what was typed; the rules are the services'
(a DomainError from a service is shown at the field it names)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from silah.accounts.models import Branch, User
from silah.accounts.roles import RoleCode, role_codes
from silah.core import dates
from silah.core import forms as core_forms
from silah.core.forms import DualCalendarDateField
from silah.core.identity import IdentityType
from silah.policy.rules import CONTACT_CHANNELS
from silah.registry import queries_list
from silah.registry.models import (
    ADDRESS_FIELDS,
    Beneficiary,
    Category,
    Household,
    Income,
    MaritalStatus,
    Obligation,
    Relationship,
    Sex,
    Status,
)
from silah.registry.services import ALLOWED_TRANSITIONS
from silah.registry.validation import enabled_contact_channels

REQUIRED = _("هذا الحقل مطلوب.")
CHOICE = _("اختر قيمة من القائمة.")
DETAIL_WITHOUT_CATEGORY = _("اخترت نوعًا دون الفئة: اختر الفئة أو امسح النوع.")

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


def _text(label: Any, *, required: bool = False, max_length: int = 60, **attrs: str):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages={"required": REQUIRED, "max_length": _("النص أطول من المسموح.")},
        widget=forms.TextInput(attrs={**TEXT, **attrs}),
    )


def _choice(label: Any, choices: Any, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        error_messages={"required": REQUIRED, "invalid_choice": CHOICE},
        widget=forms.Select(attrs=SELECT),
    )


def _staff_with_role(code: str):
    return User.objects.filter(is_active=True, groups__role__code=code).order_by(
        "first_name", "last_name", "username"
    )


class StaffChoiceField(core_forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


# -- the list -------------------------------------------------------------------------------


class FilterForm(forms.Form):
    """The list's filters: GET parameters that carry ids and codes, never personal data."""

    status = _choice(_("الحالة"), [("", _("كل الحالات")), *Status.choices], required=False)
    category = core_forms.ModelChoiceField(
        label=_("الفئة"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        empty_label=_("كل الفئات"),
        widget=forms.Select(attrs=SELECT),
    )
    branch = core_forms.ModelChoiceField(
        label=_("الفرع"),
        queryset=Branch.objects.filter(is_active=True),
        required=False,
        empty_label=_("كل الفروع"),
        widget=forms.Select(attrs=SELECT),
    )
    liaison_officer = StaffChoiceField(
        label=_("ضابط الاتصال"),
        queryset=_staff_with_role(RoleCode.LIAISON_OFFICER),
        required=False,
        empty_label=_("كل ضباط الاتصال"),
        widget=forms.Select(attrs=SELECT),
    )
    attention = _choice(
        _("يحتاج إلى متابعة"),
        [
            ("", _("الكل")),
            (queries_list.ANY_ATTENTION, _("أي نقص في الملف")),
            *[(code, label) for code, (label, _q) in queries_list.ATTENTION.items()],
        ],
        required=False,
    )
    sort = _choice(
        _("الترتيب"),
        [(code, label) for code, (label, _o) in queries_list.SORTS.items()],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["liaison_officer"].queryset = _staff_with_role(RoleCode.LIAISON_OFFICER)

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid one is ignored, never an error page)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class SearchForm(forms.Form):
    """Search by file number, identity number, mobile or name: always POSTed."""

    q = forms.CharField(
        label=_("بحث"),
        max_length=200,
        required=False,
        help_text=_("رقم الملف أو رقم الهوية أو الجوال أو الاسم."),
        widget=forms.TextInput(
            attrs={**TEXT, "type": "search", "autocomplete": "off", "spellcheck": "false"}
        ),
    )


# -- a beneficiary --------------------------------------------------------------------------


class BeneficiaryForm(forms.Form):
    """Create or edit a beneficiary. `categories` with a type add one text field each."""

    first_name = _text(_("الاسم الأول"), required=True, autocomplete="off")
    father_name = _text(_("اسم الأب"), required=True, autocomplete="off")
    grandfather_name = _text(_("اسم الجد"), autocomplete="off")
    family_name = _text(_("اسم العائلة"), required=True, autocomplete="off")
    latin_name = _text(_("الاسم بالإنجليزية"), max_length=200, dir="ltr", autocomplete="off")
    identity_type = _choice(_("نوع الهوية"), IdentityType.choices)
    identity_number = _text(
        _("رقم الهوية"), max_length=40, dir="ltr", autocomplete="off", spellcheck="false"
    )
    identity_reason = forms.CharField(
        label=_("سبب عدم وجود هوية"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
        help_text=_("يُكتب فقط إذا لم تكن لدى المستفيد هوية."),
    )
    nationality = _text(
        _("الجنسية"), max_length=2, dir="ltr", autocomplete="off", spellcheck="false"
    )
    sex = _choice(_("الجنس"), Sex.choices)
    birth_date = DualCalendarDateField(
        label=_("تاريخ الميلاد"),
        required=False,
        max_date=dates.today,
        error_messages={"max_date": _("تاريخ الميلاد بعد تاريخ اليوم: راجع التاريخ.")},
    )
    marital_status = _choice(
        _("الحالة الاجتماعية"), [("", "—"), *MaritalStatus.choices], required=False
    )
    mobile = _text(_("رقم الجوال"), max_length=40, dir="ltr", inputmode="tel", autocomplete="off")
    mobile_2 = _text(
        _("رقم جوال آخر"), max_length=40, dir="ltr", inputmode="tel", autocomplete="off"
    )
    email = _text(_("البريد الإلكتروني"), max_length=254, dir="ltr", inputmode="email")
    preferred_channel = _choice(_("وسيلة التواصل المتفق عليها"), [])
    building_number = _text(_("رقم المبنى"), max_length=20, dir="ltr", inputmode="numeric")
    street = _text(_("الشارع"), max_length=120)
    district = _text(_("الحي"), max_length=120)
    city = _text(_("المدينة"), max_length=80)
    postal_code = _text(_("الرمز البريدي"), max_length=20, dir="ltr", inputmode="numeric")
    additional_number = _text(_("الرقم الإضافي"), max_length=20, dir="ltr", inputmode="numeric")
    unit = _text(_("رقم الوحدة"), max_length=10, dir="ltr")
    short_address = _text(_("العنوان المختصر"), max_length=20, dir="ltr")
    categories = core_forms.ModelMultipleChoiceField(
        label=_("الفئات"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": CHOICE, "invalid_pk_value": CHOICE},
    )
    branch = core_forms.ModelChoiceField(
        label=_("الفرع"),
        queryset=Branch.objects.filter(is_active=True),
        error_messages={"required": REQUIRED, "invalid_choice": CHOICE},
        widget=forms.Select(attrs=SELECT),
    )
    liaison_officer = StaffChoiceField(
        label=_("ضابط الاتصال"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("تلقائيًا: ضابط الاتصال المكلّف بفئة المستفيد"),
        error_messages={"invalid_choice": CHOICE},
        widget=forms.Select(attrs=SELECT),
    )
    assigned_researcher = StaffChoiceField(
        label=_("الباحث الاجتماعي"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("لم يُكلَّف بعد"),
        error_messages={"invalid_choice": CHOICE},
        widget=forms.Select(attrs=SELECT),
    )

    SECTIONS = [
        (
            _("الاسم"),
            ["first_name", "father_name", "grandfather_name", "family_name", "latin_name"],
        ),
        (
            _("الهوية والبيانات الشخصية"),
            [
                "identity_type",
                "identity_number",
                "identity_reason",
                "nationality",
                "sex",
                "birth_date",
                "marital_status",
            ],
        ),
        (_("التواصل"), ["mobile", "mobile_2", "email", "preferred_channel"]),
        (_("العنوان الوطني"), list(ADDRESS_FIELDS)),
        (_("الفئات والمتابعة"), ["categories", "branch", "liaison_officer", "assigned_researcher"]),
    ]

    def __init__(self, *args: Any, user: AbstractBaseUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enabled = enabled_contact_channels()
        self.fields["preferred_channel"].choices = [
            ("", "—"),
            *[(code, CONTACT_CHANNELS[code]) for code in enabled if code in CONTACT_CHANNELS],
        ]
        branches = Branch.objects.filter(is_active=True)
        if RoleCode.MANAGER not in role_codes(user):
            own = branches.filter(pk__in=user.branches.values("pk"))
            if own.exists():
                branches = own
        self.fields["branch"].queryset = branches
        if not self.is_bound and "branch" not in self.initial:
            own = list(user.branches.filter(is_active=True)[:2])
            if len(own) == 1:
                self.initial["branch"] = own[0].pk
            elif branches.count() == 1:
                self.initial["branch"] = branches.get().pk
        self.fields["liaison_officer"].queryset = _staff_with_role(RoleCode.LIAISON_OFFICER)
        self.fields["assigned_researcher"].queryset = _staff_with_role(RoleCode.SOCIAL_RESEARCHER)
        self.fields["nationality"].initial = "SA"
        self.typed_categories = list(Category.objects.filter(is_active=True, has_type=True))
        for category in self.typed_categories:
            self.fields[self.detail_name(category)] = forms.CharField(
                label=_("النوع: %(category)s") % {"category": category.name},
                required=False,
                max_length=120,
                widget=forms.TextInput(attrs=TEXT),
                help_text=_("مثل: حركية، بصرية، سمعية، ذهنية."),
            )

    @staticmethod
    def detail_name(category: Category) -> str:
        return f"detail_{category.pk}"

    def sections(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The fields in labelled groups, each typed-category field after the categories."""
        groups = []
        for title, names in self.SECTIONS:
            fields = [self[name] for name in names]
            if "categories" in names:
                index = names.index("categories") + 1
                details = [self[self.detail_name(c)] for c in self.typed_categories]
                fields[index:index] = details
            groups.append((title, fields))
        return groups

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chosen = {c.pk for c in cleaned.get("categories") or []}
        for category in self.typed_categories:
            name = self.detail_name(category)
            if cleaned.get(name) and category.pk not in chosen:
                self.add_error(name, DETAIL_WITHOUT_CATEGORY)
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        """The keyword arguments of register/update_beneficiary (without categories)."""
        data = self.cleaned_data
        names = [
            name for _title, group in self.SECTIONS for name in group if name not in {"categories"}
        ]
        return {name: data.get(name) for name in names}

    def service_categories(self) -> list[tuple[Category, str]]:
        details = {
            c.pk: self.cleaned_data.get(self.detail_name(c), "") for c in self.typed_categories
        }
        return [
            (category, details.get(category.pk, "") or "")
            for category in self.cleaned_data.get("categories") or []
        ]

    def field_for(self, service_field: str | None) -> str | None:
        """The form field a service error belongs to (None: above the form)."""
        if service_field == "categories":
            return "categories"
        return service_field if service_field in self.fields else None

    @classmethod
    def initial_from(cls, beneficiary: Beneficiary) -> dict[str, Any]:
        initial = {
            name: getattr(beneficiary, name)
            for _title, names in cls.SECTIONS
            for name in names
            if name not in {"categories", "branch", "liaison_officer", "assigned_researcher"}
        }
        initial["branch"] = beneficiary.branch_id
        initial["liaison_officer"] = beneficiary.liaison_officer_id
        initial["assigned_researcher"] = beneficiary.assigned_researcher_id
        links = list(beneficiary.category_links.all())
        initial["categories"] = [link.category_id for link in links]
        for link in links:
            initial[f"detail_{link.category_id}"] = link.detail
        return initial


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("سبب التعديل"),
        max_length=500,
        error_messages={"required": _("اكتب سبب التعديل.")},
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("يُحفظ في سجل التغييرات، مثل: تحديث رقم الجوال بطلب المستفيد."),
    )


class DifferentPersonForm(forms.Form):
    """The user saw the likely duplicates and says this is someone else."""

    confirm_different = forms.BooleanField(
        label=_("راجعت الملفات المشابهة، وهذا شخص مختلف: سجّله ملفًا جديدًا."),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class StatusForm(forms.Form):
    to = _choice(_("الحالة الجديدة"), [])
    reason = forms.CharField(
        label=_("السبب"),
        max_length=500,
        error_messages={"required": _("اكتب سبب التغيير.")},
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_TRANSITIONS[current]
        self.fields["to"].choices = [("", "—")] + [
            (value, label) for value, label in Status.choices if value in allowed
        ]


# -- households -----------------------------------------------------------------------------


def _amount(label: Any, *, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        error_messages={
            "required": REQUIRED,
            "invalid": _("أدخل مبلغًا بالأرقام، مثل 1500 أو 1500.50."),
            "min_value": _("أدخل مبلغًا صحيحًا لا يقل عن صفر."),
            "max_digits": _("المبلغ أكبر من المسموح."),
            "max_decimal_places": _("المبلغ بالهللات: رقمان بعد الفاصلة على الأكثر."),
            "max_whole_digits": _("المبلغ أكبر من المسموح."),
        },
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal", "dir": "ltr"}),
    )


class HousingForm(forms.Form):
    housing = _choice(_("السكن"), Household.Housing.choices)
    rent_amount = _amount(_("الإيجار السنوي (ريال)"), required=False)


class RelationshipField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        choices = [("", "—")] + [c for c in Relationship.choices if c[0] != Relationship.HEAD]
        super().__init__(
            label=_("صلة القرابة برب الأسرة"),
            choices=choices,
            error_messages={"required": REQUIRED, "invalid_choice": CHOICE},
            widget=forms.Select(attrs=SELECT),
            **kwargs,
        )


class AddMemberForm(forms.Form):
    file_number = forms.CharField(
        label=_("رقم ملف المستفيد"),
        max_length=40,
        error_messages={"required": REQUIRED},
        widget=forms.TextInput(attrs={**TEXT, "dir": "ltr", "autocomplete": "off"}),
        help_text=_("رقم ملف الشخص المسجّل، مثل BEN-1447-000012."),
    )
    relationship = RelationshipField()


class NewMemberForm(forms.Form):
    relationship = RelationshipField()


class MoveForm(forms.Form):
    head_file_number = forms.CharField(
        label=_("رقم ملف رب الأسرة التي ينتقل إليها"),
        max_length=40,
        error_messages={"required": REQUIRED},
        widget=forms.TextInput(attrs={**TEXT, "dir": "ltr", "autocomplete": "off"}),
    )
    relationship = RelationshipField()
    on = DualCalendarDateField(
        label=_("تاريخ الانتقال"),
        required=False,
        max_date=dates.today,
        help_text=_("يُترك فارغًا للانتقال اليوم."),
        error_messages={"max_date": _("تاريخ الانتقال لا يكون في المستقبل.")},
    )
    reason = forms.CharField(
        label=_("سبب الانتقال"),
        max_length=500,
        error_messages={"required": _("اكتب سبب الانتقال.")},
        widget=forms.TextInput(attrs=TEXT),
    )


class MoneyRowForm(forms.Form):
    kind = _choice(_("النوع"), [])
    monthly_amount = _amount(_("المبلغ الشهري (ريال)"))

    def __init__(self, *args: Any, kinds: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—"), *kinds]


class BaseMoneyRowFormSet(forms.BaseFormSet):
    def rows(self) -> list[tuple[str, Any]]:
        """The (kind, amount) pairs kept: filled rows not marked for deletion."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            rows.append((data["kind"], data["monthly_amount"]))
        return rows


MoneyRowFormSet = forms.formset_factory(
    MoneyRowForm, formset=BaseMoneyRowFormSet, extra=1, can_delete=True, max_num=30
)

MONEY_KINDS = {"incomes": Income.Kind.choices, "obligations": Obligation.Kind.choices}
