from django import template

register = template.Library()


@register.filter
def utc_offset(minutes: int | None) -> str:
    """-330 → "UTC-5:30", 60 → "UTC+1", 0 → "UTC"."""
    if minutes is None:
        return ""
    if minutes == 0:
        return "UTC"
    hours, rest = divmod(abs(minutes), 60)
    sign = "+" if minutes > 0 else "-"
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
