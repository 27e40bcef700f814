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


# The nouns below are nominative too: a sentence puts the counted phrase where the nominative
# is right (after a colon, as the subject of a passive verb, as a predicate), never after a
# preposition, where the dual would need its genitive form ("ملفين").

FILES = {
    "zero": gettext_lazy("لا ملفات"),
    "one": gettext_lazy("ملف واحد"),
    "two": gettext_lazy("ملفان"),
    "few": gettext_lazy("%(count)s ملفات"),
    "many": gettext_lazy("%(count)s ملفًا"),
    "other": gettext_lazy("%(count)s ملف"),
}

HOUSEHOLDS = {
    "zero": gettext_lazy("لا أسر"),
    "one": gettext_lazy("أسرة واحدة"),
    "two": gettext_lazy("أسرتان"),
    "few": gettext_lazy("%(count)s أسر"),
    "many": gettext_lazy("%(count)s أسرة"),
    "other": gettext_lazy("%(count)s أسرة"),
}

ROWS = {  # rows of an imported sheet: Silah calls them سطر throughout
    "zero": gettext_lazy("لا أسطر"),
    "one": gettext_lazy("سطر واحد"),
    "two": gettext_lazy("سطران"),
    "few": gettext_lazy("%(count)s أسطر"),
    "many": gettext_lazy("%(count)s سطرًا"),
    "other": gettext_lazy("%(count)s سطر"),
}

HOURS = {
    "zero": gettext_lazy("أقل من ساعة"),
    "one": gettext_lazy("ساعة واحدة"),
    "two": gettext_lazy("ساعتان"),
    "few": gettext_lazy("%(count)s ساعات"),
    "many": gettext_lazy("%(count)s ساعة"),
    "other": gettext_lazy("%(count)s ساعة"),
}

YEARS = {
    "zero": gettext_lazy("لا سنوات"),
    "one": gettext_lazy("سنة واحدة"),
    "two": gettext_lazy("سنتان"),
    "few": gettext_lazy("%(count)s سنوات"),
    "many": gettext_lazy("%(count)s سنة"),
    "other": gettext_lazy("%(count)s سنة"),
}

PAIRS = {  # pairs of files that may be one person
    "zero": gettext_lazy("لا أزواج"),
    "one": gettext_lazy("زوج واحد"),
    "two": gettext_lazy("زوجان"),
    "few": gettext_lazy("%(count)s أزواج"),
    "many": gettext_lazy("%(count)s زوجًا"),
    "other": gettext_lazy("%(count)s زوج"),
}

RESULTS = {
    "zero": gettext_lazy("لا نتائج"),
    "one": gettext_lazy("نتيجة واحدة"),
    "two": gettext_lazy("نتيجتان"),
    "few": gettext_lazy("%(count)s نتائج"),
    "many": gettext_lazy("%(count)s نتيجة"),
    "other": gettext_lazy("%(count)s نتيجة"),
}

DOCUMENTS = {
    "zero": gettext_lazy("لا وثائق"),
    "one": gettext_lazy("وثيقة واحدة"),
    "two": gettext_lazy("وثيقتان"),
    "few": gettext_lazy("%(count)s وثائق"),
    "many": gettext_lazy("%(count)s وثيقة"),
    "other": gettext_lazy("%(count)s وثيقة"),
}

LETTERS = {  # printed letters
    "zero": gettext_lazy("لا خطابات"),
    "one": gettext_lazy("خطاب واحد"),
    "two": gettext_lazy("خطابان"),
    "few": gettext_lazy("%(count)s خطابات"),
    "many": gettext_lazy("%(count)s خطابًا"),
    "other": gettext_lazy("%(count)s خطاب"),
}

BENEFICIARIES = {
    "zero": gettext_lazy("لا مستفيدين"),
    "one": gettext_lazy("مستفيد واحد"),
    "two": gettext_lazy("مستفيدان"),
    "few": gettext_lazy("%(count)s مستفيدين"),
    "many": gettext_lazy("%(count)s مستفيدًا"),
    "other": gettext_lazy("%(count)s مستفيد"),
}

CHARACTERS = {  # characters of a text (an SMS's units, a field's length)
    "zero": gettext_lazy("لا أحرف"),
    "one": gettext_lazy("حرف واحد"),
    "two": gettext_lazy("حرفان"),
    "few": gettext_lazy("%(count)s أحرف"),
    "many": gettext_lazy("%(count)s حرفًا"),
    "other": gettext_lazy("%(count)s حرف"),
}

SMS_PARTS = {  # the parts an SMS is sent in
    "zero": gettext_lazy("لا أجزاء"),
    "one": gettext_lazy("جزء واحد"),
    "two": gettext_lazy("جزآن"),
    "few": gettext_lazy("%(count)s أجزاء"),
    "many": gettext_lazy("%(count)s جزءًا"),
    "other": gettext_lazy("%(count)s جزء"),
}
