"""Citations in the admin never leave a published record without a public source.

Removing a citation (deleting it, in its own page or in the record's inline, moving it
to another record, or pointing it at an unpublished source) is refused when it is the
last public citation of a published record; services.records_stranded says which.
"""

from __future__ import annotations

from django import forms
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.utils.translation import gettext as _

from casework import seeds, services
from casework.vocabularies import Visibility


def _stranding_error(stranded) -> forms.ValidationError:
    return forms.ValidationError(
        _(
            "%(records)s would stay published without a public citation: cite another published source "
            "first, or have a reviewer unpublish it."
        )
        % {"records": ", ".join(f"“{record}”" for record in stranded)}
    )


def _public(source) -> bool:
    return source is not None and source.visibility == Visibility.PUBLISHED


class QuoteCheckedForm(forms.ModelForm):
    """A quote is checked word for word against the source's text when the project holds
    it (Source.text or its seed file); found, an empty locator is filled in (para. N);
    not found, it is refused with the nearest passage."""

    def clean(self):
        cleaned = super().clean()
        source, quote = cleaned.get("source"), cleaned.get("quote")
        text = seeds.source_text(source) if source is not None and quote else ""
        if not text:
            return cleaned
        passage = seeds.quote_locate(quote, text)
        if passage is None:
            nearest = seeds.quote_nearest(quote, text)
            self.add_error(
                "quote",
                _("This is not word for word in “%(source)s”. The nearest passage (%(locator)s): “%(passage)s”")
                % {"source": source, "locator": nearest.locator, "passage": nearest.text},
            )
        elif not cleaned.get("locator"):
            cleaned["locator"] = passage.locator
        return cleaned


class CitationRulesFormSetMixin:
    """For a formset of one record's citations: removing the last public citation of a
    published record is refused."""

    def clean(self):
        super().clean()
        if self.instance.pk is None or any(self.errors):
            return
        removed, added = [], False
        for form in self.forms:
            if not form.has_changed() and form.instance.pk:
                continue
            deleted = self.can_delete and self._should_delete_form(form)
            source = form.cleaned_data.get("source")
            if form.instance.pk and (deleted or not _public(source)):
                removed.append(form.instance.pk)
            elif not deleted and _public(source):
                added = True
        if removed and not added:
            stranded = [record for record in services.records_stranded(citations=removed) if record == self.instance]
            if stranded:
                raise _stranding_error(stranded)


class CitationInlineFormSet(CitationRulesFormSetMixin, BaseGenericInlineFormSet):
    pass


class CitationAdminForm(QuoteCheckedForm):
    # Set per request by CitationDeletionMixin.get_form.
    may_publish = False

    def clean(self):
        cleaned = super().clean()
        citation = self.instance
        content_type, object_id = cleaned.get("content_type"), cleaned.get("object_id")
        record = content_type.get_object_for_this_type(pk=object_id) if content_type and object_id else None
        if not self.may_publish and getattr(record, "visibility", None) == Visibility.PUBLISHED:
            raise forms.ValidationError(
                _("“%(record)s” is published: cite it on its own page, where the change waits for a reviewer.")
                % {"record": record}
            )
        if citation.pk and not self.errors:
            before = type(citation)._default_manager.get(pk=citation.pk)
            moved = (cleaned.get("content_type"), cleaned.get("object_id")) != (before.content_type, before.object_id)
            if moved or not _public(cleaned.get("source")):
                stranded = services.records_stranded(citations=[citation.pk])
                if stranded:
                    raise _stranding_error(stranded)
        return cleaned


class CitationDeletionMixin:
    """For the citations' ModelAdmin: the delete page and the bulk delete action list the
    records a deletion would strand as what stands in its way, and delete nothing. The
    citations of a published record are changed by a reviewer, or through a revision of
    the record (its page), never directly by someone who may not publish."""

    form = CitationAdminForm

    def _may_publish(self, request) -> bool:
        return request.user.has_perm(services.PUBLISH_PERMISSION)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.may_publish = self._may_publish(request)
        return form

    def has_change_permission(self, request, obj=None):
        if obj is not None and self.is_live(obj) and not self._may_publish(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.is_live(obj) and not self._may_publish(request):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        stranded = services.records_stranded(citations=[citation.pk for citation in objs])
        if not self._may_publish(request):
            protected = [
                *protected,
                *(
                    _("“%(record)s” (published: only a reviewer removes its citations)") % {"record": citation.record}
                    for citation in objs
                    if self.is_live(citation)
                ),
            ]
        protected = [
            *protected,
            *(
                _("“%(record)s” (published; this is its last public citation)") % {"record": record}
                for record in stranded
            ),
        ]
        return to_delete, model_count, perms_needed, protected
