"""Forms of the documents tab: upload, replace, delete. Checks of content are the service's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from silah.core import forms as core_forms
from silah.core.forms import DualCalendarDateField
from silah.registry.models import DocumentType

FILE_HELP = _("ملف PDF أو صورة (JPEG أو PNG أو HEIC)، يُفحص محتواه عند الرفع.")


class DocumentTypeChoice(core_forms.ModelChoiceField):
    def label_from_instance(self, obj: DocumentType) -> str:
        return obj.name


class UploadForm(forms.Form):
    document_type = DocumentTypeChoice(
        label=_("نوع الوثيقة"),
        queryset=DocumentType.objects.filter(is_active=True),
        error_messages={
            "required": _("اختر نوع الوثيقة."),
            "invalid_choice": _("اختر نوع الوثيقة من القائمة."),
        },
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=_("الملف"),
        help_text=FILE_HELP,
        error_messages={
            "required": _("اختر الملف."),
            "empty": _("الملف فارغ: اختر الملف الصحيح وارفعه مرة أخرى."),
            "invalid": _("تعذر استلام الملف: اختره وارفعه مرة أخرى."),
        },
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png,.heic,.heif"}
        ),
    )
    expires_on = DualCalendarDateField(
        label=_("تاريخ الانتهاء"),
        required=False,
        help_text=_("للوثائق التي تنتهي صلاحيتها، مثل الهوية وعقد الإيجار."),
    )
    note = forms.CharField(
        label=_("ملاحظة"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"max_length": _("الملاحظة أطول من 500 حرف.")},
    )


class ReplaceForm(UploadForm):
    reason = forms.CharField(
        label=_("سبب الاستبدال"),
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={
            "required": _("اكتب سبب الاستبدال."),
            "max_length": _("السبب أطول من 500 حرف."),
        },
    )


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("سبب الحذف"),
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={
            "required": _("اكتب سبب الحذف."),
            "max_length": _("السبب أطول من 500 حرف."),
        },
    )
