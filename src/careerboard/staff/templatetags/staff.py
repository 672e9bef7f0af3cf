from django import template

from careerboard.staff.selectors import flag_kinds

register = template.Library()


@register.filter
def flag_labels(flags: list[str]) -> list[str]:
    return flag_kinds(flags or [])
