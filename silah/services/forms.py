"""Forms of the catalogue and programme screens. They parse; the rules are in services.py and
programmes.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from silah.accounts.models import Branch
from silah.core import dates
from silah.core import forms as core_forms
from silah.core.forms import DualCalendarDateField
from silah.policy.rules import DEADLINE_EVENTS, DEADLINE_UNITS, DECIDING_BODIES
from silah.registry.models import DocumentType
from silah.services.models import Attendance, Requirement, Service

_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}
_CHECK = {"class": "form-check-input"}
_NUMBER = {"class": "form-control", "dir": "ltr", "inputmode": "numeric"}

AS_POLICY = _("كما تنص السياسة النافذة")


class ServiceForm(forms.Form):
    """A service's fields; the three optional eligibility fields become the service's own
    conditions (`age_between`, `income_per_capita_at_most`); other condition types stored on
    the service are kept as they are."""

    code = forms.SlugField(
        label=_("الرمز"),
        max_length=40,
        widget=forms.TextInput(attrs=_TEXT | {"dir": "ltr", "autocomplete": "off"}),
        help_text=_("يظهر في رابط الخدمة في الدليل العام، مثل financial-aid. لا يتغير بعد الحفظ."),
        error_messages={
            "required": _("أدخل رمز الخدمة."),
            "invalid": _("الرمز حروف إنجليزية صغيرة وأرقام وشرطات (-)."),
        },
    )
    name = forms.CharField(
        label=_("اسم الخدمة"),
        max_length=160,
        widget=forms.TextInput(attrs=_TEXT),
        error_messages={"required": _("أدخل اسم الخدمة.")},
    )
    name_en = forms.CharField(
        label=_("الاسم بالإنجليزية"),
        max_length=160,
        required=False,
        widget=forms.TextInput(attrs=_TEXT | {"dir": "ltr"}),
    )
    kind = forms.ChoiceField(
        label=_("النوع"), choices=Service.Kind.choices, widget=forms.Select(attrs=_SELECT)
    )
    description = forms.CharField(
        label=_("الوصف"),
        required=False,
        widget=forms.Textarea(attrs=_TEXT | {"rows": 3}),
        help_text=_("ما تقدمه الخدمة ولمن، كما يقرؤه المستفيد في الدليل العام."),
    )
    needs_research = forms.BooleanField(
        label=_("تحتاج بحثًا اجتماعيًا"), required=False, widget=forms.CheckboxInput(attrs=_CHECK)
    )
    deciding_body = forms.ChoiceField(
        label=_("جهة البت"),
        required=False,
        choices=[("", AS_POLICY), *DECIDING_BODIES.items()],
        widget=forms.Select(attrs=_SELECT),
    )
    deadline_unit = forms.ChoiceField(
        label=_("مهلة الرد"),
        required=False,
        choices=[("", AS_POLICY), *DEADLINE_UNITS.items()],
        widget=forms.Select(attrs=_SELECT),
    )
    deadline_length = forms.IntegerField(
        label=_("مدة المهلة بالأيام"),
        required=False,
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs=_NUMBER),
        help_text=_("مع أيام العمل أو الأيام التقويمية فقط."),
    )
    deadline_counts_from = forms.ChoiceField(
        label=_("تحتسب المهلة من"),
        required=False,
        choices=[("", AS_POLICY), *DEADLINE_EVENTS.items()],
        widget=forms.Select(attrs=_SELECT),
    )
    min_age = forms.IntegerField(
        label=_("أقل عمر (سنة)"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs=_NUMBER),
    )
    max_age = forms.IntegerField(
        label=_("أعلى عمر (سنة)"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.NumberInput(attrs=_NUMBER),
    )
    income_cap = forms.IntegerField(
        label=_("أعلى دخل شهري للفرد في الأسرة (ريال)"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs=_NUMBER),
    )
    branches = core_forms.ModelMultipleChoiceField(
        label=_("الفروع التي تقدمها"),
        queryset=Branch.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=_CHECK),
        help_text=_("لا شيء: كل الفروع."),
    )
    is_public = forms.BooleanField(
        label=_("تظهر في الدليل العام"), required=False, widget=forms.CheckboxInput(attrs=_CHECK)
    )
    order = forms.IntegerField(
        label=_("الترتيب"),
        min_value=0,
        max_value=32767,
        initial=100,
        widget=forms.NumberInput(attrs=_NUMBER),
    )

    def __init__(self, *args: Any, service: Service | None = None, **kwargs: Any) -> None:
        self.service = service
        if service is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(service)
        super().__init__(*args, **kwargs)
        branches = Branch.objects.filter(is_active=True)
        if service is not None:
            branches = branches | Branch.objects.filter(services=service)
        self.fields["branches"].queryset = branches.distinct().order_by("name")
        if service is not None:
            del self.fields["code"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and low > high:
            self.add_error("max_age", _("أعلى عمر أقل من أقل عمر."))
        return data

    def service_fields(self) -> dict[str, Any]:
        """The cleaned values as `services.create_service` / `update_service` take them."""
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "name",
                "name_en",
                "kind",
                "description",
                "needs_research",
                "deciding_body",
                "deadline_unit",
                "deadline_length",
                "deadline_counts_from",
                "is_public",
                "order",
            )
        }
        kept = [
            c
            for c in (self.service.conditions if self.service else [])
            if c.get("type") not in ("age_between", "income_per_capita_at_most")
        ]
        own = []
        age = {
            key: data[name]
            for key, name in (("min", "min_age"), ("max", "max_age"))
            if data.get(name) is not None
        }
        if age:
            own.append({"type": "age_between", "params": age})
        if data.get("income_cap") is not None:
            own.append(
                {"type": "income_per_capita_at_most", "params": {"amount": data["income_cap"]}}
            )
        fields["conditions"] = [*kept, *own]
        return fields


def initial_for(service: Service) -> dict[str, Any]:
    initial: dict[str, Any] = {
        name: getattr(service, name)
        for name in (
            "name",
            "name_en",
            "kind",
            "description",
            "needs_research",
            "deciding_body",
            "deadline_unit",
            "deadline_length",
            "deadline_counts_from",
            "is_public",
            "order",
        )
    }
    initial["branches"] = list(service.branches.all())
    for condition in service.conditions or []:
        params = condition.get("params") or {}
        if condition.get("type") == "age_between":
            initial["min_age"], initial["max_age"] = params.get("min"), params.get("max")
        if condition.get("type") == "income_per_capita_at_most":
            initial["income_cap"] = params.get("amount")
    return initial


class RequirementForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("النوع"),
        choices=Requirement.Kind.choices,
        initial=Requirement.Kind.ITEM,
        widget=forms.Select(attrs=_SELECT),
    )
    label = forms.CharField(
        label=_("البند"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_TEXT),
        help_text=_("فارغ مع المستند: اسم نوع المستند."),
    )
    document_type = core_forms.ModelChoiceField(
        label=_("نوع المستند"),
        queryset=DocumentType.objects.filter(is_active=True),
        required=False,
        widget=forms.Select(attrs=_SELECT),
        empty_label=_("— لغير المستندات —"),
    )
    help_text = forms.CharField(
        label=_("توضيح للمستفيد"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=_TEXT),
    )
    is_mandatory = forms.BooleanField(
        label=_("إلزامي"), required=False, initial=True, widget=forms.CheckboxInput(attrs=_CHECK)
    )


class BaseRequirementFormSet(forms.BaseFormSet):
    def requirements(self) -> list[dict[str, Any]]:
        """The kept rows in order, as `services` takes them (empty extra rows left out)."""
        rows = []
        self.kept_forms = []  # the form of each row, to show a refusal at its row
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or self._should_delete_form(form):
                continue
            if (
                not data.get("label")
                and data.get("kind") == Requirement.Kind.ITEM
                and not data.get("id")
            ):
                continue
            self.kept_forms.append(form)
            rows.append(
                {
                    "id": data.get("id"),
                    "kind": data["kind"],
                    "label": data.get("label", ""),
                    "document_type": data.get("document_type"),
                    "help_text": data.get("help_text", ""),
                    "is_mandatory": data.get("is_mandatory", False),
                }
            )
        return rows


RequirementFormSet = forms.formset_factory(
    RequirementForm, formset=BaseRequirementFormSet, extra=2, can_delete=True, max_num=40
)


def requirement_initial(service: Service) -> list[dict[str, Any]]:
    return [
        {
            "id": r.pk,
            "kind": r.kind,
            "label": r.label,
            "document_type": r.document_type,
            "help_text": r.help_text,
            "is_mandatory": r.is_mandatory,
        }
        for r in service.requirements.all()
    ]


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("سبب الإيقاف"), max_length=300, required=False, widget=forms.TextInput(attrs=_TEXT)
    )


# -- programmes --------------------------------------------------------------------------------


class ProgrammeForm(forms.Form):
    service = core_forms.ModelChoiceField(
        label=_("الخدمة"),
        queryset=Service.objects.filter(kind__in=[Service.Kind.PROGRAMME, Service.Kind.TRAINING]),
        widget=forms.Select(attrs=_SELECT),
        error_messages={"required": _("اختر الخدمة التي يتبعها البرنامج.")},
    )
    name = forms.CharField(
        label=_("اسم البرنامج"),
        max_length=200,
        widget=forms.TextInput(attrs=_TEXT),
        error_messages={"required": _("أدخل اسم البرنامج.")},
    )
    description = forms.CharField(
        label=_("الوصف"), required=False, widget=forms.Textarea(attrs=_TEXT | {"rows": 3})
    )
    starts_on = DualCalendarDateField(label=_("تاريخ البدء"))
    ends_on = DualCalendarDateField(
        label=pgettext_lazy("programme", "تاريخ الانتهاء"), required=False
    )
    capacity = forms.IntegerField(
        label=_("عدد المقاعد"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs=_NUMBER),
        help_text=_("فارغ: بلا حد."),
    )
    fee_amount = forms.DecimalField(
        label=_("الرسوم (ريال)"),
        min_value=0,
        max_digits=9,
        decimal_places=2,
        initial=0,
        widget=forms.NumberInput(attrs=_NUMBER | {"inputmode": "decimal", "step": "0.01"}),
        help_text=_("صفر: البرنامج مجاني."),
    )
    fees_announced_on = DualCalendarDateField(
        label=_("تاريخ الإعلان عن الرسوم"),
        required=False,
        max_date=dates.today,
        help_text=_("لا يُسجَّل أحد في برنامج برسوم قبل الإعلان عنها."),
    )
    interview_required = forms.BooleanField(
        label=_("تشترط مقابلة شخصية قبل القبول"),
        required=False,
        widget=forms.CheckboxInput(attrs=_CHECK),
    )
    rules = forms.CharField(
        label=_("أنظمة البرنامج وتعليماته"),
        required=False,
        widget=forms.Textarea(attrs=_TEXT | {"rows": 3}),
    )
    min_attendance_percent = forms.IntegerField(
        label=_("الحد الأدنى لنسبة الحضور (%)"),
        min_value=0,
        max_value=100,
        initial=75,
        widget=forms.NumberInput(attrs=_NUMBER),
    )
    branch = core_forms.ModelChoiceField(
        label=_("الفرع"),
        queryset=Branch.objects.filter(is_active=True),
        required=False,
        widget=forms.Select(attrs=_SELECT),
        empty_label=_("كل الفروع"),
    )
    is_active = forms.BooleanField(
        label=_("متاح للتسجيل"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs=_CHECK),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["service"]

    def programme_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("service", None)
        data["fee_amount"] = data.get("fee_amount") or 0
        return data


class SessionForm(forms.Form):
    date = DualCalendarDateField(label=_("التاريخ"))
    starts_at = forms.TimeField(
        label=_("وقت البدء"),
        required=False,
        widget=forms.TimeInput(attrs=_TEXT | {"type": "time", "dir": "ltr"}),
    )
    ends_at = forms.TimeField(
        label=_("وقت الانتهاء"),
        required=False,
        widget=forms.TimeInput(attrs=_TEXT | {"type": "time", "dir": "ltr"}),
    )
    topic = forms.CharField(
        label=_("الموضوع"),
        max_length=200,
        widget=forms.TextInput(attrs=_TEXT),
        error_messages={"required": _("أدخل موضوع الجلسة.")},
    )
    place = forms.CharField(
        label=_("المكان"), max_length=200, required=False, widget=forms.TextInput(attrs=_TEXT)
    )


class EnrollForm(forms.Form):
    """Find the beneficiary by file number (in the POST body, never in a URL)."""

    file_number = forms.CharField(
        label=_("رقم ملف المستفيد"),
        max_length=20,
        widget=forms.TextInput(attrs=_TEXT | {"dir": "ltr", "autocomplete": "off"}),
        help_text=_("مثل BEN-1447-000123"),
        error_messages={"required": _("أدخل رقم ملف المستفيد.")},
    )


class EnrollmentActionForm(forms.Form):
    ACTIONS = (
        ("interview_passed", _("اجتاز المقابلة")),
        ("interview_failed", _("لم يجتز المقابلة")),
        ("enroll", _("قبول في البرنامج")),
        ("complete", _("أتم البرنامج")),
        ("withdraw", _("انسحاب")),
    )
    action = forms.ChoiceField(choices=ACTIONS)
    note = forms.CharField(
        label=_("ملاحظة أو سبب"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs=_TEXT),
    )


MARK_CHOICES = Attendance.Mark.choices
