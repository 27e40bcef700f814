"""Rule group editors: a group's form (and its rows, for the groups that are lists) on screen,
turned into the group's JSON by `value()`; a service's DomainError goes back to its field."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.forms.formsets import formset_factory
from django.utils.translation import gettext_lazy as _

from silah.core.errors import DomainError
from silah.policy.forms_edit import (
    ROWS,
    RowsFormSet,
    VocabularyChoiceField,
    keep_order,
)
from silah.policy.forms_rules import (
    AttendanceForm,
    CompensationForm,
    ComplaintsForm,
    ConditionForm,
    ContactForm,
    CustomChannelForm,
    DeadlineForm,
    DecisionForm,
    EligibilityForm,
    InformingForm,
    IntakeForm,
    NoFieldsForm,
    ReferralForm,
    RelationshipForm,
    ReviewForm,
    SatisfactionForm,
    StaffDutiesForm,
    ToolForm,
    _labels,
)
from silah.policy.models import PolicyVersion
from silah.policy.rules import (
    INTAKE_CHANNELS,
)

CustomChannelFormSet = formset_factory(
    CustomChannelForm, formset=RowsFormSet, extra=1, can_delete=True, max_num=40
)
ToolFormSet = formset_factory(
    ToolForm, formset=RowsFormSet, extra=1, can_delete=True, can_order=True, max_num=60
)
ConditionFormSet = formset_factory(
    ConditionForm, formset=RowsFormSet, extra=1, can_delete=True, can_order=True, max_num=20
)


class GroupEditor:
    """One rule group on screen: a form, maybe rows, and the group's JSON from them."""

    group: ClassVar[str]
    form_class: ClassVar[type[forms.Form]]
    formset_class: ClassVar[type[RowsFormSet] | None] = None
    rows_label: ClassVar[Any] = ""
    add_row_label: ClassVar[Any] = _("أضف صفًا")

    def __init__(
        self,
        version: PolicyVersion,
        data: Any = None,
        files: Any = None,
    ) -> None:
        self.version = version
        self.current = version.parsed_rules().model_dump(mode="json")[self.group]
        self.form = self.form_class(data, files, initial=self.form_initial())
        self.formset = (
            self.formset_class(data, files, initial=self.rows_initial(), prefix=ROWS)
            if self.formset_class is not None
            else None
        )

    # what is on screen now
    def form_initial(self) -> dict[str, Any]:
        return dict(self.current) if isinstance(self.current, dict) else {}

    def rows_initial(self) -> list[dict[str, Any]]:
        return []

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        if self.formset is not None:
            valid = self.formset.is_valid() and valid
            if valid:
                valid = self.check_rows()
        return valid

    def check_rows(self) -> bool:
        return True

    # what is saved
    def value(self) -> Any:
        data = {name: self.form.cleaned_data[name] for name in self.form.fields}
        for name, field in self.form.fields.items():
            if isinstance(field, VocabularyChoiceField):
                data[name] = keep_order(self.current.get(name) or [], data[name])
        return {**self.current, **data}

    def service_kwargs(self) -> dict[str, Any]:
        return {}

    def add_domain_error(self, error: DomainError) -> None:
        """Show a service's refusal at the field it names ("rules.<group>.<field>…")."""
        path = (error.field or "").split(".")
        if path[:2] == ["rules", self.group]:
            path = path[2:]
        if path and path[0] in self.form.fields:
            self.form.add_error(path[0], error.message)
        elif self.formset is not None and path and path[0].isdigit():
            rows = self.formset.rows()
            index = int(path[0])
            if index < len(rows):
                rows[index].add_error(None, error.message)
                return
            self.form.add_error(None, error.message)
        else:
            self.form.add_error(None, error.message)

    @property
    def has_errors(self) -> bool:
        if self.form.errors:
            return True
        return self.formset is not None and (
            any(self.formset.errors) or bool(self.formset.non_form_errors())
        )


class IntakeEditor(GroupEditor):
    group = "intake"
    form_class = IntakeForm
    formset_class = CustomChannelFormSet
    rows_label = _labels("intake")["custom_channels"]
    add_row_label = _("أضف قناة")

    def rows_initial(self) -> list[dict[str, Any]]:
        return [dict(item) for item in self.current["custom_channels"]]

    def check_rows(self) -> bool:
        rows = self.formset.rows()
        names = [form.cleaned_data["name"].strip() for form in rows]
        built_in = {str(label) for label in INTAKE_CHANNELS.values()}
        for form, name in zip(rows, names, strict=True):
            if names.count(name) > 1:
                form.add_error("name", _("هذه القناة مكررة."))
            elif name in built_in:
                form.add_error("name", _("هذه القناة في القائمة أعلاه؛ اخترها من هناك."))
        return not any(form.errors for form in rows)

    def value(self) -> Any:
        kept = {item["code"] for item in self.current["custom_channels"]}
        used: set[str] = set()
        custom = []
        for form in self.formset.rows():
            code = form.cleaned_data.get("code") or ""
            if code not in kept or code in used:
                code = ""
            custom.append({"code": code, "name": form.cleaned_data["name"].strip()})
            used.add(code)
        taken = used | kept
        number = 1
        for item in custom:
            if not item["code"]:
                while f"custom_{number}" in taken:
                    number += 1
                item["code"] = f"custom_{number}"
                taken.add(item["code"])
        return {
            "channels": keep_order(self.current["channels"], self.form.cleaned_data["channels"]),
            "custom_channels": custom,
            "source_note": self.form.cleaned_data["source_note"],
        }


class ContactEditor(GroupEditor):
    group = "contact"
    form_class = ContactForm


class ToolsEditor(GroupEditor):
    group = "tools"
    form_class = NoFieldsForm
    formset_class = ToolFormSet
    rows_label = _labels("tools")["tools"]
    add_row_label = _("أضف أداة")

    def __init__(self, version: PolicyVersion, data: Any = None, files: Any = None) -> None:
        super().__init__(version, data, files)
        self.documents = {d.tool_name: d for d in version.tool_files.all()}
        for form in self.formset.forms:
            if self.document_for(form) is None:  # nothing to remove
                del form.fields["remove_file"]

    def form_initial(self) -> dict[str, Any]:
        return {}

    def rows_initial(self) -> list[dict[str, Any]]:
        return [{**tool, "original_name": tool["name"]} for tool in self.current]

    def document_for(self, form: forms.Form) -> Any:
        return self.documents.get(form.initial.get("original_name") or "")

    def check_rows(self) -> bool:
        rows = self.formset.rows()
        names = [form.cleaned_data["name"].strip() for form in rows]
        for form, name in zip(rows, names, strict=True):
            if names.count(name) > 1:
                form.add_error("name", _("اسم الأداة مكرر؛ لكل أداة اسم واحد."))
        return not any(form.errors for form in rows)

    def value(self) -> Any:
        return [
            {
                "name": form.cleaned_data["name"].strip(),
                "kind": form.cleaned_data["kind"],
                "link": form.cleaned_data.get("link") or "",
            }
            for form in self.formset.rows()
        ]

    def service_kwargs(self) -> dict[str, Any]:
        renamed: dict[str, str] = {}
        files: dict[str, Any] = {}
        for form in self.formset.rows():
            name = form.cleaned_data["name"].strip()
            original = form.initial.get("original_name") or ""
            if original:
                renamed[original] = name
            if form.cleaned_data.get("file"):
                files[name] = form.cleaned_data["file"]
            elif form.cleaned_data.get("remove_file"):
                files[name] = False
        return {"tool_files": files, "renamed_tools": renamed}


class EligibilityEditor(GroupEditor):
    group = "eligibility"
    form_class = EligibilityForm
    formset_class = ConditionFormSet
    rows_label = _labels("eligibility")["conditions"]
    add_row_label = _("أضف شرطًا")

    def rows_initial(self) -> list[dict[str, Any]]:
        return [ConditionForm.initial_for(item) for item in self.current["conditions"]]

    def value(self) -> Any:
        return {
            "conditions": [
                {"type": form.cleaned_data["type"], "params": form.cleaned_data["params"]}
                for form in self.formset.rows()
            ],
            "source_note": self.form.cleaned_data["source_note"],
        }


class ReviewEditor(GroupEditor):
    group = "review_every_months"
    form_class = ReviewForm

    def form_initial(self) -> dict[str, Any]:
        return {"value": self.current}

    def value(self) -> Any:
        return self.form.cleaned_data["value"]


def _plain_editor(group: str, form_class: type[forms.Form]) -> type[GroupEditor]:
    """A group edited by one form whose fields are the group's own."""
    return type(
        f"{group.title()}Editor", (GroupEditor,), {"group": group, "form_class": form_class}
    )


PLAIN_GROUPS: dict[str, type[forms.Form]] = {
    "deadline": DeadlineForm,
    "decision": DecisionForm,
    "referral": ReferralForm,
    "attendance": AttendanceForm,
    "compensation": CompensationForm,
    "complaints": ComplaintsForm,
    "relationship": RelationshipForm,
    "informing": InformingForm,
    "satisfaction": SatisfactionForm,
    "staff_duties": StaffDutiesForm,
}

EDITORS: dict[str, type[GroupEditor]] = {
    editor.group: editor
    for editor in (
        IntakeEditor,
        ContactEditor,
        ToolsEditor,
        EligibilityEditor,
        ReviewEditor,
        *(_plain_editor(group, form) for group, form in PLAIN_GROUPS.items()),
    )
}
