from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def split(value: str, separator: str = " ") -> list[str]:
    return value.split(separator)
