"""Forms of the duplicate-review screens: they parse; silah.registry.merge decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from silah.registry.models import DuplicateSource, DuplicateStatus


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("الحالة"),
        choices=[("", _("الكل")), *DuplicateStatus.choices],
        required=False,
    )
    source = forms.ChoiceField(
        label=_("المصدر"), choices=[("", _("الكل")), *DuplicateSource.choices], required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"status": DuplicateStatus.OPEN}
        return {name: value for name, value in self.cleaned_data.items() if value}


class MergeForm(forms.Form):
    survivor = forms.ChoiceField(
        label=_("الملف الذي يبقى"),
        widget=forms.RadioSelect,
        help_text=_("يُنقل إليه كل ما في الملف الآخر، ويبقى الآخر مؤرشفًا يقود رقمه إليه."),
    )
    reason = forms.CharField(
        label=_("سبب الدمج"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm = forms.BooleanField(
        label=_("تحققت من أن الملفين لشخص واحد"),
        error_messages={"required": _("أكّد أن الملفين لشخص واحد قبل الدمج.")},
    )

    def __init__(self, *args, first, second, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.files_by_key = {"first": first, "second": second}
        self.fields["survivor"].choices = [
            ("first", first.file_number),
            ("second", second.file_number),
        ]
        _style(self)

    def chosen(self):
        """(survivor, merged) as the user chose them."""
        keep = self.cleaned_data["survivor"]
        other = "second" if keep == "first" else "first"
        return self.files_by_key[keep], self.files_by_key[other]


class DifferentForm(forms.Form):
    reason = forms.CharField(
        label=_("لماذا هما شخصان مختلفان؟"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("مثل: أخوان في أسرة واحدة. لن يُقترح هذان الملفان مرة أخرى."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


class StartScanForm(forms.Form):
    retrain = forms.BooleanField(
        label=_("أعد تدريب النموذج على البيانات الحالية"),
        required=False,
        help_text=_("يُدرَّب النموذج في أول فحص ويُحفظ؛ أعد تدريبه بعد استيراد كبير."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
