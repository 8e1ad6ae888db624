"""Forms that leave the slug to Casework: on a new record an empty slug is filled from its
name, subject and date (casework.slugs), unique among its kind and within the form."""

from __future__ import annotations

from django import forms
from django.forms.models import BaseInlineFormSet, construct_instance
from django.utils.translation import gettext_lazy as _

from casework.slugs import slug_suggest


class SuggestedSlugForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields and self.instance.pk is None:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leave it empty: it is made from the name and date.")

    def _post_clean(self):
        unnamed = "slug" in self.fields and self.instance.pk is None and not self.cleaned_data.get("slug")
        if unnamed and not self.errors:
            construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
            self.cleaned_data["slug"] = slug_suggest(self.instance)
        super()._post_clean()


class SuggestedSlugFormSetMixin:
    """New rows of one form get different slugs from each other."""

    def clean(self):
        # Before the formset's own check for duplicates, which would refuse them.
        seen: set[str] = set()
        for form in self.forms:
            slug = getattr(form, "cleaned_data", {}).get("slug")
            if not slug or form.instance.pk is not None:
                continue
            if slug in seen:
                slug = slug_suggest(form.instance, taken=seen)
                form.cleaned_data["slug"] = form.instance.slug = slug
            seen.add(slug)
        super().clean()


class SuggestedSlugFormSet(SuggestedSlugFormSetMixin, BaseInlineFormSet):
    pass
