"""The intake screen's forms: the search, the service, and the request itself (channel,
checklist with documents uploaded inline, the attestation on screen)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from silah.applications.workflow import channel_choices
from silah.core.forms import DualCalendarDateField, ModelChoiceField
from silah.registry.models import Beneficiary, Document
from silah.services.models import Requirement, Service

DOCUMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,.heif"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("ابحث برقم الملف أو الهوية أو الجوال أو الاسم"),
        max_length=200,
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "off", "autofocus": True}
        ),
        error_messages={"required": _("اكتب رقم الملف أو الهوية أو الجوال أو الاسم.")},
    )


class ServiceChoice(ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return obj.name


class ServiceForm(forms.Form):
    """Which service (among those the beneficiary's branch offers); a GET form."""

    service = ServiceChoice(
        label=_("الخدمة المطلوبة"),
        queryset=Service.objects.none(),
        empty_label=_("— اختر الخدمة —"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": _("اختر الخدمة."),
            "invalid_choice": _("هذه الخدمة لا يقدمها فرع المستفيد."),
        },
    )

    def __init__(self, *args: Any, beneficiary: Beneficiary, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.offered_at(beneficiary.branch).order_by(
            "order", "name"
        )


def current_documents(beneficiary: Beneficiary) -> dict[int, Document]:
    """The beneficiary's newest current document of each type, by document type id."""
    found: dict[int, Document] = {}
    for document in beneficiary.documents.filter(state=Document.State.CURRENT).order_by(
        "-uploaded_at", "-pk"
    ):
        found.setdefault(document.document_type_id, document)
    return found


class IntakeForm(forms.Form):
    """The request: channel, the service's checklist, the attestation, a note.

    A checklist field per requirement: `item_<id>` (ticked present) for items and documents,
    and `file_<id>` for a document the beneficiary brought now (it goes to their file). The
    attestation requirement is met by the beneficiary's current attestation, or by the
    attestation taken on this screen (`typed_name` and `confirmed`).
    """

    service = forms.IntegerField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        label=_("قناة الاستقبال"),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": _("اختر قناة الاستقبال."),
            "invalid_choice": _("اختر قناة من القنوات المعتمدة في السياسة."),
        },
    )
    typed_name = forms.CharField(
        label=_("اسم المستفيد الكامل كما يكتبه بنفسه"),
        required=False,
        max_length=250,
        help_text=_("الاسم الأول واسم الأب واسم الجد واسم العائلة؛ يقوم مقام توقيعه."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    confirmed = forms.BooleanField(
        label=_("قرأ المستفيد بياناته المعروضة وأقر بصحتها"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(
        label=_("ملاحظة على الطلب (اختياري)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        beneficiary: Beneficiary,
        service: Service,
        needs_attestation: bool,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"]["service"] = service.pk
        super().__init__(*args, **kwargs)
        self.beneficiary = beneficiary
        self.service = service
        self.needs_attestation = needs_attestation
        self.fields["channel"].choices = [("", _("— اختر القناة —")), *channel_choices()]
        if not needs_attestation:
            del self.fields["typed_name"]
            del self.fields["confirmed"]
        self.on_file = current_documents(beneficiary)
        self.requirements = list(service.requirements.select_related("document_type"))
        self.rows = []
        for requirement in self.requirements:
            row: dict[str, Any] = {"requirement": requirement}
            if requirement.kind == Requirement.Kind.ATTESTATION:
                self.rows.append(row)
                continue
            name = f"item_{requirement.pk}"
            document = self.on_file.get(requirement.document_type_id)
            self.fields[name] = forms.BooleanField(
                label=requirement.label,
                required=False,
                initial=document is not None,
                help_text=requirement.help_text,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            row["field"] = name
            if requirement.kind == Requirement.Kind.DOCUMENT:
                row["document"] = document
                file_name = f"file_{requirement.pk}"
                self.fields[file_name] = forms.FileField(
                    label=_("أرفق «%(label)s» الآن") % {"label": requirement.label},
                    help_text=_("يُؤشَّر البند عند إرفاقه، ويُحفظ المستند في ملف المستفيد."),
                    required=False,
                    widget=forms.ClearableFileInput(
                        attrs={"class": "form-control", "accept": DOCUMENT_ACCEPT}
                    ),
                )
                row["file"] = file_name
                if requirement.document_type and requirement.document_type.expires:
                    expires_name = f"expires_{requirement.pk}"
                    self.fields[expires_name] = DualCalendarDateField(
                        label=_("تاريخ انتهاء المستند المرفق"), required=False
                    )
                    row["expires"] = expires_name
            self.rows.append(row)

    @property
    def checklist_rows(self) -> list[dict[str, Any]]:
        """The rows with their bound fields, for the template."""
        bound = []
        for row in self.rows:
            entry = {"requirement": row["requirement"], "document": row.get("document")}
            for key in ("field", "file", "expires"):
                if key in row:
                    entry[key] = self[row[key]]
            bound.append(entry)
        return bound

    def clean_service(self) -> int:
        if self.cleaned_data["service"] != self.service.pk:
            raise forms.ValidationError(_("اختر الخدمة من جديد."))
        return self.service.pk

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for row in self.rows:
            if "file" not in row:
                continue
            ticked = data.get(row["field"])
            upload = data.get(row["file"])
            if upload and not ticked:
                data[row["field"]] = True
            if ticked and not upload and row.get("document") is None:
                self.add_error(
                    row["file"],
                    _("لا يوجد في الملف مستند «%(label)s»: أرفقه أو ألغِ تأشيره.")
                    % {"label": row["requirement"].label},
                )
        if self.needs_attestation and data.get("typed_name") and not data.get("confirmed"):
            self.add_error("confirmed", _("يؤكد المستفيد أنه قرأ بياناته وأقر بصحتها."))
        return data

    # -- what the view hands to the services --

    def ticked(self) -> list[int]:
        """The requirement ids ticked present (items and documents)."""
        return [
            row["requirement"].pk
            for row in self.rows
            if "field" in row and self.cleaned_data.get(row["field"])
        ]

    def uploads(self) -> list[tuple[Requirement, Any, Any]]:
        """(requirement, uploaded file, expiry) for each document brought now."""
        found = []
        for row in self.rows:
            if "file" in row and self.cleaned_data.get(row["file"]):
                expires = self.cleaned_data.get(row.get("expires", ""), None)
                found.append((row["requirement"], self.cleaned_data[row["file"]], expires))
        return found

    def attestation_requirements(self) -> list[int]:
        return [
            row["requirement"].pk
            for row in self.rows
            if row["requirement"].kind == Requirement.Kind.ATTESTATION
        ]
