"""A beneficiary's household: create it, add a member (registered or new), move a person to
another household, and edit incomes, obligations and housing. Every page is reached from a
file the user may open (access.open_file), and acts on that person's current household."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.registry import services, services_households
from silah.registry.access import beneficiaries_for, open_file
from silah.registry.forms import (
    MONEY_KINDS,
    AddMemberForm,
    HousingForm,
    MoneyRowFormSet,
    MoveForm,
)
from silah.registry.models import Beneficiary, Household
from silah.registry.views_edit import MANAGE_HOUSEHOLDS, register_view
from silah.registry.views_file import file_context


def _not_found_file() -> str:
    return _("لا يوجد ملف بهذا الرقم ضمن الملفات التي تطّلع عليها.")


def _current_household(beneficiary: Beneficiary) -> Household:
    membership = beneficiary.current_membership()
    if membership is None:
        raise Http404
    return membership.household


def _visible_file(request: HttpRequest, file_number: str) -> Beneficiary | None:
    number = " ".join(file_number.split()).upper()
    return beneficiaries_for(request.user).filter(file_number__iexact=number).first()


def _done(request: HttpRequest, beneficiary: Beneficiary, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("registry:household", pk=beneficiary.pk)


def _field(form, error: DomainError, default: str | None = None) -> str | None:
    return error.field if error.field in form.fields else default


@permission_required(MANAGE_HOUSEHOLDS)
@require_http_methods(["GET", "POST"])
def create_household(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="household_edit")
    if beneficiary.current_membership() is not None:
        messages.info(request, _("هذا الشخص عضو في أسرة حاليًا."))
        return redirect("registry:household", pk=beneficiary.pk)
    form = HousingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_household(beneficiary, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(_field(form, error), error.message)
        else:
            return _done(request, beneficiary, _("أُنشئت الأسرة، وصاحب هذا الملف ربّها."))
    context = file_context(request, beneficiary, "household")
    context.update(form=form, title=_("إنشاء أسرة يكون صاحب هذا الملف ربّها"))
    return render(request, "registry/household_form.html", context)


@permission_required(MANAGE_HOUSEHOLDS)
@require_http_methods(["GET", "POST"])
def add_member(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="household_edit")
    household = _current_household(beneficiary)
    form = AddMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        person = _visible_file(request, form.cleaned_data["file_number"])
        if person is None:
            form.add_error("file_number", _not_found_file())
        else:
            try:
                services.add_member(
                    household,
                    person,
                    relationship=form.cleaned_data["relationship"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(_field(form, error, "file_number"), error.message)
            else:
                return _done(request, beneficiary, _("أُضيف العضو إلى الأسرة."))
    context = file_context(request, beneficiary, "household")
    context.update(form=form, household=household, title=_("إضافة شخص مسجّل إلى الأسرة"))
    return render(request, "registry/household_form.html", context)


@permission_required(MANAGE_HOUSEHOLDS)
@require_http_methods(["GET", "POST"])
def register_member(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a new person and add them to this household, in one step."""
    if not request.user.has_perm("registry.register_beneficiary"):
        raise Http404
    beneficiary = open_file(request.user, pk, what="household_edit")
    household = _current_household(beneficiary)
    context = file_context(request, beneficiary, "household")
    context["household"] = household
    outcome = register_view(request, household, context)
    if isinstance(outcome, Beneficiary):
        return _done(
            request,
            beneficiary,
            _("سُجّل الشخص بالملف %(file)s وأُضيف إلى الأسرة.") % {"file": outcome.file_number},
        )
    return render(request, "registry/member_register.html", outcome)


@permission_required(MANAGE_HOUSEHOLDS)
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="household_edit")
    form = MoveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        head = _visible_file(request, form.cleaned_data["head_file_number"])
        membership = head.current_membership() if head is not None else None
        if membership is None or membership.household.head_id != head.pk:
            form.add_error(
                "head_file_number",
                _("لا توجد أسرة رب أسرتها صاحب هذا الملف ضمن الملفات التي تطّلع عليها."),
            )
        else:
            try:
                services.move_to_household(
                    beneficiary,
                    membership.household,
                    relationship=form.cleaned_data["relationship"],
                    reason=form.cleaned_data["reason"],
                    on=form.cleaned_data["on"],
                    actor=request.user,
                )
            except DomainError as error:
                aliases = {"household": "head_file_number", "beneficiary": "head_file_number"}
                field = aliases.get(error.field or "", error.field)
                form.add_error(field if field in form.fields else None, error.message)
            else:
                return _done(request, beneficiary, _("نُقل الشخص إلى الأسرة الجديدة، وسُجّل انتقاله."))
    context = file_context(request, beneficiary, "household")
    context.update(form=form, title=_("نقل صاحب هذا الملف إلى أسرة أخرى"))
    return render(request, "registry/household_form.html", context)


@permission_required(MANAGE_HOUSEHOLDS)
@require_http_methods(["GET", "POST"])
def housing(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="household_edit")
    household = _current_household(beneficiary)
    form = HousingForm(
        request.POST if request.method == "POST" else None,
        initial={"housing": household.housing, "rent_amount": household.rent_amount},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_households.set_housing(household, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(_field(form, error), error.message)
        else:
            return _done(request, beneficiary, _("حُفظ سكن الأسرة."))
    context = file_context(request, beneficiary, "household")
    context.update(form=form, household=household, title=_("سكن الأسرة"))
    return render(request, "registry/household_form.html", context)


MONEY = {
    "incomes": (services.set_incomes, gettext_lazy("مصادر دخل الأسرة"), "incomes"),
    "obligations": (
        services.set_obligations,
        gettext_lazy("التزامات الأسرة الشهرية"),
        "obligations",
    ),
}


def _formset_error(formset, error: DomainError) -> None:
    """Put a service error ("incomes.2.monthly_amount") on its row's field."""
    parts = (error.field or "").split(".")
    kept = [
        form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(kept):
        form = kept[int(parts[1])]
        form.add_error(parts[2] if parts[2] in form.fields else None, error.message)
        return
    formset._non_form_errors = formset.error_class([error.message])


def _money(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="household_edit")
    household = _current_household(beneficiary)
    write, _title, related = MONEY[which]
    kinds = MONEY_KINDS[which]
    initial = [
        {"kind": row.kind, "monthly_amount": row.monthly_amount}
        for row in getattr(household, related).all()
    ]
    data = None
    if request.method == "POST":
        data = request.POST.copy()
        if "add_row" in data:
            total = data.get("rows-TOTAL_FORMS", "0")
            data["rows-TOTAL_FORMS"] = str(int(total) + 1 if total.isdigit() else 1)
    formset = MoneyRowFormSet(data, initial=initial, prefix="rows", form_kwargs={"kinds": kinds})
    if data is not None and "add_row" not in data and formset.is_valid():
        try:
            write(household, formset.rows(), actor=request.user)
        except DomainError as error:
            _formset_error(formset, error)
        else:
            return _done(request, beneficiary, _("حُفظ %(what)s.") % {"what": MONEY[which][1]})
    context = file_context(request, beneficiary, "household")
    context.update(formset=formset, household=household, title=MONEY[which][1], which=which)
    template = "registry/money_form.html"
    if request.htmx and "add_row" in (data or {}):
        template = "registry/partials/money_rows.html"
    return render(request, template, context)


@permission_required(MANAGE_HOUSEHOLDS)
@require_http_methods(["GET", "POST"])
def incomes(request: HttpRequest, pk: int) -> HttpResponse:
    return _money(request, pk, "incomes")


@permission_required(MANAGE_HOUSEHOLDS)
@require_http_methods(["GET", "POST"])
def obligations(request: HttpRequest, pk: int) -> HttpResponse:
    return _money(request, pk, "obligations")
