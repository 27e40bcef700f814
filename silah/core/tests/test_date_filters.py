"""The template filters that show a stored date in both calendars."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

APRIL_3 = dt.date(2024, 4, 3)


def render(source: str, lang: str = "ar", **context) -> str:
    with translation.override(lang):
        return Template("{% load silah_dates %}" + source).render(Context(context))


def test_hijri_filter():
    assert render("{{ d|hijri }}", d=APRIL_3) == "24 رمضان 1445هـ"
    assert render('{{ d|hijri:"short" }}', d=APRIL_3) == "1445/09/24هـ"
    assert render("{{ d|hijri }}", "en", d=APRIL_3) == "24 Ramadan 1445 AH"


def test_gregorian_filter():
    assert render("{{ d|gregorian }}", d=APRIL_3) == "3 أبريل 2024م"
    assert render('{{ d|gregorian:"short" }}', d=APRIL_3) == "2024/04/03م"
    assert render("{{ d|gregorian }}", "en", d=APRIL_3) == "3 April 2024"


def test_dual_date_in_arabic_puts_hijri_first_and_isolates_the_digits():
    assert render("{{ d|dual_date }}", d=APRIL_3) == (
        '<span class="dual-date"><bdi dir="ltr">24</bdi> رمضان <bdi dir="ltr">1445</bdi>هـ '
        'الموافق <bdi dir="ltr">3</bdi> أبريل <bdi dir="ltr">2024</bdi>م</span>'
    )
    assert render('{{ d|dual_date:"short" }}', d=APRIL_3) == (
        '<span class="dual-date"><bdi dir="ltr">1445/09/24</bdi>هـ الموافق '
        '<bdi dir="ltr">2024/04/03</bdi>م</span>'
    )


def test_dual_date_in_english():
    assert render("{{ d|dual_date }}", "en", d=APRIL_3) == (
        '<span class="dual-date"><bdi dir="ltr">24</bdi> Ramadan <bdi dir="ltr">1445</bdi> AH '
        '(<bdi dir="ltr">3</bdi> April <bdi dir="ltr">2024</bdi>)</span>'
    )


def test_dual_date_escapes_text_from_month_names():
    # "Rabi' al-Awwal": the apostrophe is escaped, not taken for markup.
    out = render("{{ d|dual_date }}", "en", d=dt.date(2024, 9, 4))
    assert "Rabi&#x27; al-Awwal" in out
    assert "Rabi' al" not in out


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # 22:30 UTC on 2 April is already 3 April in Riyadh.
        (dt.datetime(2024, 4, 2, 22, 30, tzinfo=dt.UTC), "24 رمضان 1445هـ"),
        (dt.datetime(2024, 4, 2, 20, 30, tzinfo=dt.UTC), "23 رمضان 1445هـ"),
    ],
)
def test_datetimes_are_shown_as_their_riyadh_date(moment, expected):
    assert render("{{ d|hijri }}", d=moment) == expected


def test_datetime_in_dual_date_uses_the_riyadh_date():
    moment = dt.datetime(2024, 4, 2, 22, 30, tzinfo=dt.UTC)
    assert "أبريل" in render("{{ d|dual_date }}", d=moment)
    assert '<bdi dir="ltr">3</bdi> أبريل' in render("{{ d|dual_date }}", d=moment)


@pytest.mark.parametrize("template", ["{{ d|hijri }}", "{{ d|gregorian }}", "{{ d|dual_date }}"])
def test_no_date_renders_a_dash(template):
    assert render(template, d=None) == "—"
    assert render(template, d="") == "—"
    assert render(template) == "—"  # missing variable


@pytest.mark.parametrize("template", ["{{ d|hijri }}", "{{ d|gregorian }}", "{{ d|dual_date }}"])
def test_a_value_that_is_not_a_date_renders_nothing(template):
    assert render(template, d="<script>alert(1)</script>") == ""
    assert render(template, d=42) == ""


def test_a_date_outside_the_hijri_table_does_not_break_the_page():
    old = dt.date(1920, 5, 1)
    assert render("{{ d|hijri }}", d=old) == "—"
    assert render("{{ d|gregorian }}", d=old) == "1 مايو 1920م"
    assert render("{{ d|dual_date }}", d=old) == (
        '<span class="dual-date"><bdi dir="ltr">1</bdi> مايو <bdi dir="ltr">1920</bdi>م</span>'
    )


def test_filters_can_fill_an_attribute():
    # hijri and gregorian give plain text; dual_date loses its markup through striptags.
    out = render(
        '<time title="{{ d|dual_date:"short"|striptags }}">{{ d|hijri }}</time>', d=APRIL_3
    )
    assert out == '<time title="1445/09/24هـ الموافق 2024/04/03م">24 رمضان 1445هـ</time>'
