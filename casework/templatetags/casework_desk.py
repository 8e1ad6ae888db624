from django import template

from casework.desk import desk

register = template.Library()


@register.inclusion_tag("admin/casework/desk.html", takes_context=True)
def reviewer_desk(context):
    return {"lists": desk(context["request"].user)}
