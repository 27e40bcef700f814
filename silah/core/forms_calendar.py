"""Forms an administrator uses on the working calendar."""

from django import forms
from django.utils.translation import gettext_lazy as _

from silah.core.forms import DualCalendarDateField
from silah.core.models import CalendarSettings, Holiday

WEEKDAYS = [
    (6, _("الأحد")),
    (0, _("الاثنين")),
    (1, _("الثلاثاء")),
    (2, _("الأربعاء")),
    (3, _("الخميس")),
    (4, _("الجمعة")),
    (5, _("السبت")),
]


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class HolidayCorrectionForm(BootstrapForm):
    start = DualCalendarDateField(
        label=_("التاريخ المعلن رسميًا لأول يوم"),
        help_text=_("لعيد الفطر: اليوم التالي للتاسع والعشرين من رمضان. لعيد الأضحى: يوم عرفة."),
    )
    days = forms.IntegerField(label=_("عدد الأيام"), min_value=1, max_value=60)
    reason = forms.CharField(label=_("السبب أو مصدر الإعلان"), max_length=300, required=False)


class HolidayAddForm(BootstrapForm):
    kind = forms.ChoiceField(
        label=_("النوع"),
        choices=[
            (Holiday.Kind.CLOSURE, Holiday.Kind.CLOSURE.label),
            (Holiday.Kind.OFFICIAL, Holiday.Kind.OFFICIAL.label),
        ],
    )
    name = forms.CharField(label=_("الاسم"), max_length=120)
    start = DualCalendarDateField(label=_("أول يوم"))
    days = forms.IntegerField(label=_("عدد الأيام"), min_value=1, max_value=60, initial=1)
    reason = forms.CharField(label=_("السبب"), max_length=300, required=False)


class ReasonForm(BootstrapForm):
    reason = forms.CharField(label=_("السبب"), max_length=300, required=False)


class CalendarSettingsForm(BootstrapForm):
    weekend_days = forms.TypedMultipleChoiceField(
        label=_("أيام العطلة الأسبوعية"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    eid_compensation = forms.ChoiceField(
        label=_("تعويض أيام العيد الواقعة في العطلة الأسبوعية"),
        choices=CalendarSettings.Compensation.choices,
    )
    move_to_working_day = forms.BooleanField(
        label=_("المهلة بالأيام التقويمية التي تنتهي في يوم عطلة تنتقل إلى أول يوم عمل بعده"),
        required=False,
    )
