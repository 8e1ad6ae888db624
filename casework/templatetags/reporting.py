"""The error report form at the end of a record's page."""

from django import template

from casework import reports

register = template.Library()


@register.inclusion_tag("casework/includes/report_form.html", takes_context=True)
def report_form(context) -> dict:
    page = context["request"].path
    return {"form": reports.ReportForm(), "page": page, "token": reports.form_token(page)}
