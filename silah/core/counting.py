"""Counting things in Arabic: the noun after a number takes one of six forms.

gettext's plurals follow the catalogue's language, and Silah's source strings are Arabic with
only the English catalogue compiled, so ngettext would give Arabic two forms. Instead the
form is chosen here by the CLDR plural category of the number, and each form is its own
message (English translates each to "N days").
"""

from django.utils.translation import gettext_lazy


def plural_category(count: int) -> str:
    """The CLDR plural category of `count` in Arabic: zero, one, two, few, many or other."""
    count = abs(count)
    if count == 0:
        return "zero"
    if count == 1:
        return "one"
    if count == 2:
        return "two"
    if 3 <= count % 100 <= 10:
        return "few"
    if 11 <= count % 100 <= 99:
        return "many"
    return "other"


def counted(forms: dict, count: int) -> str:
    """`count` with the noun form its category takes (forms keyed by category)."""
    category = plural_category(count)
    form = forms.get(category) or forms["other"]
    return str(form) % {"count": count}


# Nominative, as after a colon: "باقٍ: 3 أيام", "متأخر: يومان".
DAYS = {
    "zero": gettext_lazy("لا أيام"),
    "one": gettext_lazy("يوم واحد"),
    "two": gettext_lazy("يومان"),
    "few": gettext_lazy("%(count)s أيام"),
    "many": gettext_lazy("%(count)s يوما"),
    "other": gettext_lazy("%(count)s يوم"),
}


def days(count: int) -> str:
    """ "يوم واحد", "يومان", "3 أيام", "11 يوما", "100 يوم"."""
    return counted(DAYS, count)
