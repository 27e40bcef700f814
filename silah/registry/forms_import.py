"""Forms of the import screens: the upload, the column mapping, and the explicit choice."""

from django import forms
from django.utils.translation import gettext_lazy as _

from silah.accounts.models import Branch
from silah.core import forms as core_forms
from silah.policy.rules import CONTACT_CHANNELS
from silah.registry.import_parse import IGNORE, IMPORT_FIELDS
from silah.registry.importing import MODE_ALL, MODE_VALID_ONLY


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("ملف المستفيدين"),
        help_text=_(
            "ملف Excel (xlsx أو xls أو ods) أو CSV، وفي أحد أسطره الأولى عناوين الأعمدة مثل "
            "«الاسم» و«رقم الهوية» و«الجوال»."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv,.txt"}),
    )
    branch = core_forms.ModelChoiceField(
        label=_("الفرع"),
        queryset=Branch.objects.filter(is_active=True),
        help_text=_("يُسجَّل فيه من ليس له عمود «الفرع» في الملف."),
    )
    default_channel = forms.ChoiceField(
        label=_("وسيلة التواصل لمن لم تُكتب له"),
        required=False,
        choices=[("", _("رسالة نصية لمن له جوال، وإلا خطاب")), *CONTACT_CHANNELS.items()],
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        mine = list(user.branches.filter(is_active=True)) if user is not None else []
        if len(mine) == 1:
            self.fields["branch"].initial = mine[0].pk
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class MappingForm(forms.Form):
    """One choice per column of the sheet: the field it fills, or «لا يُستورد»."""

    def __init__(self, *args, headers: list[str], mapping: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(IGNORE, _("— لا يُستورد —")), *IMPORT_FIELDS.items()]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or _("عمود بلا عنوان %(n)s") % {"n": index + 1},
                choices=choices,
                required=False,
                initial=mapping.get(str(index), IGNORE),
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def mapping(self) -> dict[int, str]:
        return {
            int(name.removeprefix("column_")): value
            for name, value in self.cleaned_data.items()
            if value
        }


class RunForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("ما يُستورد"),
        choices=[
            (MODE_ALL, _("كل الأسطر")),
            (MODE_VALID_ONLY, _("الأسطر السليمة فقط، وتُترك الأسطر التي فيها أخطاء")),
        ],
        widget=forms.HiddenInput,
    )
