"""Helpers to drive the admin's change forms and CSV views like a browser would."""

import time

from django import forms
from django.test import Client
from django.urls import reverse

# Client.force_login as Django ships it: a password-only session, before the second factor.
# tests/conftest.py makes every force_login also pass the second factor, so that the admin
# tests keep testing what they test; enforcement tests use this one.
password_only_login = Client.force_login


def verified_login(client: Client, user, backend=None) -> None:
    """Log `user` in as after a password and a one-time code from a confirmed device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from casework.second_factor import VERIFIED_AT_SESSION_KEY

    password_only_login(client, user, backend)
    if not user.is_staff:
        return
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="test authenticator", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[VERIFIED_AT_SESSION_KEY] = time.time()
    session.save()


def change_url(obj) -> str:
    return reverse(f"admin:casework_{obj._meta.model_name}_change", args=[obj.pk])


def changelist_url(model) -> str:
    return reverse(f"admin:casework_{model._meta.model_name}_changelist")


def form_data(response, **changes) -> dict:
    """The data a browser would post back from a rendered change form, with `changes`,
    and every inline left as it is."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif hasattr(value, "pk"):
            data[name] = value.pk
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    for inline in response.context.get("inline_admin_formsets", ()):
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(changes)
    return data


def csv_format(form) -> str:
    return next(value for value, label in form.fields["format"].choices if str(label).lower() == "csv")


def export_data(response) -> dict:
    """The export form posted back with CSV chosen and every offered field ticked."""
    form = response.context["form"]
    data = {name: "on" for name, field in form.fields.items() if isinstance(field, forms.BooleanField)}
    data.update({"format": csv_format(form), "resource": 0})
    return data


def _posted(value):
    if isinstance(value, list | tuple):
        return [getattr(item, "pk", item) for item in value]
    return getattr(value, "pk", value)


def formset_rows(formset) -> dict:
    """A formset's rows as a browser posts them back, unchanged, with the rows nested in
    each of them (citations inside an event's row)."""
    data = {
        f"{formset.prefix}-TOTAL_FORMS": len(formset.initial_forms),
        f"{formset.prefix}-INITIAL_FORMS": len(formset.initial_forms),
    }
    for form in formset.initial_forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if name == "DELETE" or value is None:
                continue
            if isinstance(field, forms.BooleanField):
                if value:
                    data[form.add_prefix(name)] = "on"
                continue
            data[form.add_prefix(name)] = _posted(value)
        for nested in getattr(form, "nested_formsets", ()):
            data.update(formset_rows(nested))
    return data


def page_data(response, **changes) -> dict:
    """The whole change page posted back as a browser would: the record's fields, every
    inline row and every row nested in them, with `changes`."""
    data = form_data(response)
    for inline in response.context.get("inline_admin_formsets", ()):
        data.update(formset_rows(inline.formset))
    data.update(changes)
    return data


def nested_formset(response, inline_model, row: int, model):
    """The formset of `model` rows nested in row `row` of the page's `inline_model` inline."""
    formset = next(
        inline.formset for inline in response.context["inline_admin_formsets"] if inline.formset.model is inline_model
    )
    return next(nested for nested in formset.forms[row].nested_formsets if nested.model is model)
