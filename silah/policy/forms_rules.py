"""The forms of each rule group of a policy version (`rules.RULE_GROUPS`), one per group, and
the rows of the groups that are lists (custom channels, tools, eligibility conditions)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from silah.core.errors import DomainError
from silah.policy import conditions, services_edit
from silah.policy.forms_edit import (
    UNKNOWN_CHOICE,
    StyledForm,
    _checkboxes,
    _error_from,
    _flag,
    _note,
    _select,
)
from silah.policy.queries_edit import FIELD_LABELS
from silah.policy.rules import (
    ATTENDANCE_RULES,
    COMPENSATION_EVIDENCE,
    COMPLAINT_BODIES,
    COMPLAINT_ROUTES,
    CONTACT_CHANNELS,
    DEADLINE_EVENTS,
    DEADLINE_UNITS,
    DECIDING_BODIES,
    INTAKE_CHANNELS,
    REFERRAL_KINDS,
    REFERRAL_MAX_DAYS,
    RELATIONSHIP_COMMITMENTS,
    SATISFACTION_METHODS,
    TOOL_KINDS,
)

# -- rule groups ------------------------------------------------------------------------------


def _labels(group: str) -> dict[str, Any]:
    return FIELD_LABELS[group]


class IntakeForm(StyledForm):
    channels = _checkboxes(_labels("intake")["channels"], INTAKE_CHANNELS)
    source_note = _note()


class CustomChannelForm(StyledForm):
    code = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)
    name = forms.CharField(
        label=_("اسم القناة"),
        max_length=120,
        error_messages={"required": _("اكتب اسم القناة.")},
    )


class ContactForm(StyledForm):
    channels = _checkboxes(_labels("contact")["channels"], CONTACT_CHANNELS)

    def clean_channels(self) -> list[str]:
        value = self.cleaned_data.get("channels") or []
        if not value:
            raise ValidationError(_("اختر وسيلة واحدة على الأقل لإبلاغ المستفيد."))
        return value


class ToolForm(StyledForm):
    original_name = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)
    name = forms.CharField(
        label=_("اسم الأداة"), max_length=200, error_messages={"required": _("اكتب اسم الأداة.")}
    )
    kind = _select(_("نوعها"), TOOL_KINDS, initial="other")
    link = forms.URLField(
        label=_("رابطها"),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr"}),
        error_messages={"invalid": _("اكتب رابطًا صحيحًا، مثل https://example.org.sa/form.pdf")},
    )
    file = forms.FileField(
        label=_("ملفها"),
        required=False,
        help_text=_("PDF أو Word أو Excel أو PowerPoint أو صورة، 10 ميجابايت على الأكثر."),
    )
    remove_file = forms.BooleanField(label=_("احذف الملف الحالي"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                services_edit.check_tool_file(upload)
            except DomainError as error:
                raise _error_from(error) from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("file") and data.get("remove_file"):
            self.add_error("remove_file", _("إما ملف جديد وإما حذف الملف الحالي، لا الاثنان."))
        return data


class NoFieldsForm(StyledForm):
    """The form of a group that is only rows: it carries the errors that are about all rows."""


class DeadlineForm(StyledForm):
    unit = _select(_labels("deadline")["unit"], DEADLINE_UNITS)
    length = forms.IntegerField(
        label=_("المدة (بالأيام)"),
        required=False,
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
        help_text=_("مثل 14 لأسبوعين. تُترك فارغة إذا لم تحدد السياسة مهلة."),
        error_messages={
            "min_value": _("المدة يوم واحد على الأقل."),
            "max_value": _("المدة لا تزيد على 365 يومًا."),
            "invalid": _("اكتب عدد الأيام بالأرقام."),
        },
    )
    counts_from = _select(_labels("deadline")["counts_from"], DEADLINE_EVENTS)
    source_note = _note()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        unit, length = data.get("unit"), data.get("length")
        if unit == "none" and length is not None:
            self.add_error(
                "length",
                _("اخترت «بلا مهلة محددة»: اترك المدة فارغة، أو اختر أيام عمل أو أيامًا تقويمية."),
            )
        elif unit in ("working", "calendar") and length is None and "length" not in self.errors:
            self.add_error("length", _("اكتب عدد الأيام."))
        return data


class DecisionForm(StyledForm):
    body = _select(_labels("decision")["body"], DECIDING_BODIES)
    scope_note = _note(
        _labels("decision")["scope_note"],
        _("اختياري، مثل: في الطلبات التي تحتاج إلى تصريح."),
    )
    source_note = _note()


class ReferralForm(StyledForm):
    kind = _select(_labels("referral")["kind"], REFERRAL_KINDS)
    name = forms.CharField(label=_labels("referral")["name"], max_length=200, required=False)
    answer_within_working_days = forms.IntegerField(
        label=_labels("referral")["answer_within_working_days"],
        required=False,
        min_value=1,
        max_value=REFERRAL_MAX_DAYS,
        widget=forms.NumberInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
        help_text=_(
            "عدد أيام العمل التي يُرد فيها على الإحالة من يوم إحالتها. تُترك فارغة إذا لم "
            "تحدد السياسة مهلة."
        ),
        error_messages={
            "min_value": _("المهلة يوم عمل واحد على الأقل."),
            "max_value": _("المهلة لا تزيد على %(limit_value)s يوم عمل."),
            "invalid": _("اكتب عدد أيام العمل بالأرقام."),
        },
    )
    source_note = _note()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") in ("section", "officer") and not (data.get("name") or "").strip():
            self.add_error("name", _("اكتب اسم القسم أو الموظف المحال إليه."))
        if data.get("kind") == "none" and data.get("answer_within_working_days") is not None:
            self.add_error(
                "answer_within_working_days",
                _("لا إحالة محددة في السياسة: اترك المهلة فارغة، أو اختر جهة الإحالة."),
            )
        return data


PARAM_LABELS = {
    "categories": _("الفئات التي تخدمها الجمعية (واحدة في كل سطر)"),
    "regions": _("المناطق أو المدن (واحدة في كل سطر)"),
    "min": _("الحد الأدنى للعمر (سنة)"),
    "max": _("الحد الأعلى للعمر (سنة)"),
    "amount": _("الحد الأعلى لدخل الفرد الشهري (ريال)"),
}


def _param_types() -> dict[str, type]:
    params: dict[str, type] = {}
    for cls in conditions.condition_types().values():
        params.update(cls.params)
    return params


def _types_with(param: str) -> list[str]:
    return [code for code, cls in conditions.condition_types().items() if param in cls.params]


class ConditionForm(StyledForm):
    """One eligibility condition: its type, and the parameters that type takes."""

    type = forms.ChoiceField(
        label=_("الشرط"),
        error_messages={"invalid_choice": UNKNOWN_CHOICE, "required": _("اختر الشرط.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [
            ("", _("اختر الشرط")),
            *((code, cls.label) for code, cls in conditions.condition_types().items()),
        ]
        self.fields["type"].widget.attrs.update({"class": "form-select", "data-condition-type": ""})
        for param, kind in _param_types().items():
            label = PARAM_LABELS.get(param, param)
            applies = " ".join(_types_with(param))
            if kind is list:
                field: forms.Field = forms.CharField(
                    label=label,
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            elif kind is int:
                field = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    widget=forms.NumberInput(attrs={"dir": "ltr"}),
                    error_messages={
                        "invalid": _("اكتب رقمًا صحيحًا."),
                        "min_value": _("اكتب رقمًا لا يقل عن صفر."),
                    },
                )
            else:
                field = forms.CharField(label=label, required=False, max_length=200)
            field.widget.attrs.update({"class": "form-control", "data-condition-param": applies})
            self.fields[f"p_{param}"] = field

    def param_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("p_")]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        code = data.get("type")
        cls = conditions.condition_types().get(code or "")
        if cls is None:
            return data
        params: dict[str, Any] = {}
        for param, kind in _param_types().items():
            value = data.get(f"p_{param}")
            given = value not in (None, "")
            if param not in cls.params:
                if given:
                    self.add_error(
                        f"p_{param}", _("هذا الحقل لا يخص الشرط المختار؛ امسحه أو اختر شرطًا آخر.")
                    )
                continue
            if kind is list and given:
                items = [line.strip() for line in re.split(r"[\n،,]", value) if line.strip()]
                if items:
                    params[param] = items
            elif given:
                params[param] = value
        if code == "age_between":
            if "min" not in params and "max" not in params:
                self.add_error("p_min", _("اكتب الحد الأدنى أو الأعلى للعمر أو كليهما."))
            elif "min" in params and "max" in params and params["min"] > params["max"]:
                self.add_error("p_max", _("الحد الأعلى أصغر من الحد الأدنى."))
        if code == "income_per_capita_at_most" and "amount" not in params:
            self.add_error("p_amount", _("اكتب الحد الأعلى للدخل."))
        if not self.errors:
            try:
                conditions.check_condition_definition(code, params)
            except ValueError:
                raise ValidationError(_("معطيات هذا الشرط غير صالحة.")) from None
        data["params"] = params
        return data

    @classmethod
    def initial_for(cls, item: dict[str, Any]) -> dict[str, Any]:
        initial = {"type": item.get("type")}
        for param, value in (item.get("params") or {}).items():
            initial[f"p_{param}"] = "\n".join(value) if isinstance(value, list) else value
        return initial


class EligibilityForm(StyledForm):
    source_note = _note()


class AttendanceForm(StyledForm):
    rules = _checkboxes(_labels("attendance")["rules"], ATTENDANCE_RULES)
    source_note = _note()


class CompensationForm(StyledForm):
    enabled = _flag(_labels("compensation")["enabled"])
    requires_association_fault = _flag(_labels("compensation")["requires_association_fault"])
    evidence = _checkboxes(_labels("compensation")["evidence"], COMPENSATION_EVIDENCE)
    negotiated_settlement = _flag(_labels("compensation")["negotiated_settlement"])
    source_note = _note()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("enabled") and not data.get("evidence") and "evidence" not in self.errors:
            self.add_error("evidence", _("اختر ما يثبت الضرر (واحدًا على الأقل)."))
        return data


class ComplaintsForm(StyledForm):
    routes = _checkboxes(_labels("complaints")["routes"], COMPLAINT_ROUTES)
    handled_by = _select(_labels("complaints")["handled_by"], COMPLAINT_BODIES, required=False)
    technical_support = _flag(_labels("complaints")["technical_support"])
    amicable_settlement_first = _flag(_labels("complaints")["amicable_settlement_first"])
    under_approved_rules = _flag(_labels("complaints")["under_approved_rules"])
    source_note = _note()


class RelationshipForm(StyledForm):
    commitments = _checkboxes(_labels("relationship")["commitments"], RELATIONSHIP_COMMITMENTS)
    source_note = _note()


class InformingForm(StyledForm):
    liaison_per_category = _flag(_labels("informing")["liaison_per_category"])
    liaison_per_field = _flag(_labels("informing")["liaison_per_field"])
    channels_kept_open = _flag(_labels("informing")["channels_kept_open"])
    publish_updates = _flag(_labels("informing")["publish_updates"])
    source_note = _note()


class SatisfactionForm(StyledForm):
    methods = _checkboxes(_labels("satisfaction")["methods"], SATISFACTION_METHODS)
    stated_as_goal = _flag(_labels("satisfaction")["stated_as_goal"])
    source_note = _note()


class StaffDutiesForm(StyledForm):
    read_sign_follow = _flag(_labels("staff_duties")["read_sign_follow"])
    hr_spreads_copy = _flag(_labels("staff_duties")["hr_spreads_copy"])
    source_note = _note()


class ReviewForm(StyledForm):
    value = forms.IntegerField(
        label=_labels("review_every_months")["value"],
        min_value=1,
        max_value=60,
        widget=forms.NumberInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
        error_messages={
            "required": _("اكتب عدد الأشهر."),
            "invalid": _("اكتب عدد الأشهر بالأرقام."),
            "min_value": _("شهر واحد على الأقل."),
            "max_value": _("لا تزيد المدة على 60 شهرًا."),
        },
    )
