from django import template

register = template.Library()


@register.filter
def dong(value) -> str:
    """A whole number of đồng with Vietnamese grouping (10.635.000); '–' for none."""
    if value in (None, ""):
        return "–"
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(value)
