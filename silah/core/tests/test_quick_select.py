"""QuickSelect draws the same markup as Django's Select, without its templates."""

from django import forms
from django.test.html import parse_html
from hypothesis import given
from hypothesis import strategies as st

from silah.core.forms import QuickSelect

CHOICES = [("", "كل الفروع"), ("1", "المقر الرئيسي"), ("2", "فرع الشوق")]


def same(choices, value, attrs=None, *, name="branch") -> None:
    django = forms.Select(attrs=attrs, choices=choices).render(name, value)
    quick = QuickSelect(attrs=attrs, choices=choices).render(name, value)
    assert parse_html(quick) == parse_html(django)


def test_the_selected_option_is_marked_as_django_marks_it():
    same(CHOICES, "2", {"class": "form-select form-select-sm", "id": "id_branch"})


def test_nothing_selected_marks_the_empty_choice():
    same(CHOICES, None)


def test_groups_of_options_are_drawn_as_optgroups():
    same([("", "—"), ("الحالة", [("received", "مستلم"), ("complete", "مكتمل")])], "complete")


def test_boolean_attributes_are_bare_or_left_out():
    same(CHOICES, "1", {"required": True, "disabled": False, "aria-describedby": "help"})


@given(label=st.text(max_size=30), value=st.text(max_size=10))
def test_labels_and_values_are_escaped_as_django_escapes_them(label, value):
    same([(value, label), ("x", "<b>&\"'")], value)
