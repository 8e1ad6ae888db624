"""Formatting filters for the public templates."""

from django import template

from casework.statistics import grouped as grouped_number

register = template.Library()


@register.filter
def grouped(value: int) -> str:
    """A count with the reader's thousands separator (7,400 / 7 400)."""
    return grouped_number(value)
