"""The small forms of the request page, one per action. Each carries the request's
`row_version` as it was when the page was drawn, so a form opened before someone else
changed the request is refused with the workflow's message instead of overwriting it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from silah.applications import queries_screens
from silah.applications.models import Application, Decision, ResearchVisit
from silah.core import dates
from silah.core.forms import DualCalendarDateField, ModelChoiceField

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}
AREA = {"class": "form-control", "rows": 3}


class UserChoice(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class VersionedForm(forms.Form):
    """A form that changes a request: the version it was opened at travels with it."""

    row_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("أعد فتح الطلب ثم أعد المحاولة."),
            "invalid": _("أعد فتح الطلب ثم أعد المحاولة."),
            "min_value": _("أعد فتح الطلب ثم أعد المحاولة."),
        },
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("row_version", application.row_version)
        super().__init__(*args, **kwargs)
        self.application = application


class ConfirmForm(VersionedForm):
    """Mark complete, send to review: nothing to fill but the version."""


class TickForm(VersionedForm):
    """Mark one checklist item present (a document item may come with its file, uploaded to
    the beneficiary's file on the way) or not present any more."""

    item = forms.IntegerField(widget=forms.HiddenInput)
    present = forms.BooleanField(required=False, widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("المستند"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control form-control-sm", "accept": ".pdf,.jpg,.jpeg,.png,.heic"}
        ),
    )
    expires_on = DualCalendarDateField(label=_("تاريخ انتهاء المستند"), required=False)

    def clean_item(self) -> Any:
        pk = self.cleaned_data["item"]
        item = self.application.checklist.filter(pk=pk).select_related("document_type").first()
        if item is None:
            raise forms.ValidationError(_("بند غير موجود في قائمة تحقق هذا الطلب."))
        return item


class ReturnForm(VersionedForm):
    missing = forms.MultipleChoiceField(
        label=_("البنود الناقصة"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=_("ما ينقص الطلب أيضًا"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs=AREA),
        help_text=_("يُبلَّغ به المستفيد كما تكتبه."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["missing"].choices = [
            (str(item.pk), item.label) for item in self.application.checklist.all()
        ]


class ReferForm(VersionedForm):
    note = forms.CharField(
        label=_("ما الذي لم يتضح"),
        max_length=1000,
        widget=forms.Textarea(attrs=AREA),
        error_messages={"required": _("اكتب ما الذي لم يتضح للمستفيد.")},
    )
    target_user = UserChoice(
        label=_("الموظف المحال إليه (اختياري)"),
        required=False,
        queryset=queries_screens.referral_answerers(),
        widget=forms.Select(attrs=SELECT),
    )


class ResearchForm(VersionedForm):
    """Send to research (with a researcher when the user may assign), or reassign."""

    researcher = UserChoice(
        label=_("الباحث الاجتماعي"),
        required=False,
        queryset=queries_screens.researchers(),
        widget=forms.Select(attrs=SELECT),
    )
    place = forms.ChoiceField(
        label=_("مكان الزيارة"),
        choices=ResearchVisit.Place.choices,
        initial=ResearchVisit.Place.HOME,
        widget=forms.Select(attrs=SELECT),
    )
    planned_on = DualCalendarDateField(
        label=_("موعد الزيارة"),
        required=False,
        min_date=dates.today,
        error_messages={"min_date": _("موعد الزيارة لا يكون في الماضي.")},
    )

    def __init__(self, *args: Any, can_assign: bool = True, require: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        if not can_assign:
            for name in ("researcher", "place", "planned_on"):
                del self.fields[name]
        elif require:
            self.fields["researcher"].required = True
            self.fields["researcher"].error_messages["required"] = _("اختر باحثًا اجتماعيًا.")


class DecisionForm(VersionedForm):
    outcome = forms.ChoiceField(
        label=_("القرار"),
        choices=Decision.Outcome.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("اختر القرار: قبول أو رفض.")},
    )
    reason = forms.CharField(
        label=_("السبب كما يُبلَّغ للمستفيد"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=AREA),
        help_text=_("إلزامي عند الرفض، بلغة واضحة يفهمها المستفيد."),
    )
    decided_on = DualCalendarDateField(
        label=_("تاريخ القرار"),
        required=False,
        max_date=dates.today,
        error_messages={"max_date": _("تاريخ القرار لا يكون في المستقبل.")},
    )
    external_reference = forms.CharField(
        label=_("رقم خطاب الجهة"), required=False, max_length=100, widget=forms.TextInput(TEXT)
    )
    external_date = DualCalendarDateField(
        label=_("تاريخ خطاب الجهة"),
        required=False,
        max_date=dates.today,
        error_messages={"max_date": _("تاريخ خطاب الجهة لا يكون في المستقبل.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.application.deciding_body != "external_authority":
            del self.fields["external_reference"]
            del self.fields["external_date"]


class StartDeliveryForm(VersionedForm):
    on = DualCalendarDateField(
        label=_("موعد التسليم (اختياري)"),
        required=False,
        min_date=dates.today,
        error_messages={"min_date": _("موعد التسليم لا يكون في الماضي.")},
    )
    place = forms.CharField(
        label=_("مكان التسليم (اختياري)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(TEXT),
    )


class CloseForm(VersionedForm):
    note = forms.CharField(
        label=_("ملاحظة الإغلاق (اختياري)"),
        required=False,
        max_length=1000,
        widget=forms.TextInput(TEXT),
    )


class WithdrawForm(VersionedForm):
    reason = forms.CharField(
        label=_("سبب سحب الطلب"),
        max_length=1000,
        widget=forms.TextInput(TEXT),
        error_messages={"required": _("اكتب سبب سحب الطلب.")},
    )
