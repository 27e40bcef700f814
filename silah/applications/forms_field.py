"""The forms of the work done away from the counter: the researcher's visit (on a phone) and
the delivery with the beneficiary's receipt."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from silah.applications.forms_request import AREA, SELECT, TEXT, VersionedForm
from silah.applications.models import Disbursement, ResearchVisit
from silah.core import dates
from silah.core.forms import DualCalendarDateField, ModelChoiceField
from silah.services.models import Enrollment

RADIO = {"class": "form-check-input"}

# -- the research visit ------------------------------------------------------------------------


class PlanVisitForm(VersionedForm):
    planned_on = DualCalendarDateField(
        label=_("موعد الزيارة"),
        min_date=dates.today,
        error_messages={
            "required": _("اكتب موعد الزيارة."),
            "min_date": _("موعد الزيارة لا يكون في الماضي."),
        },
    )
    place = forms.ChoiceField(
        label=_("مكان الزيارة"),
        choices=ResearchVisit.Place.choices,
        initial=ResearchVisit.Place.HOME,
        widget=forms.Select(attrs=SELECT),
    )


class PostponeVisitForm(VersionedForm):
    reason = forms.CharField(
        label=_("سبب التأجيل كما ذكره المستفيد"),
        max_length=500,
        widget=forms.TextInput(TEXT),
        error_messages={"required": _("اكتب سبب التأجيل.")},
        help_text=_("تتوقف المهلة حتى يُحدد موعد جديد أو تُسجل الزيارة."),
    )


class VisitForm(VersionedForm):
    """The structured visit: when and where, what the researcher found, the household's
    situation, the recommendation."""

    visited_on = DualCalendarDateField(
        label=_("تاريخ الزيارة"),
        max_date=dates.today,
        error_messages={
            "required": _("اكتب تاريخ الزيارة."),
            "max_date": _("تاريخ الزيارة لا يكون في المستقبل."),
        },
    )
    place = forms.ChoiceField(
        label=_("مكان الزيارة"),
        choices=ResearchVisit.Place.choices,
        widget=forms.RadioSelect(attrs=RADIO),
        error_messages={"required": _("اختر مكان الزيارة.")},
    )
    findings = forms.CharField(
        label=_("ما لاحظته في الزيارة"),
        max_length=10000,
        widget=forms.Textarea(attrs={**AREA, "rows": 5}),
        error_messages={"required": _("اكتب ما لاحظته في الزيارة.")},
    )
    housing = forms.ChoiceField(
        label=_("السكن"),
        required=False,
        choices=[("", _("— اختر —")), *ResearchVisit.Housing.choices],
        widget=forms.Select(attrs=SELECT),
    )
    housing_condition = forms.CharField(
        label=_("حالة السكن"), required=False, max_length=300, widget=forms.TextInput(TEXT)
    )
    members_count = forms.IntegerField(
        label=_("عدد أفراد الأسرة"),
        required=False,
        min_value=1,
        max_value=60,
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric"}),
        error_messages={
            "min_value": _("عدد أفراد الأسرة بين 1 و60."),
            "max_value": _("عدد أفراد الأسرة بين 1 و60."),
            "invalid": _("اكتب عدد أفراد الأسرة رقمًا."),
        },
    )
    income_notes = forms.CharField(
        label=_("الدخل ومصادره"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={**AREA, "rows": 2}),
    )
    needs = forms.CharField(
        label=_("احتياجات الأسرة"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={**AREA, "rows": 2}),
    )
    recommendation = forms.ChoiceField(
        label=_("التوصية"),
        choices=ResearchVisit.Recommendation.choices,
        widget=forms.RadioSelect(attrs=RADIO),
        error_messages={"required": _("اختر توصيتك.")},
    )
    recommendation_note = forms.CharField(
        label=_("مسوغات التوصية"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={**AREA, "rows": 2}),
        help_text=_("إلزامية عند التوصية بالرفض أو طلب معلومات إضافية."),
    )


# -- delivery --------------------------------------------------------------------------------

ITEM_ROWS = 5


class EnrollmentChoice(ModelChoiceField):
    def label_from_instance(self, obj: Enrollment) -> str:
        return f"{obj.programme} — {obj.get_state_display()}"


class DeliveryForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("ما سُلّم"),
        choices=Disbursement.Kind.choices,
        widget=forms.RadioSelect(attrs=RADIO),
        error_messages={"required": _("اختر ما سُلّم.")},
    )
    amount = forms.DecimalField(
        label=_("المبلغ (ريال)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal", "dir": "ltr"}),
        error_messages={
            "invalid": _("اكتب المبلغ بالريال."),
            "min_value": _("اكتب المبلغ بالريال."),
            "max_digits": _("المبلغ أكبر من المسموح."),
            "max_decimal_places": _("المبلغ بهللتين على الأكثر."),
        },
    )
    description = forms.CharField(
        label=_("الوصف (البرنامج أو الجلسة أو ملاحظة)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(TEXT),
    )
    delivered_on = DualCalendarDateField(
        label=_("تاريخ التسليم"),
        required=False,
        max_date=dates.today,
        error_messages={"max_date": _("تاريخ التسليم لا يكون في المستقبل.")},
        help_text=_("فارغ: اليوم."),
    )
    receipt = forms.ChoiceField(
        label=_("إثبات الاستلام"),
        choices=Disbursement.Receipt.choices,
        widget=forms.RadioSelect(attrs=RADIO),
        error_messages={"required": _("اختر طريقة إثبات الاستلام.")},
    )
    receipt_name = forms.CharField(
        label=_("اسم المستلم الكامل كما يكتبه بنفسه"),
        required=False,
        max_length=250,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"}),
    )
    receipt_confirmed = forms.BooleanField(
        label=_("يؤكد المستفيد أنه استلم ما ذُكر أعلاه"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    slip = forms.FileField(
        label=_("سند الاستلام الموقّع"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png,.heic"}
        ),
    )
    final = forms.BooleanField(
        label=_("اكتمل التسليم بهذا (يُقيَّد الطلب «سُلّم»)"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        enrollments = Enrollment.objects.filter(
            beneficiary_id=self.application.beneficiary_id,
            programme__service_id=self.application.service_id,
        ).select_related("programme")
        if enrollments.exists():
            self.fields["enrollment"] = EnrollmentChoice(
                label=_("الالتحاق بالبرنامج (للمقعد في برنامج)"),
                required=False,
                queryset=enrollments,
                widget=forms.Select(attrs=SELECT),
            )
        self.item_rows = []
        for n in range(1, ITEM_ROWS + 1):
            names = (f"item_name_{n}", f"item_quantity_{n}", f"item_unit_{n}")
            self.fields[names[0]] = forms.CharField(
                label=_("الصنف %(n)s") % {"n": n},
                required=False,
                max_length=200,
                widget=forms.TextInput(TEXT),
            )
            self.fields[names[1]] = forms.DecimalField(
                label=_("الكمية"),
                required=False,
                min_value=Decimal("0.01"),
                max_digits=10,
                decimal_places=2,
                widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal", "dir": "ltr"}),
                error_messages={
                    "invalid": _("الكمية رقم أكبر من صفر."),
                    "min_value": _("الكمية رقم أكبر من صفر."),
                },
            )
            self.fields[names[2]] = forms.CharField(
                label=_("الوحدة"), required=False, max_length=40, widget=forms.TextInput(TEXT)
            )
            self.item_rows.append(names)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name, quantity, _unit in self.item_rows:
            if data.get(name) and data.get(quantity) is None and quantity not in self.errors:
                self.add_error(quantity, _("اكتب كمية الصنف."))
            if data.get(quantity) is not None and not data.get(name):
                self.add_error(name, _("اكتب اسم الصنف."))
        return data

    def items(self) -> list[tuple[str, Decimal, str]]:
        data = self.cleaned_data
        return [
            (data[name], data[quantity], data.get(unit, ""))
            for name, quantity, unit in self.item_rows
            if data.get(name)
        ]

    @property
    def item_fields(self) -> list[tuple]:
        return [tuple(self[name] for name in names) for names in self.item_rows]
