"""Forms of the policy editing screens: they parse what the administrator typed and show
errors at the field; the services (`services`, `services_edit`) decide.

Each rule group of `rules.RULE_GROUPS` has an editor: a form, and for the groups that are
lists (custom intake channels, tools, eligibility conditions) a formset of rows that can be
added, removed and reordered. An editor turns what was typed into the group's JSON
(`value()`), and puts a service's DomainError back at the field that caused it.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import BaseFormSet, formset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from silah.core import dates
from silah.core.errors import DomainError
from silah.core.forms import DualCalendarDateField
from silah.core.phones import normalize_phone
from silah.policy import conditions, services_edit
from silah.policy.models import Organization, PolicyVersion
from silah.policy.queries_edit import FIELD_LABELS, SOURCE_NOTE
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
    RELATIONSHIP_COMMITMENTS,
    SATISFACTION_METHODS,
    SECTION_KINDS,
    TOOL_KINDS,
)

UNKNOWN_CHOICE = _("«%(value)s» ليس من الخيارات المتاحة. اختر من القائمة.")
REQUIRED = _("هذا الحقل مطلوب.")
SOURCE_NOTE_HELP = _(
    "نص القاعدة كما ورد في وثيقة السياسة، يُحفظ بجانبها للمراجعة. المنشور هو الجملة "
    "المولّدة من القيم أعلاه."
)


def _style(form: forms.BaseForm) -> None:
    """Bootstrap's class on every widget, for its kind."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
            css = "form-check-input"  # RadioSelect includes CheckboxSelectMultiple
        elif isinstance(widget, forms.Select):
            css = "form-select"
        elif isinstance(widget, forms.HiddenInput):
            continue
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


def _choices(vocabulary: dict[str, Any]) -> list[tuple[str, Any]]:
    return list(vocabulary.items())


class VocabularyChoiceField(forms.MultipleChoiceField):
    """Codes from a vocabulary, cleaned in the vocabulary's order (so that two versions
    with the same choices store the same list)."""

    def clean(self, value: Any) -> list[str]:
        chosen = set(super().clean(value))
        return [str(code) for code, _label in self.choices if code in chosen]


def keep_order(current: list[str], chosen: list[str]) -> list[str]:
    """The chosen codes: those already listed keep their place (a preset lists them in its
    seed's order, which the document follows), the new ones follow in the vocabulary's."""
    return [code for code in current if code in chosen] + [
        code for code in chosen if code not in current
    ]


def _checkboxes(label: Any, vocabulary: dict[str, Any], **kwargs: Any) -> forms.Field:
    return VocabularyChoiceField(
        label=label,
        choices=_choices(vocabulary),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": UNKNOWN_CHOICE},
        **kwargs,
    )


def _select(label: Any, vocabulary: dict[str, Any], **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=_choices(vocabulary),
        error_messages={"invalid_choice": UNKNOWN_CHOICE, "required": REQUIRED},
        **kwargs,
    )


def _note(label: Any = SOURCE_NOTE, help_text: Any = SOURCE_NOTE_HELP) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=4000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _flag(label: Any) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False)


def _error_from(error: DomainError) -> ValidationError:
    return ValidationError(error.message)


# -- the association --------------------------------------------------------------------------


class OrganizationForm(forms.ModelForm):
    logo_upload = forms.FileField(
        label=_("الشعار"),
        required=False,
        help_text=_("صورة PNG أو JPEG أو WEBP، حجمها 1 ميجابايت على الأكثر."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("احذف الشعار الحالي"), required=False)
    website = forms.URLField(
        label=_("الموقع الإلكتروني"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr", "autocomplete": "url"}),
        error_messages={"invalid": _("اكتب رابطًا صحيحًا، مثل https://example.org.sa")},
    )

    class Meta:
        model = Organization
        fields = services_edit.ORGANIZATION_FIELDS
        widgets = {
            "name_en": forms.TextInput(attrs={"dir": "ltr"}),
            "licence_number": forms.TextInput(attrs={"dir": "ltr"}),
            "phone": forms.TextInput(attrs={"dir": "ltr", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
            "beneficiary_term_en": forms.TextInput(attrs={"dir": "ltr"}),
        }
        help_texts = {
            "licence_authority_other": _("إن كانت جهة الترخيص «جهة أخرى»."),
            "phone": _("رقم ثابت أو جوال، بأي صيغة، مثل 0127201234."),
            "beneficiary_term": _("كما تسميه السياسة: المستفيد، المستخدم، العضو…"),
            "beneficiary_term_plural": _("مثل: المستفيدين، المستخدمين، الأعضاء."),
        }
        error_messages = {
            "name": {"required": _("اكتب اسم الجمعية.")},
            "licence_authority": {"invalid_choice": UNKNOWN_CHOICE, "required": REQUIRED},
            "email": {"invalid": _("أدخل بريدًا إلكترونيًا صحيحًا، مثل name@example.org.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("beneficiary_term", "beneficiary_term_plural", "beneficiary_term_en"):
            self.fields[name].error_messages["required"] = _("اكتب التسمية المستخدمة للمستفيد.")
        if not (self.instance and self.instance.logo):
            del self.fields["remove_logo"]
        _style(self)

    def clean_phone(self) -> str:
        text = self.cleaned_data.get("phone", "")
        if not text.strip():
            return ""
        return normalize_phone(text, allow_landline=True)

    def clean_logo_upload(self) -> Any:
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            try:
                services_edit.check_logo(upload)
            except DomainError as error:
                raise _error_from(error) from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("licence_authority") == Organization.LicenceAuthority.OTHER
            and not (data.get("licence_authority_other") or "").strip()
        ):
            self.add_error("licence_authority_other", _("اكتب اسم جهة الترخيص."))
        return data

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in services_edit.ORGANIZATION_FIELDS}
        if self.cleaned_data.get("logo_upload"):
            data["logo"] = self.cleaned_data["logo_upload"]
        elif self.cleaned_data.get("remove_logo"):
            data["logo"] = False
        return data


# -- starting, approving, comparing -----------------------------------------------------------


class StartDraftForm(StyledForm):
    source = forms.ChoiceField(
        label=_("ابدأ المسودة من"),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": UNKNOWN_CHOICE, "required": _("اختر من أين تبدأ.")},
    )

    def __init__(
        self, *args: Any, in_force: PolicyVersion | None, presets: list[tuple[str, str]], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = []
        if in_force is not None:
            choices.append(
                (
                    services_edit.SOURCE_IN_FORCE,
                    gettext("الإصدار النافذ (رقم %(number)s)") % {"number": in_force.number},
                )
            )
        choices.extend(
            (f"{services_edit.PRESET_PREFIX}{code}", gettext("نموذج: %(name)s") % {"name": name})
            for code, name in presets
        )
        choices.append((services_edit.SOURCE_BLANK, _("سياسة فارغة")))
        self.fields["source"].choices = choices
        self.fields["source"].initial = choices[0][0]


class ApprovalForm(StyledForm):
    resolution_number = forms.CharField(
        label=_("رقم قرار مجلس الإدارة"),
        max_length=60,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
        error_messages={"required": _("اكتب رقم قرار مجلس الإدارة.")},
    )
    meeting = forms.CharField(
        label=_("الاجتماع"),
        max_length=200,
        required=False,
        help_text=_("مثل: الدورة الأولى، الجلسة الأولى لعام 2026"),
    )
    approved_on = DualCalendarDateField(
        label=_("تاريخ اعتماد المجلس"),
        max_date=dates.today,
        error_messages={
            "required": _("اكتب تاريخ اعتماد المجلس."),
            "max_date": _("تاريخ الاعتماد لا يكون في المستقبل."),
        },
    )
    next_review_on = DualCalendarDateField(label=_("موعد المراجعة القادمة"), required=False)

    def __init__(self, *args: Any, review_every_months: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["next_review_on"].help_text = gettext(
            "اختياري. إن تُرك فارغًا فموعدها بعد %(months)s شهرًا من تاريخ الاعتماد، كما تقول "
            "قواعد هذا الإصدار."
        ) % {"months": review_every_months}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        approved, review = data.get("approved_on"), data.get("next_review_on")
        if approved and review and review <= approved:
            self.add_error("next_review_on", _("موعد المراجعة يكون بعد تاريخ الاعتماد."))
        return data


# -- text sections ----------------------------------------------------------------------------


class TitleForm(StyledForm):
    title = forms.CharField(
        label=_("عنوان السياسة"),
        max_length=300,
        error_messages={"required": _("اكتب عنوان السياسة.")},
    )


class SectionForm(StyledForm):
    kind = _select(_("نوع القسم"), SECTION_KINDS, initial="other")
    title = forms.CharField(
        label=_("عنوان القسم"), max_length=200, error_messages={"required": _("اكتب عنوان القسم.")}
    )
    body = forms.CharField(
        label=_("النص"),
        max_length=20000,
        required=False,
        help_text=_("فقرة في كل سطر؛ والسطر الذي يبدأ بـ «- » بند في قائمة."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class RowsFormSet(BaseFormSet):
    """A formset whose rows can be removed ("DELETE") and, if ordered, moved ("ORDER")."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("احذف هذا الصف")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = _("الترتيب")
            form.fields["ORDER"].widget.attrs.update({"class": "form-control", "dir": "ltr"})
            form.fields["ORDER"].error_messages["invalid"] = _("اكتب رقمًا صحيحًا.")

    def rows(self) -> list[forms.Form]:
        """The kept rows, in the order asked for (an unchanged blank row is not a row)."""
        if self.can_order:
            return list(self.ordered_forms)
        return [
            form
            for form in self.forms
            if form.has_changed() and not (self.can_delete and self._should_delete_form(form))
        ]

    def get_ordering_widget(self) -> forms.Widget:
        return forms.NumberInput(attrs={"min": 1})


SectionFormSet = formset_factory(
    SectionForm, formset=RowsFormSet, extra=1, can_delete=True, can_order=True, max_num=60
)


def sections_initial(version: PolicyVersion) -> list[dict[str, Any]]:
    return [section.model_dump() for section in version.parsed_sections()]


def sections_value(formset: RowsFormSet) -> list[dict[str, Any]]:
    return [
        {
            "kind": form.cleaned_data["kind"],
            "title": form.cleaned_data["title"].strip(),
            "body": form.cleaned_data.get("body", "").strip(),
        }
        for form in formset.rows()
    ]


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
    source_note = _note()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") in ("section", "officer") and not (data.get("name") or "").strip():
            self.add_error("name", _("اكتب اسم القسم أو الموظف المحال إليه."))
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


ROWS = "rows"  # the formset prefix of a group's rows

CustomChannelFormSet = formset_factory(
    CustomChannelForm, formset=RowsFormSet, extra=1, can_delete=True, max_num=40
)
ToolFormSet = formset_factory(
    ToolForm, formset=RowsFormSet, extra=1, can_delete=True, can_order=True, max_num=60
)
ConditionFormSet = formset_factory(
    ConditionForm, formset=RowsFormSet, extra=1, can_delete=True, can_order=True, max_num=20
)


class GroupEditor:
    """One rule group on screen: a form, maybe rows, and the group's JSON from them."""

    group: ClassVar[str]
    form_class: ClassVar[type[forms.Form]]
    formset_class: ClassVar[type[RowsFormSet] | None] = None
    rows_label: ClassVar[Any] = ""
    add_row_label: ClassVar[Any] = _("أضف صفًا")

    def __init__(
        self,
        version: PolicyVersion,
        data: Any = None,
        files: Any = None,
    ) -> None:
        self.version = version
        self.current = version.parsed_rules().model_dump(mode="json")[self.group]
        self.form = self.form_class(data, files, initial=self.form_initial())
        self.formset = (
            self.formset_class(data, files, initial=self.rows_initial(), prefix=ROWS)
            if self.formset_class is not None
            else None
        )

    # what is on screen now
    def form_initial(self) -> dict[str, Any]:
        return dict(self.current) if isinstance(self.current, dict) else {}

    def rows_initial(self) -> list[dict[str, Any]]:
        return []

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        if self.formset is not None:
            valid = self.formset.is_valid() and valid
            if valid:
                valid = self.check_rows()
        return valid

    def check_rows(self) -> bool:
        return True

    # what is saved
    def value(self) -> Any:
        data = {name: self.form.cleaned_data[name] for name in self.form.fields}
        for name, field in self.form.fields.items():
            if isinstance(field, VocabularyChoiceField):
                data[name] = keep_order(self.current.get(name) or [], data[name])
        return {**self.current, **data}

    def service_kwargs(self) -> dict[str, Any]:
        return {}

    def add_domain_error(self, error: DomainError) -> None:
        """Show a service's refusal at the field it names ("rules.<group>.<field>…")."""
        path = (error.field or "").split(".")
        if path[:2] == ["rules", self.group]:
            path = path[2:]
        if path and path[0] in self.form.fields:
            self.form.add_error(path[0], error.message)
        elif self.formset is not None and path and path[0].isdigit():
            rows = self.formset.rows()
            index = int(path[0])
            if index < len(rows):
                rows[index].add_error(None, error.message)
                return
            self.form.add_error(None, error.message)
        else:
            self.form.add_error(None, error.message)

    @property
    def has_errors(self) -> bool:
        if self.form.errors:
            return True
        return self.formset is not None and (
            any(self.formset.errors) or bool(self.formset.non_form_errors())
        )


class IntakeEditor(GroupEditor):
    group = "intake"
    form_class = IntakeForm
    formset_class = CustomChannelFormSet
    rows_label = _labels("intake")["custom_channels"]
    add_row_label = _("أضف قناة")

    def rows_initial(self) -> list[dict[str, Any]]:
        return [dict(item) for item in self.current["custom_channels"]]

    def check_rows(self) -> bool:
        rows = self.formset.rows()
        names = [form.cleaned_data["name"].strip() for form in rows]
        built_in = {str(label) for label in INTAKE_CHANNELS.values()}
        for form, name in zip(rows, names, strict=True):
            if names.count(name) > 1:
                form.add_error("name", _("هذه القناة مكررة."))
            elif name in built_in:
                form.add_error("name", _("هذه القناة في القائمة أعلاه؛ اخترها من هناك."))
        return not any(form.errors for form in rows)

    def value(self) -> Any:
        kept = {item["code"] for item in self.current["custom_channels"]}
        used: set[str] = set()
        custom = []
        for form in self.formset.rows():
            code = form.cleaned_data.get("code") or ""
            if code not in kept or code in used:
                code = ""
            custom.append({"code": code, "name": form.cleaned_data["name"].strip()})
            used.add(code)
        taken = used | kept
        number = 1
        for item in custom:
            if not item["code"]:
                while f"custom_{number}" in taken:
                    number += 1
                item["code"] = f"custom_{number}"
                taken.add(item["code"])
        return {
            "channels": keep_order(self.current["channels"], self.form.cleaned_data["channels"]),
            "custom_channels": custom,
            "source_note": self.form.cleaned_data["source_note"],
        }


class ContactEditor(GroupEditor):
    group = "contact"
    form_class = ContactForm


class ToolsEditor(GroupEditor):
    group = "tools"
    form_class = NoFieldsForm
    formset_class = ToolFormSet
    rows_label = _labels("tools")["tools"]
    add_row_label = _("أضف أداة")

    def __init__(self, version: PolicyVersion, data: Any = None, files: Any = None) -> None:
        super().__init__(version, data, files)
        self.documents = {d.tool_name: d for d in version.tool_files.all()}
        for form in self.formset.forms:
            if self.document_for(form) is None:  # nothing to remove
                del form.fields["remove_file"]

    def form_initial(self) -> dict[str, Any]:
        return {}

    def rows_initial(self) -> list[dict[str, Any]]:
        return [{**tool, "original_name": tool["name"]} for tool in self.current]

    def document_for(self, form: forms.Form) -> Any:
        return self.documents.get(form.initial.get("original_name") or "")

    def check_rows(self) -> bool:
        rows = self.formset.rows()
        names = [form.cleaned_data["name"].strip() for form in rows]
        for form, name in zip(rows, names, strict=True):
            if names.count(name) > 1:
                form.add_error("name", _("اسم الأداة مكرر؛ لكل أداة اسم واحد."))
        return not any(form.errors for form in rows)

    def value(self) -> Any:
        return [
            {
                "name": form.cleaned_data["name"].strip(),
                "kind": form.cleaned_data["kind"],
                "link": form.cleaned_data.get("link") or "",
            }
            for form in self.formset.rows()
        ]

    def service_kwargs(self) -> dict[str, Any]:
        renamed: dict[str, str] = {}
        files: dict[str, Any] = {}
        for form in self.formset.rows():
            name = form.cleaned_data["name"].strip()
            original = form.initial.get("original_name") or ""
            if original:
                renamed[original] = name
            if form.cleaned_data.get("file"):
                files[name] = form.cleaned_data["file"]
            elif form.cleaned_data.get("remove_file"):
                files[name] = False
        return {"tool_files": files, "renamed_tools": renamed}


class EligibilityEditor(GroupEditor):
    group = "eligibility"
    form_class = EligibilityForm
    formset_class = ConditionFormSet
    rows_label = _labels("eligibility")["conditions"]
    add_row_label = _("أضف شرطًا")

    def rows_initial(self) -> list[dict[str, Any]]:
        return [ConditionForm.initial_for(item) for item in self.current["conditions"]]

    def value(self) -> Any:
        return {
            "conditions": [
                {"type": form.cleaned_data["type"], "params": form.cleaned_data["params"]}
                for form in self.formset.rows()
            ],
            "source_note": self.form.cleaned_data["source_note"],
        }


class ReviewEditor(GroupEditor):
    group = "review_every_months"
    form_class = ReviewForm

    def form_initial(self) -> dict[str, Any]:
        return {"value": self.current}

    def value(self) -> Any:
        return self.form.cleaned_data["value"]


def _plain_editor(group: str, form_class: type[forms.Form]) -> type[GroupEditor]:
    """A group edited by one form whose fields are the group's own."""
    return type(
        f"{group.title()}Editor", (GroupEditor,), {"group": group, "form_class": form_class}
    )


PLAIN_GROUPS: dict[str, type[forms.Form]] = {
    "deadline": DeadlineForm,
    "decision": DecisionForm,
    "referral": ReferralForm,
    "attendance": AttendanceForm,
    "compensation": CompensationForm,
    "complaints": ComplaintsForm,
    "relationship": RelationshipForm,
    "informing": InformingForm,
    "satisfaction": SatisfactionForm,
    "staff_duties": StaffDutiesForm,
}

EDITORS: dict[str, type[GroupEditor]] = {
    editor.group: editor
    for editor in (
        IntakeEditor,
        ContactEditor,
        ToolsEditor,
        EligibilityEditor,
        ReviewEditor,
        *(_plain_editor(group, form) for group, form in PLAIN_GROUPS.items()),
    )
}


def with_added_row(data: Any, prefix: str = ROWS) -> Any:
    """The POST data with one more blank row (the "add a row" button, without JavaScript)."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, 0))
    except (TypeError, ValueError):
        return data
    data[key] = str(total + 1)
    return data
