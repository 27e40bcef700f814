from django import forms
from django.utils.translation import gettext_lazy as _

from silah.accounts.models import Branch
from silah.core import forms as core_forms
from silah.messaging.models import Announcement, MessageClass
from silah.registry.models import Category

_TEXT = {"class": "form-control"}


class TemplateForm(forms.Form):
    subject = forms.CharField(
        label=_("الموضوع (للبريد الإلكتروني والخطاب)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=_TEXT),
    )
    body = forms.CharField(
        label=_("النص"),
        widget=forms.Textarea(attrs=_TEXT | {"rows": 5, "dir": "auto"}),
        error_messages={"required": _("اكتب نص الرسالة.")},
    )
    whatsapp_template = forms.CharField(
        label=_("اسم قالب واتساب المعتمد"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs=_TEXT | {"dir": "ltr"}),
        help_text=_("يُرسل خارج نافذة الـ24 ساعة، بقيم المتغيرات بترتيب ورودها في النص."),
    )


class RecordCallForm(forms.Form):
    outcome = forms.CharField(
        label=_("نتيجة الاتصال"),
        max_length=300,
        widget=forms.TextInput(attrs=_TEXT),
        error_messages={"required": _("اكتب نتيجة الاتصال.")},
    )


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("العنوان"), max_length=200, widget=forms.TextInput(attrs=_TEXT))
    text = forms.CharField(
        label=_("نص الإعلان"), widget=forms.Textarea(attrs=_TEXT | {"rows": 4, "dir": "auto"})
    )
    message_class = forms.ChoiceField(
        label=_("نوع الرسالة"),
        choices=[c for c in MessageClass.choices if c[0] != MessageClass.SERVICE],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        initial=MessageClass.AWARENESS,
        help_text=_(
            "طلب التبرع ترويجي ولو كان من جمعية خيرية. تصل لمن وافق فقط، بين الساعات المسموحة."
        ),
    )
    segment = forms.ChoiceField(
        label=_("الشريحة"),
        choices=Announcement.Segment.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        initial=Announcement.Segment.ALL_ACTIVE,
    )
    category = core_forms.ModelChoiceField(
        label=_("الفئة"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    branch = core_forms.ModelChoiceField(
        label=_("الفرع"),
        queryset=Branch.objects.all(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
