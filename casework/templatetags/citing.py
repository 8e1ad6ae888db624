from django import template
from django.utils import timezone

from casework.citing import cite_as

register = template.Library()


@register.inclusion_tag("casework/includes/cite_this.html", takes_context=True)
def cite_this(context, record):
    url = context["request"].build_absolute_uri(record.get_absolute_url())
    return {"citation": cite_as(record, url, accessed=timezone.now().date())}
