"""Forms of the policy editing screens: they parse what the administrator typed and show
errors at the field; the services (`services`, `services_edit`) decide.

Here: the shared field helpers, the association, starting and approving a draft, the text
sections. The rule groups' forms are in `forms_rules.py`, their editors (form + rows → the
group's JSON) in `editors.py`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import BaseFormSet, formset_factory
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from silah.core import dates
from silah.core.errors import DomainError
from silah.core.forms import DualCalendarDateField
from silah.core.phones import normalize_phone
from silah.policy import services_edit
from silah.policy.models import Organization, PolicyVersion
from silah.policy.queries_edit import SOURCE_NOTE
from silah.policy.rules import (
    SECTION_KINDS,
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


ROWS = "rows"  # the formset prefix of a group's rows


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
