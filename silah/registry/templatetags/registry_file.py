"""The header of a beneficiary's file, the same on every tab whichever app serves it:
`{% load registry_file %}{% file_header beneficiary %}`."""

from decimal import Decimal, InvalidOperation

from django import template

from silah.registry import file_badges

register = template.Library()


@register.inclusion_tag("registry/partials/file_header.html", takes_context=True)
def file_header(context: template.Context, beneficiary) -> dict:
    links = list(beneficiary.category_links.select_related("category"))
    return {
        "beneficiary": beneficiary,
        "category_links": links,
        "badges": file_badges.badges_for(beneficiary),
        "perms": context.get("perms"),
        "request": context.get("request"),
    }


STATUS_TONES = {
    "applicant": "info",
    "active": "success",
    "suspended": "warning",
    "archived": "secondary",
}


@register.filter
def status_tone(status: str) -> str:
    return STATUS_TONES.get(status, "secondary")


@register.filter
def riyals(value) -> str:
    """An amount in riyals as Saudi staff write it: 1,500.00 (never a decimal comma)."""
    if value is None or value == "":
        return "—"
    try:
        return f"{Decimal(value):,.2f}"
    except (InvalidOperation, ValueError, TypeError):
        return ""


@register.filter
def percent(value) -> str:
    """A score between 0 and 1 as a whole percentage: 0.5 → 50٪ (written 50%)."""
    try:
        return f"{round(float(value) * 100)}%"
    except (TypeError, ValueError):
        return ""


@register.filter
def weight(value) -> str:
    """A comparison's weight, signed: +0.35, -0.60."""
    try:
        return f"{float(value):+.2f}"
    except (TypeError, ValueError):
        return ""
