"""Template filters of the request screens: `{% load applications_screens %}`."""

from django import template

from silah.applications import queries_screens

register = template.Library()


@register.filter
def address_lines(beneficiary) -> list[str]:
    """The national address, line by line (only the parts filled)."""
    return queries_screens.address_lines(beneficiary)
