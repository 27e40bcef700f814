"""Staff acknowledge the policy in force; HR follows who has and hasn't, and reminds them."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from silah.accounts.models import Branch, User
from silah.core import forms as core_forms
from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error
from silah.policy import document, queries_ack, services, services_ack
from silah.policy.middleware import ACKNOWLEDGE_URL_NAME
from silah.policy.models import AcknowledgementReminder, PolicyVersion

VIEW_ACKNOWLEDGEMENTS = "policy.view_acknowledgements"

# The same words as services.acknowledge, so the form and the service speak alike.
NAME_REQUIRED = _("اكتب اسمك الكامل (اسمين على الأقل).")
CONFIRMATION_REQUIRED = _("أكّد أنك قرأت السياسة وتلتزم بها.")
NOT_IN_FORCE = _("هذا الإصدار ليس النافذ حاليًا؛ أقرّ بالإصدار النافذ.")
NO_VERSION_IN_FORCE = _("لا توجد سياسة نافذة حاليًا.")
ALL_BRANCHES = "all"


def _numbers(template: str, **numbers: int) -> SafeString:
    """A translated sentence with each number in <bdi> (numbers inside Arabic text)."""
    return mark_safe(  # the sentence is escaped; the numbers are formatted
        conditional_escape(template)
        % {name: format_html("<bdi>{}</bdi>", value) for name, value in numbers.items()}
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


# The member of staff -----------------------------------------------------------------------


class AcknowledgeForm(forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={"required": NOT_IN_FORCE, "invalid": NOT_IN_FORCE},
    )
    typed_name = forms.CharField(
        label=_("اسمك الكامل"),
        max_length=200,
        help_text=_("كما في سجلات الجمعية؛ يقوم مقام توقيعك."),
        error_messages={"required": NAME_REQUIRED},
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "name"}),
    )
    confirmed = forms.BooleanField(
        label=_("قرأت السياسة النافذة، وأتعهد بالالتزام بما ورد فيها عند أداء عملي."),
        error_messages={"required": CONFIRMATION_REQUIRED},
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def acknowledge(request: HttpRequest) -> HttpResponse:
    """The version in force to read, and the member's acknowledgement: typed name + confirmation."""
    version = services.version_in_force()
    next_url = _safe_next(request)
    context: dict = {"version": version, "next": next_url}
    if version is None:
        return render(request, "policy/ack/acknowledge.html", context)
    acknowledgement = queries_ack.acknowledgement_of(version, request.user)
    form = AcknowledgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and acknowledgement is None and form.is_valid():
        posted = PolicyVersion.objects.filter(pk=form.cleaned_data["version"]).first()
        try:
            if posted is None:
                raise DomainError(str(NOT_IN_FORCE))
            acknowledgement = services.acknowledge(
                posted,
                user=request.user,
                typed_name=form.cleaned_data["typed_name"],
                confirmed=form.cleaned_data["confirmed"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            queries_ack.forget_request_state(request)
            messages.success(
                request,
                _numbers(
                    _("سُجّل إقرارك بالسياسة النافذة (الإصدار %(number)s). شكرًا لك."),
                    number=acknowledgement.version.number,
                ),
            )
            return redirect(next_url or reverse("core:dashboard"))
    reminder = None
    if acknowledgement is None:
        reminder = queries_ack.latest_reminder(version.pk, request.user)
        services_ack.mark_reminders_seen(version.pk, user=request.user)
    context.update(
        form=form,
        acknowledgement=acknowledgement,
        reminder=reminder,
        document=document.document_html(version),
    )
    return render(request, "policy/ack/acknowledge.html", context)


def reminder_banner(
    request: HttpRequest,
) -> dict[str, Callable[[], AcknowledgementReminder | None]]:
    """Context processor: `policy_ack_reminder`, the reminder HR sent that the member has not
    opened yet (None when there is none, on the acknowledgement page, or once they have
    acknowledged). Lazy: nothing is read unless a template uses it."""

    @cache
    def reminder() -> AcknowledgementReminder | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name == ACKNOWLEDGE_URL_NAME:
            return None
        state = queries_ack.request_state(request)
        if not state.required:
            return None
        return queries_ack.latest_unseen_reminder(state.version_id, user)

    return {"policy_ack_reminder": reminder}


# HR ----------------------------------------------------------------------------------------


def _branch_choices() -> list[tuple[str, str]]:
    return [
        ("", _("كل الفروع")),
        *((str(branch.pk), str(branch)) for branch in Branch.objects.order_by("name")),
        (queries_ack.NO_BRANCH, _("بلا فرع")),
    ]


class BranchFilterForm(forms.Form):
    branch = forms.ChoiceField(
        label=_("الفرع"),
        required=False,
        error_messages={"invalid_choice": _("اختر فرعًا من القائمة.")},
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = _branch_choices()


def _branch(value: str) -> Branch | str | None:
    """A filter value as `queries_ack` takes it: a Branch, NO_BRANCH, or None (everyone)."""
    if value == queries_ack.NO_BRANCH:
        return queries_ack.NO_BRANCH
    if value.isdigit():
        return Branch.objects.filter(pk=int(value)).first()
    return None


@permission_required(VIEW_ACKNOWLEDGEMENTS)
@require_http_methods(["GET"])
def acknowledgements(request: HttpRequest) -> HttpResponse:
    """HR: for the version in force, per branch, who has acknowledged it (when) and who hasn't."""
    version = services.version_in_force()
    form = BranchFilterForm(request.GET or None)
    branch = _branch(form.cleaned_data["branch"]) if form.is_valid() else None
    context: dict = {"version": version, "form": form, "branch": branch}
    if version is not None:
        context.update(
            counts=queries_ack.counts_per_branch(version),
            totals=queries_ack.totals(version),
            shown_totals=queries_ack.totals(version, branch),
            who_has=queries_ack.who_has(version, branch),
            who_has_not=queries_ack.who_has_not(version, branch),
            branch_value=form.cleaned_data["branch"] if form.is_valid() else "",
        )
    return render(request, "policy/ack/acknowledgements.html", context)


class RemindForm(forms.Form):
    """Remind one member (`user`), or everyone who hasn't acknowledged in `branch`."""

    user = core_forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        error_messages={"invalid_choice": _("اختر موظفًا نشطًا.")},
    )
    branch = forms.ChoiceField(required=False)
    shown_branch = forms.CharField(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["branch"].choices = [
            (ALL_BRANCHES, ALL_BRANCHES),
            *_branch_choices()[1:],
        ]

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("user")) == bool(data.get("branch")):
            raise forms.ValidationError(_("اختر موظفًا واحدًا أو فرعًا لتذكير من لم يقرّ فيه."))
        return data


def _back_to_list(shown_branch: str) -> HttpResponse:
    url = reverse("policy:acknowledgements")
    if shown_branch and (shown_branch.isdigit() or shown_branch == queries_ack.NO_BRANCH):
        url = f"{url}?{urlencode({'branch': shown_branch})}"
    return redirect(url)


@permission_required(VIEW_ACKNOWLEDGEMENTS)
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    """HR reminds one member, or everyone in a branch who has not acknowledged yet."""
    form = RemindForm(request.POST)
    shown_branch = request.POST.get("shown_branch", "")
    version = services.version_in_force()
    if version is None:
        messages.error(request, NO_VERSION_IN_FORCE)
        return _back_to_list(shown_branch)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back_to_list(shown_branch)
    data = form.cleaned_data
    try:
        if data["user"]:
            sent = services_ack.remind_member(version, actor=request.user, user=data["user"])
            count = 1 if sent else 0
        else:
            branch = None if data["branch"] == ALL_BRANCHES else _branch(data["branch"])
            if branch is None and data["branch"] != ALL_BRANCHES:
                raise DomainError(str(_("اختر فرعًا من القائمة.")), field="branch")
            count = len(services_ack.remind_branch(version, actor=request.user, branch=branch))
    except DomainError as error:
        messages.error(request, error.message)
        return _back_to_list(shown_branch)
    if count:
        messages.success(
            request,
            _numbers(
                ngettext(
                    "أُرسل التذكير إلى %(count)s موظف.",
                    "أُرسل التذكير إلى %(count)s موظفين.",
                    count,
                ),
                count=count,
            ),
        )
    else:
        messages.info(request, _("لم يُرسل تذكير جديد: من لم يقرّ لديه تذكير لم يطّلع عليه بعد."))
    return _back_to_list(shown_branch)
