"""CSV import and export (django-import-export) for the records editors bring in bulk.

Columns carry what an editor can read and type: countries by ISO code, people and other
records by slug, vocabularies by their value. Every row is validated like a form would
(EDTF dates, codes, choices, constraints); imported and changed records arrive as drafts.
Restricted person fields travel only in ``PersonRestrictedResource``, which the admin
hands out to users with ``casework.view_restricted``.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from casework import models
from casework.models import RESTRICTED_PERSON_FIELDS
from casework.vocabularies import Visibility


class KeyWidget(widgets.ForeignKeyWidget):
    """A foreign key written as its natural key (ISO code, slug); an unknown key is a
    row error naming the value, not a crash."""

    def __init__(self, model, field: str = "slug", upper: bool = False, **kwargs):
        self.upper = upper
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = "" if value is None else str(value).strip()
        if not value:
            return None
        if self.upper:
            value = value.upper()
        try:
            return self.model._default_manager.get(**{self.field: value})
        except self.model.DoesNotExist:
            raise ValueError(f"No {self.model._meta.verbose_name} with {self.field} “{value}”.") from None


def country_field(attribute: str) -> fields.Field:
    return fields.Field(
        attribute=attribute, column_name=attribute, widget=KeyWidget(models.Country, "code", upper=True)
    )


def slug_field(attribute: str, model) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=attribute, widget=KeyWidget(model, "slug"))


PUBLISH_PERMISSION = "casework.publish"


class ReviewedChangesMixin:
    """Only reviewers change by import what the public sees: a published record (an update
    arrives as a draft, so for anyone else it would be unpublishing) or the citations of
    one (a footnote would change unreviewed). For others such a row is a row error;
    unchanged rows are skipped as before."""

    may_publish = False

    def before_import(self, dataset, **kwargs):
        user = kwargs.get("user")
        self.may_publish = bool(user and user.has_perm(PUBLISH_PERMISSION))
        return super().before_import(dataset, **kwargs)

    def changes(self, instance) -> bool:
        original = type(instance)._default_manager.get(pk=instance.pk)
        fields = [field.attribute for field in self.get_import_fields() if field.attribute]
        return any(getattr(instance, name, None) != getattr(original, name, None) for name in fields)


class DraftResource(ReviewedChangesMixin, resources.ModelResource):
    """Rows are matched on slug, validated with the model's own rules, and saved as drafts."""

    class Meta:
        abstract = True
        import_id_fields = ("slug",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if (
            instance.pk
            and not self.may_publish
            and instance.visibility == Visibility.PUBLISHED
            and self.changes(instance)
        ):
            raise ValidationError(
                {
                    "slug": _("“%(slug)s” is published: only a reviewer may change it by import.")
                    % {"slug": instance.slug}
                }
            )

    def before_save_instance(self, instance, row, **kwargs):
        # A new or changed record has not been reviewed in this form: it goes back to draft.
        instance.visibility = Visibility.DRAFT


class PersonResource(DraftResource):
    citizenship = country_field("citizenship")

    class Meta(DraftResource.Meta):
        model = models.Person
        fields = (
            "slug",
            "display_name",
            "name_is_pseudonym",
            "name_native",
            "citizenship",
            "military_background",
            "situation",
            "summary",
            "summary_ru",
        )
        export_order = fields


class PersonRestrictedResource(PersonResource):
    """The same, with the restricted fields: only for users allowed to see them."""

    class Meta(PersonResource.Meta):
        fields = (*PersonResource.Meta.fields, *RESTRICTED_PERSON_FIELDS)
        export_order = fields
        name = "Persons, with restricted fields"


class EventResource(DraftResource):
    person = slug_field("person", models.Person)
    cohort = slug_field("cohort", models.Cohort)
    country = country_field("country")
    from_country = country_field("from_country")
    to_country = country_field("to_country")

    class Meta(DraftResource.Meta):
        model = models.Event
        fields = (
            "slug",
            "person",
            "cohort",
            "type",
            "date",
            "country",
            "from_country",
            "to_country",
            "summary",
            "summary_ru",
        )
        export_order = fields


class AsylumOutcomeResource(DraftResource):
    person = slug_field("person", models.Person)
    cohort = slug_field("cohort", models.Cohort)
    country = country_field("country")
    authority = slug_field("authority", models.Organization)

    class Meta(DraftResource.Meta):
        model = models.AsylumOutcome
        fields = (
            "slug",
            "person",
            "cohort",
            "country",
            "status",
            "application_type",
            "date",
            "authority",
            "summary",
            "summary_ru",
        )
        export_order = fields


class ProsecutionResource(DraftResource):
    defendant = slug_field("defendant", models.Person)
    charge = slug_field("charge", models.Charge)
    country = country_field("country")
    reported_by = slug_field("reported_by", models.Organization)

    class Meta(DraftResource.Meta):
        model = models.Prosecution
        fields = (
            "slug",
            "defendant",
            "case_count",
            "count_qualifier",
            "charge",
            "country",
            "status",
            "date",
            "sentence",
            "sentence_ru",
            "reported_by",
            "summary",
            "summary_ru",
        )
        export_order = fields


class CountryConditionResource(DraftResource):
    country = country_field("country")

    class Meta(DraftResource.Meta):
        model = models.CountryCondition
        fields = ("slug", "country", "topic", "date", "date_note", "summary")
        export_order = fields


class SpeakerWidget(widgets.ForeignKeyWidget):
    """A speaker written as editors read them in the admin: the name in the ``speaker``
    column, with the slug of the organization they speak for in ``speaker_organization``
    and, where one name speaks for one organization in several roles, the role in
    ``speaker_role``. An empty role picks the speaker with no role among several. Import
    names existing speakers only; a new one is added in the admin first."""

    def __init__(self, **kwargs):
        super().__init__(models.Speaker, field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        name = "" if value is None else str(value).strip()
        row = row or {}
        slug = str(row.get("speaker_organization") or "").strip()
        role = str(row.get("speaker_role") or "").strip()
        if not name:
            if slug or role:
                raise ValueError(_("Name the speaker, or leave speaker_organization and speaker_role empty."))
            return None
        candidates = models.Speaker.objects.filter(name=name).select_related("organization")
        candidates = candidates.filter(organization__slug=slug) if slug else candidates.filter(organization=None)
        if role:
            candidates = candidates.filter(role=role)
        found = list(candidates[:3])
        if len(found) > 1 and not role:
            found = [speaker for speaker in found if not speaker.role] or found
        if len(found) == 1:
            return found[0]
        if not found:
            whom = _("for the organization “%(slug)s”") % {"slug": slug} if slug else _("without an organization")
            raise ValueError(
                _("No speaker “%(name)s” %(whom)s%(role)s; add them in the admin first.")
                % {"name": name, "whom": whom, "role": f" ({role})" if role else ""}
            )
        raise ValueError(_("Several speakers are called “%(name)s” there; say which in speaker_role.") % {"name": name})

    def render(self, value, obj=None, **kwargs):
        return value.name if value is not None else ""


class CitationResource(ReviewedChangesMixin, resources.ModelResource):
    """A citation names its record by type and slug (``person``, ``alexander``); an empty
    id creates a new citation, an existing id updates that one. Who makes the claim:
    ``claimant_organization`` by slug, the speaker as SpeakerWidget reads them."""

    source = slug_field("source", models.Source)
    record_type = fields.Field(column_name="record_type")
    record = fields.Field(column_name="record")
    claimant_organization = slug_field("claimant_organization", models.Organization)
    speaker = fields.Field(attribute="speaker", column_name="speaker", widget=SpeakerWidget())
    speaker_organization = fields.Field(column_name="speaker_organization")
    speaker_role = fields.Field(column_name="speaker_role")

    class Meta:
        model = models.Citation
        fields = (
            "id",
            "source",
            "record_type",
            "record",
            "quote",
            "locator",
            "connection",
            "claimant_organization",
            "speaker",
            "speaker_organization",
            "speaker_role",
        )
        export_order = fields
        import_id_fields = ("id",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def dehydrate_record_type(self, citation) -> str:
        return citation.content_type.model

    def dehydrate_record(self, citation) -> str:
        record = citation.record
        return getattr(record, "slug", "") if record else ""

    def filter_export(self, queryset, **kwargs):
        # Each row names its claimant and its speaker's organization: one join, not a query a row.
        queryset = super().filter_export(queryset, **kwargs)
        if not hasattr(queryset, "select_related"):
            return queryset
        return queryset.select_related("source", "content_type", "claimant_organization", "speaker__organization")

    def dehydrate_speaker_organization(self, citation) -> str:
        speaker = citation.speaker
        return speaker.organization.slug if speaker and speaker.organization else ""

    def dehydrate_speaker_role(self, citation) -> str:
        return citation.speaker.role if citation.speaker else ""

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, ValidationError] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        speaker_organization = str(row.get("speaker_organization") or "").strip()
        if speaker_organization and not models.Organization.objects.filter(slug=speaker_organization).exists():
            errors["speaker_organization"] = ValidationError(
                _("No organization with slug “%(slug)s”.") % {"slug": speaker_organization}
            )
        record_type = str(row.get("record_type") or "").strip().lower()
        slug = str(row.get("record") or "").strip()
        citable = {model._meta.model_name: model for model in models.CITABLE_MODELS}
        model = citable.get(record_type)
        if model is None:
            errors["record_type"] = ValidationError(
                f"“{record_type}” is not a record type; use one of: {', '.join(sorted(citable))}."
            )
        else:
            try:
                record = model._default_manager.get(slug=slug)
            except model.DoesNotExist:
                errors["record"] = ValidationError(f"No {model._meta.verbose_name} with slug “{slug}”.")
            else:
                before = models.Citation.objects.filter(pk=instance.pk).first() if instance.pk else None
                instance.content_type = ContentType.objects.get_for_model(model)
                instance.object_id = record.pk
                if not self.may_publish and not errors:
                    touched = [record] if before is None or self.changes(instance) else []
                    if before is not None and before.record is not None and before.record != record:
                        touched.append(before.record)
                    for target in touched:
                        if target.visibility == Visibility.PUBLISHED:
                            errors["record"] = ValidationError(
                                _("“%(record)s” is published: only a reviewer may change its citations by import.")
                                % {"record": target.slug}
                            )
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # The generic record is not an import field, so compare it by hand.
        moved = original is not None and (instance.content_type_id, instance.object_id) != (
            original.content_type_id,
            original.object_id,
        )
        if moved and not import_validation_errors:
            return False
        return super().skip_row(instance, original, row, import_validation_errors)
