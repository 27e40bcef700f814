"""Forms of the consent tab: a consent answer, the attestation on screen or on paper."""

from django import forms
from django.utils.translation import gettext_lazy as _

from silah.registry.forms_documents import FILE_HELP
from silah.registry.models import ConsentMethod, ConsentPurpose


class ConsentForm(forms.Form):
    ANSWERS = [("grant", _("موافق")), ("withdraw", _("غير موافق أو سحب موافقته"))]

    purpose = forms.ChoiceField(
        label=_("الغرض"),
        choices=ConsentPurpose.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("اختر الغرض."),
            "invalid_choice": _("اختر الغرض من القائمة."),
        },
    )
    answer = forms.ChoiceField(
        label=_("جواب المستفيد"),
        choices=ANSWERS,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("اختر جواب المستفيد."),
            "invalid_choice": _("اختر جواب المستفيد."),
        },
    )
    how = forms.ChoiceField(
        label=_("كيف عبّر عنه"),
        choices=[("", "—"), *ConsentMethod.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": _("اختر طريقة تعبير المستفيد."),
            "invalid_choice": _("اختر طريقة تعبير المستفيد من القائمة."),
        },
    )
    note = forms.CharField(
        label=_("ملاحظة"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"max_length": _("الملاحظة أطول من 500 حرف.")},
    )


class ScreenAttestationForm(forms.Form):
    typed_name = forms.CharField(
        label=_("اسم المستفيد الكامل كما يكتبه بنفسه"),
        max_length=250,
        help_text=_("الاسم الأول واسم الأب واسم الجد واسم العائلة؛ يقوم مقام توقيعه."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
        error_messages={
            "required": _("يكتب المستفيد اسمه الكامل كما في ملفه."),
            "max_length": _("الاسم أطول من المسموح."),
        },
    )
    confirmed = forms.BooleanField(
        label=_("قرأ المستفيد نص الإقرار (أو قُرئ عليه) وأكّد صحة بياناته أمامي."),
        error_messages={"required": _("يؤكد المستفيد أنه قرأ الإقرار وأن بياناته صحيحة.")},
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class PaperAttestationForm(forms.Form):
    file = forms.FileField(
        label=_("صورة نموذج الإقرار الموقّع"),
        help_text=FILE_HELP,
        error_messages={
            "required": _("اختر صورة النموذج الموقّع."),
            "empty": _("الملف فارغ: اختر الملف الصحيح وارفعه مرة أخرى."),
            "invalid": _("تعذر استلام الملف: اختره وارفعه مرة أخرى."),
        },
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png,.heic,.heif"}
        ),
    )
