"""Forms of the PDPL screens: requests, the copy, destruction, retention, breaches."""

from django import forms
from django.utils.translation import gettext_lazy as _

from silah.core import dates
from silah.core.forms import DualCalendarDateField
from silah.core.forms_calendar import BootstrapForm
from silah.registry.models import Breach, PrivacyRequest

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def _moment(label, *, required: bool = True, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text or _("بتوقيت الرياض."),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=DateTimeLocalInput(),
        error_messages={"invalid": _("أدخل التاريخ والوقت كاملين.")},
    )


class FileNumberForm(BootstrapForm):
    file_number = forms.CharField(
        label=_("رقم ملف المستفيد"),
        max_length=40,
        help_text=_("كما هو على الملف، مثل BEN-1448-000123."),
        error_messages={"required": _("اكتب رقم الملف.")},
    )


class PrivacyRequestForm(BootstrapForm):
    beneficiary = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("نوع الطلب"), choices=PrivacyRequest.Kind.choices)
    received_on = DualCalendarDateField(
        label=_("تاريخ الاستلام"),
        max_date=dates.today,
        error_messages={"max_date": _("تاريخ الاستلام لا يكون في المستقبل.")},
    )
    channel = forms.ChoiceField(label=_("قناة الورود"), choices=PrivacyRequest.Channel.choices)
    verification = forms.ChoiceField(
        label=_("كيف تحققت من هوية مقدم الطلب"),
        choices=PrivacyRequest.Verification.choices,
        widget=forms.RadioSelect,
    )
    verification_note = forms.CharField(
        label=_("ملاحظة التحقق"),
        max_length=300,
        required=False,
        help_text=_("مثل: نوع الوثيقة المعروضة. لا تكتب رقمها."),
    )
    details = forms.CharField(
        label=_("تفاصيل الطلب"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    by_representative = forms.BooleanField(
        label=_("قدّمه ولي أو وكيل عن صاحب البيانات"), required=False
    )
    representative_name = forms.CharField(
        label=_("اسم الولي أو الوكيل"), max_length=200, required=False
    )
    representative_relation = forms.CharField(label=_("صفته"), max_length=120, required=False)


class TextForm(BootstrapForm):
    text = forms.CharField(
        label=_("النص"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("هذا الحقل مطلوب.")},
    )


class DestroyForm(BootstrapForm):
    confirm_file_number = forms.CharField(
        label=_("اكتب رقم ملف المستفيد لتأكيد الإتلاف"),
        max_length=40,
        error_messages={"required": _("اكتب رقم الملف لتأكيد الإتلاف.")},
    )


class RetentionRuleForm(BootstrapForm):
    keep_days = forms.IntegerField(
        label=_("مدة الاحتفاظ بالأيام"),
        min_value=365,
        max_value=36500,
        error_messages={
            "invalid": _("أدخل عدد أيام صحيحًا."),
            "min_value": _("لا تقل مدة الاحتفاظ عن 365 يومًا."),
            "max_value": _("لا تزيد مدة الاحتفاظ عن 36500 يوم."),
            "required": _("أدخل مدة الاحتفاظ."),
        },
    )
    enabled = forms.BooleanField(label=_("يُطبَّق تلقائيًا كل يوم"), required=False)


class HoldForm(BootstrapForm):
    beneficiary = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("سبب الإبقاء على الملف"),
        max_length=300,
        error_messages={"required": _("اكتب سبب الإبقاء على الملف.")},
    )


class BreachForm(BootstrapForm):
    discovered_at = _moment(_("وقت اكتشاف الحادثة"))
    description = forms.CharField(
        label=_("وصف الحادثة"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("ما حدث وكيف اكتُشف، دون أسماء الأشخاص أو أرقامهم."),
    )
    data_categories = forms.MultipleChoiceField(
        label=_("فئات البيانات المتأثرة"),
        choices=Breach.DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("اختر فئة واحدة على الأقل.")},
    )
    people_affected = forms.IntegerField(
        label=_("عدد المتأثرين (تقديرًا)"),
        min_value=0,
        error_messages={"invalid": _("أدخل عددًا صحيحًا."), "min_value": _("لا يقل عن صفر.")},
    )
    containment = forms.CharField(
        label=_("إجراءات الاحتواء"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BreachUpdateForm(BreachForm):
    contained_at = _moment(_("وقت الاحتواء"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["discovered_at"]


class RegulatorNoticeForm(BootstrapForm):
    notified_at = _moment(_("وقت إشعار الهيئة"))
    reference = forms.CharField(label=_("رقم البلاغ لدى الهيئة"), max_length=60, required=False)


class PeopleNoticeForm(BootstrapForm):
    notified_at = _moment(_("وقت إشعار المتأثرين"))
    notice = forms.CharField(
        label=_("كيف أُشعروا"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("القناة ونص الرسالة."),
        error_messages={"required": _("اكتب كيف أُشعر المتأثرون.")},
    )
