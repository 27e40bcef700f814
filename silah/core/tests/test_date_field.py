"""The dual-calendar date field, its widget, and the preview that says which date it read."""

import datetime as dt
import html
import json
import re

import pytest
import time_machine
from django import forms
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from silah.core import dates
from silah.core.dates import Calendar
from silah.core.forms import DualCalendarDateField

# 10:00 in Riyadh on Wednesday 3 April 2024 (24 Ramadan 1445).
FROZEN_NOW = dt.datetime(2024, 4, 3, 7, 0, tzinfo=dt.UTC)
APRIL_3 = dt.date(2024, 4, 3)


class BirthForm(forms.Form):
    name = forms.CharField(required=False)
    birth_date = DualCalendarDateField(
        label="تاريخ الميلاد",
        max_date=dates.today,
        error_messages={"max_date": "تاريخ الميلاد لا يكون في المستقبل."},
    )


class VisitForm(forms.Form):
    visit_on = DualCalendarDateField(
        min_date=dt.date(2024, 1, 1), max_date=dt.date(2024, 12, 31), required=False
    )


@pytest.fixture(autouse=True)
def _arabic():
    with translation.override("ar"):
        yield


def attr(markup: str, name: str) -> str:
    match = re.search(rf'\s{re.escape(name)}="([^"]*)"', markup)
    assert match, f"{name} not in {markup}"
    return html.unescape(match.group(1))


# -- Cleaning --------------------------------------------------------------------------------


def test_a_hijri_date_cleans_to_the_gregorian_date():
    form = VisitForm({"visit_on": "1445/09/24هـ"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["visit_on"] == APRIL_3


def test_a_gregorian_date_cleans_to_itself():
    form = VisitForm({"visit_on": "2024/03/04م"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["visit_on"] == dt.date(2024, 3, 4)


def test_arabic_indic_digits_are_accepted():
    form = VisitForm({"visit_on": "٢٤/٠٩/١٤٤٥"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["visit_on"] == APRIL_3


def test_blank_optional_field_is_none():
    for blank in ("", "   "):
        form = VisitForm({"visit_on": blank})
        assert form.is_valid()
        assert form.cleaned_data["visit_on"] is None


@time_machine.travel(FROZEN_NOW, tick=False)
def test_a_required_date_left_blank_has_the_arabic_required_error():
    form = BirthForm({"birth_date": ""})
    assert form.errors["birth_date"] == ["هذا الحقل مطلوب."]


def test_a_day_that_does_not_exist_is_an_arabic_form_error():
    form = VisitForm({"visit_on": "1445/08/30"})
    assert not form.is_valid()
    assert form.errors["visit_on"] == [
        "لا يوجد يوم 30 في شهر شعبان 1445هـ: عدد أيام هذا الشهر 29 يومًا."
    ]
    assert form.has_error("visit_on", code="invalid_day")


def test_unreadable_text_is_an_arabic_form_error():
    form = VisitForm({"visit_on": "قبل رمضان"})
    assert form.has_error("visit_on", code="unreadable")
    assert "لم نفهم التاريخ" in form.errors["visit_on"][0]


def test_out_of_range_year_is_an_arabic_form_error():
    form = VisitForm({"visit_on": "1300/01/01"})
    assert form.has_error("visit_on", code="out_of_range")


@time_machine.travel(FROZEN_NOW, tick=False)
def test_birth_date_today_is_accepted_and_tomorrow_is_refused():
    assert BirthForm({"birth_date": "1445/09/24"}).is_valid()
    form = BirthForm({"birth_date": "1445/09/25"})
    assert form.errors["birth_date"] == ["تاريخ الميلاد لا يكون في المستقبل."]
    assert form.has_error("birth_date", code="max_date")


@time_machine.travel(dt.datetime(2024, 4, 3, 21, 30, tzinfo=dt.UTC), tick=False)
def test_today_is_the_riyadh_date():
    # 21:30 UTC on 3 April is 00:30 on 4 April in Riyadh.
    assert dates.today() == dt.date(2024, 4, 4)
    assert BirthForm({"birth_date": "2024/04/04"}).is_valid()


def test_default_bound_messages_name_both_dates_in_both_calendars():
    form = VisitForm({"visit_on": "2023/12/31"})
    assert form.errors["visit_on"] == [
        "التاريخ 18 جمادى الآخرة 1445هـ الموافق 31 ديسمبر 2023م قبل أقدم تاريخ مقبول هنا، "
        "وهو 19 جمادى الآخرة 1445هـ الموافق 1 يناير 2024م."
    ]
    form = VisitForm({"visit_on": "2025/01/01"})
    assert form.has_error("visit_on", code="max_date")


def test_reading_errors_can_be_replaced_by_the_form():
    class Form(forms.Form):
        day = DualCalendarDateField(error_messages={"invalid_day": "اليوم %(day)s غير صحيح."})

    form = Form({"day": "1445/08/30"})
    assert form.errors["day"] == ["اليوم 30 غير صحيح."]


def test_a_date_value_passes_through():
    assert DualCalendarDateField().clean(APRIL_3) == APRIL_3


def test_the_same_day_typed_in_the_other_calendar_is_not_a_change():
    form = VisitForm({"visit_on": "1445/09/24هـ"}, initial={"visit_on": APRIL_3})
    assert not form.has_changed()
    form = VisitForm({"visit_on": "1445/09/25هـ"}, initial={"visit_on": APRIL_3})
    assert form.has_changed()


_DATEISH = st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩/-. هـمADah()رمضانالموافق", max_size=30)


@settings(database=None, deadline=None, max_examples=300)
@given(st.one_of(st.text(max_size=60), _DATEISH))
def test_any_text_gives_a_date_or_a_form_error_never_an_exception(text):
    form = VisitForm({"visit_on": text})
    if form.is_valid():
        value = form.cleaned_data["visit_on"]
        assert value is None or dt.date(2024, 1, 1) <= value <= dt.date(2024, 12, 31)
    else:
        assert form.errors["visit_on"]


# -- Widget ----------------------------------------------------------------------------------


def test_widget_is_an_ltr_text_input_with_a_calendar_hint_and_a_live_preview_area():
    markup = str(VisitForm()["visit_on"])
    assert 'type="text"' in markup
    assert attr(markup, "dir") == "ltr"
    assert attr(markup, "inputmode") == "decimal"
    assert attr(markup, "autocomplete") == "off"
    assert attr(markup, "aria-describedby") == "id_visit_on_hint id_visit_on_preview"
    assert (
        '<div id="id_visit_on_hint" class="form-text">اكتب التاريخ بالهجري أو بالميلادي' in markup
    )
    assert 'مثل <bdi dir="ltr">1445/09/24</bdi>هـ' in markup
    preview = (
        '<div id="id_visit_on_preview" class="form-text dual-date-preview" aria-live="polite">'
    )
    assert preview in markup


def test_a_forms_own_help_text_keeps_the_calendar_hint():
    class Form(forms.Form):
        start = DualCalendarDateField(help_text="أول أيام العيد.")

    form = Form()
    markup = str(form)
    assert attr(str(form["start"]), "aria-describedby") == (
        "id_start_helptext id_start_hint id_start_preview"
    )
    assert "أول أيام العيد." in markup
    assert "بالهجري أو بالميلادي" in markup


def test_widget_posts_only_its_own_value_to_the_preview():
    markup = str(VisitForm()["visit_on"])
    assert attr(markup, "hx-post") == reverse("core:date_preview") == "/dates/preview/"
    assert "hx-get" not in markup
    assert attr(markup, "hx-target") == "#id_visit_on_preview"
    assert attr(markup, "hx-params") == "visit_on,preview_field,preview_min,preview_max"
    assert json.loads(attr(markup, "hx-vals")) == {
        "preview_field": "visit_on",
        "preview_min": "2024-01-01",
        "preview_max": "2024-12-31",
    }


@time_machine.travel(FROZEN_NOW, tick=False)
def test_widget_sends_todays_bound_when_rendered():
    markup = str(BirthForm()["birth_date"])
    assert json.loads(attr(markup, "hx-vals"))["preview_max"] == "2024-04-03"


def test_an_initial_date_is_shown_in_gregorian_with_its_reading_below():
    markup = str(VisitForm(initial={"visit_on": APRIL_3})["visit_on"])
    assert attr(markup, "value") == "2024/04/03م"
    assert "فهمنا:" in markup
    assert "الأربعاء" in markup


def test_the_display_calendar_can_be_hijri():
    class Form(forms.Form):
        day = DualCalendarDateField(display_calendar=Calendar.HIJRI)

    markup = str(Form(initial={"day": APRIL_3})["day"])
    assert attr(markup, "value") == "1445/09/24هـ"


def test_after_a_failed_submission_the_field_keeps_the_text_and_shows_the_arabic_error():
    form = VisitForm({"visit_on": "1445/08/30"})
    assert not form.is_valid()
    markup = str(form)
    assert 'value="1445/08/30"' in markup
    assert "لا يوجد يوم 30 في شهر شعبان 1445هـ" in markup
    assert 'aria-invalid="true"' in markup
    # No "understood" text for a value that could not be read.
    assert "فهمنا" not in markup


# -- The preview view ------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user(username="huda", password="x-unused-x")
    client.force_login(user)
    return client


PREVIEW_URL = "/dates/preview/"


def post_preview(client, value, **extra):
    data = {"preview_field": "birth_date", "birth_date": value, **extra}
    return client.post(PREVIEW_URL, data, headers={"HX-Request": "true"})


@pytest.mark.django_db
def test_preview_of_a_gregorian_date_gives_its_hijri_date(staff_client):
    response = post_preview(staff_client, "2024/04/03م")
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", "", response.content.decode()).strip()
    assert text == "فهمنا: الأربعاء 3 أبريل 2024م الموافق 24 رمضان 1445هـ"


@pytest.mark.django_db
def test_preview_of_a_hijri_date_starts_with_the_hijri_date(staff_client):
    response = post_preview(staff_client, "١٤٤٥/٠٩/٢٤هـ")
    body = response.content.decode()
    assert 'class="dual-date"' in body
    assert '<bdi dir="ltr">1445</bdi>هـ' in body
    text = re.sub(r"<[^>]+>", "", body).strip()
    assert text == "فهمنا: الأربعاء 24 رمضان 1445هـ الموافق 3 أبريل 2024م"


@pytest.mark.django_db
def test_preview_shows_the_field_error(staff_client):
    response = post_preview(staff_client, "1445/08/30")
    assert response.status_code == 200
    body = response.content.decode()
    assert "لا يوجد يوم 30 في شهر شعبان 1445هـ: عدد أيام هذا الشهر 29 يومًا." in body
    assert "text-danger" in body


@pytest.mark.django_db
def test_preview_explains_seed_000s_disagreeing_dates(staff_client):
    response = post_preview(staff_client, "2024/03/04م الموافق 1445/09/24هـ")
    assert "2024/03/04م يوافق 1445/08/23هـ" in response.content.decode()


@pytest.mark.django_db
@time_machine.travel(FROZEN_NOW, tick=False)
def test_preview_applies_the_bounds_the_widget_sent(staff_client):
    response = post_preview(staff_client, "1445/09/25", preview_max="2024-04-03")
    assert "بعد آخر تاريخ مقبول هنا" in response.content.decode()
    response = post_preview(staff_client, "1445/09/25", preview_max="not-a-date")
    assert "فهمنا" in response.content.decode()


@pytest.mark.django_db
def test_preview_of_an_empty_value_is_empty(staff_client):
    response = post_preview(staff_client, "  ")
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


@pytest.mark.django_db
def test_preview_in_english_formats_dates_in_english(staff_client):
    response = staff_client.post("/en/dates/preview/", {"value": "1445/09/24"})
    assert "Wednesday, 24 Ramadan 1445 AH (3 April 2024)" in re.sub(
        r"<[^>]+>", "", response.content.decode()
    )


@pytest.mark.django_db
def test_preview_refuses_get_so_a_date_never_goes_in_a_url(staff_client):
    response = staff_client.get(PREVIEW_URL, {"birth_date": "1445/09/24"})
    assert response.status_code == 405


@pytest.mark.django_db
def test_preview_sends_anonymous_visitors_to_login(client):
    response = client.post(PREVIEW_URL, {"value": "1445/09/24"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
