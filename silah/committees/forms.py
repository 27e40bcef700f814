"""Committees' forms: they parse; the services decide."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from silah.accounts.models import Branch
from silah.committees.models import CommitteeKind, MemberRole, Outcome, VoteChoice
from silah.core import forms as core_forms
from silah.core.forms import DualCalendarDateField

_TEXT = {"class": "form-control"}
_SELECT = {"class": "form-select"}


class CommitteeForm(forms.Form):
    name = forms.CharField(
        label=_("اسم اللجنة"),
        max_length=160,
        widget=forms.TextInput(attrs=_TEXT),
        error_messages={"required": _("اكتب اسم اللجنة.")},
    )
    kind = forms.ChoiceField(
        label=_("نوع اللجنة"), choices=CommitteeKind.choices, widget=forms.Select(attrs=_SELECT)
    )
    quorum = forms.IntegerField(
        label=_("النصاب"),
        min_value=1,
        max_value=50,
        widget=forms.NumberInput(attrs=_TEXT | {"inputmode": "numeric"}),
        help_text=_("عدد الأعضاء الحاضرين اللازم لاتخاذ قرار."),
    )
    branch = core_forms.ModelChoiceField(
        label=_("الفرع"),
        queryset=Branch.objects.all(),
        required=False,
        empty_label=_("كل الفروع"),
        widget=forms.Select(attrs=_SELECT),
    )
    is_active = forms.BooleanField(
        label=_("قائمة"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class MemberForm(forms.Form):
    user = core_forms.ModelChoiceField(
        label=_("الموظف"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("first_name", "pk"),
        widget=forms.Select(attrs=_SELECT),
        error_messages={"required": _("اختر الموظف.")},
    )
    role = forms.ChoiceField(
        label=_("الصفة"), choices=MemberRole.choices, widget=forms.Select(attrs=_SELECT)
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("الصفة"), choices=MemberRole.choices, widget=forms.Select(attrs=_SELECT)
    )


class MeetingForm(forms.Form):
    held_on = DualCalendarDateField(
        label=_("تاريخ الاجتماع"), error_messages={"required": _("أدخل تاريخ الاجتماع.")}
    )
    place = forms.CharField(
        label=_("المكان"), max_length=200, required=False, widget=forms.TextInput(attrs=_TEXT)
    )


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(
        label=_("سبب الإلغاء"),
        max_length=300,
        widget=forms.TextInput(attrs=_TEXT),
        error_messages={"required": _("اكتب سبب الإلغاء: يُحفظ في سجل الاجتماع.")},
    )


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("الحاضرون"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(m.user_id), m.name) for m in members]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-check-input")


DECISIONS = [
    (Outcome.APPROVED, Outcome.APPROVED.label),
    (Outcome.REJECTED, Outcome.REJECTED.label),
    (Outcome.DEFERRED, Outcome.DEFERRED.label),
]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("القرار"),
        choices=DECISIONS,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("اختر القرار.")},
    )
    reason = forms.CharField(
        label=_("السبب (للرفض والتأجيل)"),
        required=False,
        widget=forms.Textarea(attrs=_TEXT | {"rows": 2, "dir": "auto"}),
    )


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("صوتك"),
        choices=VoteChoice.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("اختر صوتك.")},
    )
    note = forms.CharField(
        label=_("ملاحظة"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs=_TEXT | {"rows": 2, "dir": "auto"}),
    )


class VotesForm(forms.Form):
    """The secretary records each present member's vote on one item."""

    def __init__(self, *args, members=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for member in members:
            self.fields[f"vote_{member.pk}"] = forms.ChoiceField(
                label=member.get_full_name() or member.get_username(),
                choices=[("", _("لم يصوّت")), *VoteChoice.choices],
                required=False,
                widget=forms.Select(attrs=_SELECT | {"class": "form-select form-select-sm"}),
            )

    def choices(self) -> dict[int, str]:
        return {
            int(name.removeprefix("vote_")): value
            for name, value in self.cleaned_data.items()
            if value
        }
