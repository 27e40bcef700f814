"""Form fields shared by every app: a date typed in either calendar.

    from silah.core import dates
    from silah.core.forms import DualCalendarDateField

    class BeneficiaryForm(forms.ModelForm):
        birth_date = DualCalendarDateField(
            label=_("تاريخ الميلاد"),
            max_date=dates.today,
            error_messages={"max_date": _("تاريخ الميلاد لا يكون في المستقبل.")},
        )

The field cleans to a `datetime.date`. Its widget shows, under the input and before saving,
the date it understood in both calendars: htmx POSTs the typed value (only that value) to
`core:date_preview`, and the answer goes into an `aria-live` element. Without JavaScript the
same reading is the form's own validation.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from silah.core import dates
from silah.core.dates import Calendar, ParsedDate
from silah.core.errors import DomainError

DateBound = dt.date | Callable[[], dt.date] | None

# Shown by the widget itself, so a form's own help_text does not replace it.
CALENDARS_HINT = _(
    "اكتب التاريخ بالهجري أو بالميلادي، مثل 1445/09/24هـ أو 24/09/1445هـ أو 2024/04/03م، "
    "والسنة بأربعة أرقام."
)

# Parameters the widget adds to its preview request, beside the field's own value.
PREVIEW_FIELD = "preview_field"
PREVIEW_MIN = "preview_min"
PREVIEW_MAX = "preview_max"


def _bound(value: DateBound) -> dt.date | None:
    return value() if callable(value) else value


@dataclass(frozen=True)
class DatePreview:
    """What the preview under a date field says: the date understood, or the errors."""

    parsed: ParsedDate | None = None
    errors: tuple[str, ...] = ()

    @property
    def html(self) -> SafeString:
        """The understood date in both calendars, the typed calendar first, with weekday."""
        if self.parsed is None:
            return SafeString("")
        return dates.format_dual_html(self.parsed.date, first=self.parsed.calendar, weekday=True)


def preview_date(
    text: str, *, min_date: dt.date | None = None, max_date: dt.date | None = None
) -> DatePreview:
    """Read `text` as the field would; blank text gives an empty preview."""
    if not text or not text.strip():
        return DatePreview()
    try:
        parsed = dates.parse_date(text)
        dates.check_bounds(parsed.date, min_date=min_date, max_date=max_date)
    except ValidationError as e:
        return DatePreview(errors=tuple(e.messages))
    return DatePreview(parsed=parsed)


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def preview_from_post(data: Mapping[str, Any]) -> DatePreview:
    """The preview for a widget's request: the value sits under the field's own name,
    given in `preview_field`; the bounds, if any, in `preview_min` / `preview_max`."""
    name = data.get(PREVIEW_FIELD) or "value"
    return preview_date(
        str(data.get(name) or ""),
        min_date=_iso_date(data.get(PREVIEW_MIN)),
        max_date=_iso_date(data.get(PREVIEW_MAX)),
    )


class DualCalendarDateInput(forms.TextInput):
    """A text input (dir="ltr"), a hint that both calendars are accepted, and an
    `aria-live` area where the server says which date it understood."""

    template_name = "core/widgets/dual_calendar_date.html"

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        display_calendar: Calendar = Calendar.GREGORIAN,
    ) -> None:
        defaults = {
            "class": "form-control",
            "dir": "ltr",
            # A number pad on phones: digits plus "." (or "٫"), which the field accepts
            # between the parts; the calendar mark is optional.
            "inputmode": "decimal",
            "autocomplete": "off",
            "spellcheck": "false",
        }
        super().__init__({**defaults, **(attrs or {})})
        self.display_calendar = display_calendar
        self.min_date: DateBound = None
        self.max_date: DateBound = None

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            try:
                return dates.format_date(value, self.display_calendar, style="short")
            except ValidationError:
                return dates.format_gregorian(value, style="short")
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget_attrs = widget["attrs"]
        widget_id = widget_attrs.get("id")
        hint_id = f"{widget_id}_hint" if widget_id else ""
        preview_id = f"{widget_id}_preview" if widget_id else ""
        if widget_id:
            described = [widget_attrs.get("aria-describedby"), hint_id, preview_id]
            widget_attrs["aria-describedby"] = " ".join(filter(None, described))
        hx_vals = {PREVIEW_FIELD: name}
        for key, bound in ((PREVIEW_MIN, self.min_date), (PREVIEW_MAX, self.max_date)):
            if (day := _bound(bound)) is not None:
                hx_vals[key] = day.isoformat()
        widget_attrs.update(
            {
                "hx-post": reverse("core:date_preview"),
                "hx-trigger": "input changed delay:400ms, change",
                "hx-target": f"#{preview_id}" if preview_id else "next .dual-date-preview",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
                # Only this value goes to the server, never the rest of the form.
                "hx-params": ",".join([name, PREVIEW_FIELD, PREVIEW_MIN, PREVIEW_MAX]),
                "hx-vals": json.dumps(hx_vals),
            }
        )
        widget["hint"] = dates.bdi_digits(str(CALENDARS_HINT))
        widget["hint_id"] = hint_id
        widget["preview_id"] = preview_id
        # Server-rendered reading of the current value (no bounds: the form shows those).
        preview = preview_date(str(widget.get("value") or ""))
        widget["preview"] = preview if preview.parsed else None
        return context


class DualCalendarDateField(forms.Field):
    """A date typed in Hijri or Gregorian (see `dates.parse_date`); cleans to a `date`.

    `min_date` / `max_date` are dates or callables (e.g. `dates.today`), checked when the
    form is cleaned; their messages (codes "min_date", "max_date") can be replaced through
    `error_messages`, as can the reading errors ("unreadable", "invalid_day", ...).
    `display_calendar` is the calendar an initial value is written in (default Gregorian).
    """

    widget = DualCalendarDateInput

    def __init__(
        self,
        *,
        min_date: DateBound = None,
        max_date: DateBound = None,
        display_calendar: Calendar | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.min_date = min_date
        self.max_date = max_date
        if isinstance(self.widget, DualCalendarDateInput):
            if display_calendar is not None:
                self.widget.display_calendar = display_calendar
            self.widget.min_date = min_date
            self.widget.max_date = max_date

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return dates.local_date(value)
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return dates.parse_date(str(value)).date
        except ValidationError as e:
            raise self._own_message(e) from e

    def validate(self, value: dt.date | None) -> None:
        super().validate(value)
        if value is None:
            return
        try:
            dates.check_bounds(
                value, min_date=_bound(self.min_date), max_date=_bound(self.max_date)
            )
        except ValidationError as e:
            raise self._own_message(e) from e

    def _own_message(self, error: ValidationError) -> ValidationError:
        """The error with this field's message for its code, if the form gave one."""
        if error.code in self.error_messages:
            return ValidationError(
                self.error_messages[error.code], code=error.code, params=error.params
            )
        return error


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal on `form`: at its field when the form has that field, else
    above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


# -- choices of a record by its key ---------------------------------------------------------

# The largest value each integer key type holds; a typed or forged number beyond it must be
# "not one of the choices", not an OverflowError from SQLite or PostgreSQL's "out of range".
_KEY_LIMITS = {
    "SmallAutoField": 2**15 - 1,
    "AutoField": 2**31 - 1,
    "BigAutoField": 2**63 - 1,
    "SmallIntegerField": 2**15 - 1,
    "PositiveSmallIntegerField": 2**15 - 1,
    "IntegerField": 2**31 - 1,
    "PositiveIntegerField": 2**31 - 1,
    "BigIntegerField": 2**63 - 1,
    "PositiveBigIntegerField": 2**63 - 1,
}


def key_fits(model: type, key: str | None, value: object) -> bool:
    """False when `value` is a number the key column of `model` cannot hold."""
    field = model._meta.get_field(key) if key else model._meta.pk
    limit = _KEY_LIMITS.get(field.get_internal_type())
    if limit is None:
        return True
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return True  # not a number: Django's own check refuses it with its message
    return -limit - 1 <= number <= limit


class ChoiceListIterator(ModelChoiceIterator):
    """Django's iterator, reading the choices in one plain query.

    Django reads them with `QuerySet.iterator()`, which on PostgreSQL opens a server-side
    cursor (DECLARE, FETCH, CLOSE: three round trips for a list of ten branches, and no use
    behind a transaction-pooling PgBouncer). Choice lists here are short.
    """

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class QuickSelect(forms.Select):
    """Django's Select drawn in Python, not through its widget templates (one template per
    option: 4 ms for a filter form of five lists, on every page of a queue). Same markup:
    the select's attributes, optgroups, each option's value, attributes and label, escaped."""

    def render(
        self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    "" if option["value"] is None else str(option["value"]),
                    flatatt(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append(mark_safe("</optgroup>"))
        parts.append(mark_safe("</select>"))
        return mark_safe("".join(parts))


class ModelChoiceField(forms.ModelChoiceField):
    """Django's field, refusing a key too large for the column as an invalid choice."""

    iterator = ChoiceListIterator

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not key_fits(
            self.queryset.model, self.to_field_name, value
        ):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing a key too large for the column as an invalid choice."""

    iterator = ChoiceListIterator

    def _check_values(self, value: Any) -> Any:
        for item in value:
            if not key_fits(self.queryset.model, self.to_field_name, item):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return super()._check_values(value)
