"""Forms of the queues, the handover, referrals, the file's applications tab and the
deliveries export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from silah.applications import queries_screens
from silah.applications.forms_request import AREA, SELECT, TEXT, UserChoice
from silah.applications.models import State
from silah.applications.workflow import channel_choices
from silah.core.forms import DualCalendarDateField, QuickSelect

SORTS = [
    ("deadline", _("الأقرب موعدًا أولًا")),
    ("-deadline", _("الأبعد موعدًا أولًا")),
    ("-received", _("الأحدث استلامًا أولًا")),
]


class QueueFilterForm(forms.Form):
    """The queue's filters and sort, in the query string (ids and codes only)."""

    # The branches and services from lists kept a minute (queries_screens.filter_lists):
    # every queue page draws them.
    branch = forms.TypedChoiceField(
        label=_("الفرع"),
        required=False,
        coerce=int,
        widget=QuickSelect(attrs={**SELECT, "class": "form-select form-select-sm"}),
    )
    service = forms.TypedChoiceField(
        label=_("الخدمة"),
        required=False,
        coerce=int,
        widget=QuickSelect(attrs={"class": "form-select form-select-sm"}),
    )
    channel = forms.ChoiceField(
        label=_("قناة الاستقبال"),
        required=False,
        widget=QuickSelect(attrs={"class": "form-select form-select-sm"}),
    )
    state = forms.ChoiceField(
        label=_("الحالة"),
        required=False,
        choices=[("", _("كل الحالات")), *State.choices],
        widget=QuickSelect(attrs={"class": "form-select form-select-sm"}),
    )
    sort = forms.ChoiceField(
        label=_("الترتيب"),
        required=False,
        choices=SORTS,
        widget=QuickSelect(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(
        self, *args: Any, channels: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        channels = channel_choices() if channels is None else channels
        self.fields["channel"].choices = [("", _("كل القنوات")), *channels]
        self.fields["branch"].choices = [
            ("", _("كل الفروع")),
            *queries_screens.filter_lists()["branches"],
        ]
        self.fields["service"].choices = [
            ("", _("كل الخدمات")),
            *queries_screens.filter_lists()["services"],
        ]

    NAMES = ("branch", "service", "channel", "state", "sort")

    def filters(self) -> dict[str, Any]:
        """The valid filters given (an invalid one is ignored, never a 500)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        found = {}
        for name in self.NAMES:
            value = data.get(name)
            if value:
                found[name] = value
        return found


class HandoverForm(forms.Form):
    from_user = UserChoice(
        label=_("صاحب العمل (الغائب أو المغادر)"),
        queryset=queries_screens.colleagues(),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("اختر الموظف صاحب العمل.")},
    )
    to_user = UserChoice(
        label=_("الزميل الذي يتسلّم العمل"),
        queryset=queries_screens.colleagues(),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("اختر الزميل الذي يتسلّم العمل.")},
    )
    reason = forms.CharField(
        label=_("السبب"),
        max_length=500,
        widget=forms.TextInput(TEXT),
        error_messages={"required": _("اكتب سبب نقل العمل.")},
    )


class AnswerReferralForm(forms.Form):
    answer = forms.CharField(
        label=_("الرد على الإحالة"),
        max_length=4000,
        widget=forms.Textarea(attrs=AREA),
        error_messages={"required": _("اكتب الرد على الإحالة.")},
    )


class FileReferForm(forms.Form):
    """A referral from the beneficiary's file, with no request."""

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


class PeriodForm(forms.Form):
    """A period in the query string (dates only)."""

    start = DualCalendarDateField(label=_("من تاريخ"), required=False)
    end = DualCalendarDateField(label=_("إلى تاريخ"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("تاريخ النهاية قبل تاريخ البداية."))
        return data

    def period(self) -> tuple[Any, Any]:
        if not self.is_bound or not self.is_valid():
            return None, None
        return self.cleaned_data.get("start"), self.cleaned_data.get("end")
