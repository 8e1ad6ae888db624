"""What the API says about each record. Every serializer lists its fields: a new model
column must never reach the public by itself (restricted Person fields least of all)."""

from __future__ import annotations

from functools import cache, lru_cache

from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casework import citing, dates, translations
from casework.links import path_to
from casework.models import (
    AsylumOutcome,
    Charge,
    Citation,
    Cohort,
    Country,
    CountryCondition,
    Event,
    EventOrganization,
    Organization,
    Person,
    Prosecution,
    Source,
    Statistic,
    Withdrawn,
)
from casework.querysets import row_is_public


class SlugRefField(serializers.SlugRelatedField):
    """Another public record, by its slug."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)


class CountryRefField(serializers.SlugRelatedField):
    """A country, by its ISO code; the code is the key, so no join is needed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    def use_pk_only_optimization(self):
        return True

    def to_representation(self, value):
        return value.pk


class RecordUrlField(serializers.HyperlinkedIdentityField):
    """The record's API URL, without the ?format= of the request (a CSV row links to
    the record itself, not to a CSV of it)."""

    def get_url(self, obj, view_name, request, format):
        lookup_value = getattr(obj, self.lookup_field)
        path = path_to(view_name, str(lookup_value), kwarg=self.lookup_url_kwarg)
        return request.build_absolute_uri(path) if request else path


class CiteAsMixin(serializers.Serializer):
    """Every record says how to cite it; the field comes last, after the record's own."""

    cite_as = serializers.SerializerMethodField(
        help_text="How to cite this record: authors, title, its page (or API URL) and the data licence."
    )

    def get_field_names(self, declared_fields, info):
        names = list(super().get_field_names(declared_fields, info))
        return names if "cite_as" in names else [*names, "cite_as"]

    def get_cite_as(self, obj) -> str:
        if hasattr(obj, "get_absolute_url"):
            path = obj.get_absolute_url()
        else:
            path = reverse(f"api:{obj._meta.model_name}-detail", kwargs={"slug": obj.slug})
        request = self.context.get("request")
        return citing.cite_as(obj, request.build_absolute_uri(path) if request else path)


COUNTRY_REF_HELP = "ISO 3166-1 alpha-2 code; see /api/v1/countries/."


# For model fields that carry no help_text of their own; the schema describes every field.
FIELD_HELP = {
    "slug": "Stable identifier of the record, used in its URLs; never reused.",
    "summary": "A short account of the record in the editors' words; the citations hold the sources' own.",
    "name": "Name, as the sources give it.",
    "title": "Title of the document.",
    "publisher": "Who published the document.",
    "website": "Official website, if any.",
    "sentence": "The sentence handed down, if any, as the source reports it.",
    "metric": "What is counted, in the source's own terms.",
}


class BlankAsNull:
    """An optional text left empty is null in the API, never "": a URL field that may be
    absent is a URI or null, and a client can test for absence one way."""

    def to_representation(self, value):
        value = super().to_representation(value)
        return None if value == "" else value


@cache
def blank_as_null(field_class: type[serializers.Field]) -> type[serializers.Field]:
    return type(f"Nullable{field_class.__name__}", (BlankAsNull, field_class), {})


class NullableCharField(BlankAsNull, serializers.CharField):
    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)


class NullableURLField(BlankAsNull, serializers.URLField):
    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)


TEXT_LANGUAGE_SCHEMA = {
    "type": "object",
    "additionalProperties": {"type": "string", "enum": translations.TEXT_LANGUAGES},
    "description": (
        "The language each text of this record is given in, by field: the language asked for (lang or "
        "Accept-Language) where the editors wrote one, else en."
    ),
    "example": {"summary": "ru"},
}


class TranslatedTextMixin(serializers.Serializer):
    """Record text in the language of the request, English where no translation was given
    (casework/translations.py), and per record the language each text is in. Without lang or
    Accept-Language every text is the English, as before there were translations."""

    text_language = serializers.SerializerMethodField()

    def get_field_names(self, declared_fields, info):
        names = list(super().get_field_names(declared_fields, info))
        if "text_language" in names or not translations.translated_fields(self.Meta.model):
            return [name for name in names if name != "text_language"]
        # Beside the texts it describes, before cite_as.
        at = names.index("cite_as") if "cite_as" in names else len(names)
        return [*names[:at], "text_language", *names[at:]]

    def _texts(self, obj) -> list[str]:
        return [field for field in translations.translated_fields(type(obj)) if field in self.fields]

    @extend_schema_field(TEXT_LANGUAGE_SCHEMA)
    def get_text_language(self, obj) -> dict[str, str]:
        return {field: translations.in_language(obj, field)[1] for field in self._texts(obj)}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for field in self._texts(instance):
            data[field] = translations.text_in(instance, field) or None
        return data


class RecordSerializer(TranslatedTextMixin, serializers.HyperlinkedModelSerializer):
    """Read-only; related records appear as slugs (countries as ISO codes)."""

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if not kwargs.get("help_text"):
            kwargs["help_text"] = FIELD_HELP.get(field_name) or str(model_field.verbose_name).capitalize() + "."
        if getattr(model_field, "blank", False) and issubclass(
            field_class, serializers.CharField | serializers.ChoiceField
        ):
            field_class = blank_as_null(field_class)
            kwargs["allow_null"] = True
            kwargs.pop("allow_blank", None)
        return field_class, kwargs

    url_field_name = "url"
    serializer_url_field = RecordUrlField

    def build_relational_field(self, field_name, relation_info):
        _field_class, kwargs = super().build_relational_field(field_name, relation_info)
        kwargs.pop("queryset", None)
        kwargs.pop("view_name", None)
        kwargs["read_only"] = True
        if relation_info.related_model is Country:
            help_text = kwargs.get("help_text")
            kwargs["help_text"] = f"{help_text} {COUNTRY_REF_HELP}" if help_text else COUNTRY_REF_HELP
            return CountryRefField, kwargs
        return SlugRefField, kwargs

    def build_url_field(self, field_name, model_class):
        field_class, kwargs = super().build_url_field(field_name, model_class)
        kwargs["lookup_field"] = "code" if model_class is Country else "slug"
        kwargs["view_name"] = f"api:{model_class._meta.model_name}-detail"
        kwargs["help_text"] = "This record in the API."
        return field_class, kwargs


class HtmlUrlMixin(serializers.Serializer):
    html_url = serializers.SerializerMethodField(help_text="This record's public page on the Casework site.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_html_url(self, obj) -> str:
        path = obj.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class SyncedMixin(serializers.Serializer):
    """The times a researcher syncs by. They move only with public content (casework/sync.py)."""

    created_at = serializers.DateTimeField(
        source="public_created_at", read_only=True, help_text="When the record first became public."
    )
    updated_at = serializers.DateTimeField(
        source="public_updated_at",
        read_only=True,
        help_text=(
            "When something public about the record (its fields, citations or links) last changed. "
            "Edits to unpublished records or to data the public never sees do not move it."
        ),
    )


SYNC_FIELDS = ["created_at", "updated_at"]


class SpeakerSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True, help_text="As the source gives it.")
    role = NullableCharField(read_only=True, help_text="As the source words it, e.g. spokesperson; null if not given.")
    organization = serializers.SerializerMethodField(help_text="Slug of the organization they speak for, or null.")

    def get_organization(self, obj) -> str | None:
        organization = obj.public_organization
        return organization.slug if organization else None


class ClaimantMixin(serializers.Serializer):
    """Who makes the claim a citation quotes, apart from who published it."""

    claimant_organization = serializers.SerializerMethodField(
        help_text="Slug of the organization the source attributes the claim to; null when the source states it "
        "in its own voice, or names only a speaker."
    )
    speaker = serializers.SerializerMethodField(
        help_text="The person the source quotes as speaking for an organization; null when none."
    )

    def get_claimant_organization(self, obj) -> str | None:
        organization = obj.claimant_organization
        return organization.slug if row_is_public(organization) else None

    @extend_schema_field(SpeakerSerializer(allow_null=True))
    def get_speaker(self, obj) -> dict | None:
        return SpeakerSerializer(obj.speaker).data if obj.speaker else None


class CitationSerializer(ClaimantMixin, serializers.ModelSerializer):
    source = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the source; see /api/v1/sources/{slug}/."
    )

    class Meta:
        model = Citation
        fields = ["source", "locator", "quote", "connection", "claimant_organization", "speaker"]
        read_only_fields = fields


class CitedMixin(serializers.Serializer):
    citations = CitationSerializer(
        source="public_citations",
        many=True,
        read_only=True,
        help_text="The passages of published sources that back this record, verbatim.",
    )


DATED_FIELDS = ["date", "date_earliest", "date_latest", "date_display", "date_note"]


@lru_cache(maxsize=4096)
def _date_in_words(value: str, language: str | None) -> str:
    return dates.display(value)


class DatedMixin(serializers.Serializer):
    date_note = NullableCharField(
        read_only=True,
        help_text="What the date rests on when the source does not state it outright (e.g. a year inferred from "
        "the source's own date); null when there is nothing to add.",
    )
    date_display = serializers.SerializerMethodField(
        help_text="The date in words, in the language of the request, e.g. 'summer 2023'; null when undated."
    )

    def get_date_display(self, obj) -> str | None:
        # Parsing EDTF costs tens of milliseconds; a list repeats the same few dates.
        return _date_in_words(obj.date, get_language()) or None


class CountrySerializer(CiteAsMixin, HtmlUrlMixin, RecordSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the language of the request (Accept-Language).")

    class Meta:
        model = Country
        fields = ["url", "html_url", "code", "name", "name_en"]
        read_only_fields = fields


class OrganizationSerializer(SyncedMixin, CiteAsMixin, CitedMixin, RecordSerializer):
    class Meta:
        model = Organization
        fields = [
            "url",
            "slug",
            "name",
            "aliases",
            "kind",
            "country",
            "website",
            "wikidata_id",
            "summary",
            "citations",
            *SYNC_FIELDS,
        ]
        read_only_fields = fields


class PersonSerializer(SyncedMixin, CiteAsMixin, CitedMixin, HtmlUrlMixin, RecordSerializer):
    name_is_pseudonym = serializers.BooleanField(
        allow_null=True,
        read_only=True,
        help_text="true when the sources say the display name is a pseudonym, false when they say it is the "
        "real name, null when they do not say.",
    )

    class Meta:
        model = Person
        # Never legal_name, current_location, contact, risk_notes or internal_notes.
        fields = [
            "url",
            "html_url",
            "slug",
            "display_name",
            "name_is_pseudonym",
            "name_native",
            "citizenship",
            "military_background",
            "situation",
            "wikidata_id",
            "summary",
            "citations",
            *SYNC_FIELDS,
        ]
        read_only_fields = fields


class CohortSerializer(SyncedMixin, CiteAsMixin, CitedMixin, HtmlUrlMixin, RecordSerializer):
    class Meta:
        model = Cohort
        fields = [
            "url",
            "html_url",
            "slug",
            "name",
            "size",
            "size_qualifier",
            "members",
            "summary",
            "citations",
            *SYNC_FIELDS,
        ]
        read_only_fields = fields
        extra_kwargs = {"members": {"help_text": "Slugs of the published people the sources identify as members."}}


SUBJECT_HELP = {
    "person": {"help_text": "Slug of the person concerned; null when the record is about a cohort."},
    "cohort": {"help_text": "Slug of the cohort concerned; null when the record is about one person."},
}


class EventOrganizationSerializer(serializers.ModelSerializer):
    organization = SlugRefField(read_only=True, help_text="Slug of the organization.")

    class Meta:
        model = EventOrganization
        fields = ["organization", "role", "certainty"]
        read_only_fields = fields


class EventSerializer(SyncedMixin, CiteAsMixin, CitedMixin, DatedMixin, RecordSerializer):
    organizations = serializers.SerializerMethodField(help_text="Slugs of the organizations involved.")
    organization_links = EventOrganizationSerializer(
        many=True,
        read_only=True,
        help_text="Each organization involved, with its role and how firmly the sources hold the link: "
        "'attributed' is what others ascribe to it, 'alleged' what someone claims, 'confirmed' what the "
        "sources state as fact.",
    )

    class Meta:
        model = Event
        fields = [
            "url",
            "slug",
            "type",
            "person",
            "cohort",
            "country",
            "from_country",
            "to_country",
            "organizations",
            "organization_links",
            *DATED_FIELDS,
            "summary",
            "citations",
            *SYNC_FIELDS,
        ]
        read_only_fields = fields
        extra_kwargs = SUBJECT_HELP

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_organizations(self, obj) -> list[str]:
        # From the links the viewset prefetched: public organizations only.
        return [link.organization.slug for link in obj.organization_links.all()]


class AsylumOutcomeSerializer(SyncedMixin, CiteAsMixin, CitedMixin, DatedMixin, RecordSerializer):
    class Meta:
        model = AsylumOutcome
        fields = [
            "url",
            "slug",
            "person",
            "cohort",
            "country",
            "status",
            "application_type",
            "authority",
            *DATED_FIELDS,
            "summary",
            "citations",
            *SYNC_FIELDS,
        ]
        read_only_fields = fields
        extra_kwargs = SUBJECT_HELP


class ChargeSerializer(SyncedMixin, CiteAsMixin, CitedMixin, RecordSerializer):
    class Meta:
        model = Charge
        fields = [
            "url",
            "slug",
            "country",
            "name",
            "legal_reference",
            "max_prison_years",
            "other_penalties",
            "summary",
            "citations",
            *SYNC_FIELDS,
        ]
        read_only_fields = fields


class ProsecutionSerializer(SyncedMixin, CiteAsMixin, CitedMixin, DatedMixin, RecordSerializer):
    class Meta:
        model = Prosecution
        fields = [
            "url",
            "slug",
            "defendant",
            "case_count",
            "count_qualifier",
            "charge",
            "country",
            "status",
            "sentence",
            "reported_by",
            *DATED_FIELDS,
            "summary",
            "citations",
            *SYNC_FIELDS,
        ]
        read_only_fields = fields
        extra_kwargs = {
            "defendant": {"help_text": "Slug of the defendant; null when the record counts unnamed cases."},
            "charge": {"help_text": "Slug of the charge; see /api/v1/charges/."},
            "reported_by": {"help_text": "Slug of the organization that counted or reported the cases."},
        }


class StatisticSerializer(SyncedMixin, CiteAsMixin, CitedMixin, DatedMixin, RecordSerializer):
    period = NullableCharField(
        source="date", read_only=True, help_text="The period the figure covers, in EDTF (the same value as date)."
    )

    class Meta:
        model = Statistic
        fields = [
            "url",
            "slug",
            "metric",
            "value_low",
            "value_high",
            "qualifier",
            "wording",
            "country",
            "reported_by",
            "period",
            *DATED_FIELDS,
            "summary",
            "citations",
            *SYNC_FIELDS,
        ]
        read_only_fields = fields


class CountryConditionSerializer(SyncedMixin, CiteAsMixin, CitedMixin, HtmlUrlMixin, DatedMixin, RecordSerializer):
    class Meta:
        model = CountryCondition
        fields = [
            "url",
            "html_url",
            "slug",
            "country",
            "topic",
            *DATED_FIELDS,
            "summary",
            "citations",
            *SYNC_FIELDS,
        ]
        read_only_fields = fields
        extra_kwargs = {
            "country": {
                "help_text": "ISO 3166-1 alpha-2 code of the country whose treatment of deserters it describes."
            },
            "topic": {"help_text": "What it is about: entry rules, the risk of deportation, extradition, ..."},
            "summary": {"help_text": "What the sources say, with their hedges."},
        }


class SourceSerializer(SyncedMixin, CiteAsMixin, HtmlUrlMixin, DatedMixin, RecordSerializer):
    # The model has a `url` of its own (the document's), exposed as document_url.
    url = RecordUrlField(view_name="api:source-detail", lookup_field="slug", help_text="This record in the API.")
    published = NullableCharField(
        source="date", read_only=True, help_text="When the document was published, in EDTF (the same value as date)."
    )
    document_url = NullableURLField(
        source="url", read_only=True, help_text="Where the document itself can be read, if online."
    )
    citations = serializers.SerializerMethodField(
        help_text="The public citations of this source, with the records they back: /api/v1/citations/?source={slug}."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_citations(self, obj) -> str:
        path = reverse("api:citation-list") + f"?source={obj.slug}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    class Meta:
        model = Source
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "publisher",
            "published",
            *DATED_FIELDS,
            "document_url",
            "language",
            "seed_file",
            "reliability",
            "summary",
            "citations",
            *SYNC_FIELDS,
        ]
        read_only_fields = fields


# A person's detail: the lean record plus everything that happened to them.


class TimelineEventSerializer(EventSerializer):
    via_cohort = serializers.SerializerMethodField(
        help_text="Slug of the cohort through which this event concerns the person; null for their own events."
    )

    class Meta(EventSerializer.Meta):
        fields = [*EventSerializer.Meta.fields, "via_cohort"]
        read_only_fields = fields

    def get_via_cohort(self, obj) -> str | None:
        return obj.cohort.slug if obj.cohort_id else None


class PersonOutcomeSerializer(AsylumOutcomeSerializer):
    via_cohort = serializers.SerializerMethodField(
        help_text="Slug of the cohort through which this outcome concerns the person; null for their own."
    )

    class Meta(AsylumOutcomeSerializer.Meta):
        fields = [*AsylumOutcomeSerializer.Meta.fields, "via_cohort"]
        read_only_fields = fields

    def get_via_cohort(self, obj) -> str | None:
        return obj.cohort.slug if obj.cohort_id else None


class CohortRefSerializer(HtmlUrlMixin, RecordSerializer):
    class Meta:
        model = Cohort
        fields = ["url", "html_url", "slug", "name", "size", "size_qualifier"]
        read_only_fields = fields


class PersonDetailSerializer(PersonSerializer):
    cohorts = CohortRefSerializer(
        source="public_cohorts", many=True, read_only=True, help_text="Published cohorts the person belongs to."
    )
    timeline = TimelineEventSerializer(
        many=True,
        read_only=True,
        help_text="Events in date order: the person's own and those of their cohorts (see via_cohort).",
    )
    asylum_outcomes = PersonOutcomeSerializer(
        source="public_outcomes",
        many=True,
        read_only=True,
        help_text="Asylum decisions and statuses: the person's own and their cohorts'.",
    )
    prosecutions = ProsecutionSerializer(
        source="public_prosecutions", many=True, read_only=True, help_text="Criminal cases against the person."
    )

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "cohorts", "timeline", "asylum_outcomes", "prosecutions"]
        read_only_fields = fields


class CitationRecordSerializer(ClaimantMixin, serializers.ModelSerializer):
    """A citation with the record it backs, for /api/v1/citations/."""

    source = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the source; see /api/v1/sources/{slug}/."
    )
    source_url = serializers.SerializerMethodField(help_text="The source in the API.")
    locator = NullableCharField(read_only=True, help_text="Where in the source: 'para. 3', 'headline', a page.")
    record_type = serializers.SerializerMethodField(help_text="The API resource of the record it backs, e.g. events.")
    record = serializers.SerializerMethodField(help_text="Slug of the record it backs.")
    record_url = serializers.SerializerMethodField(help_text="The record it backs, in the API.")

    class Meta:
        model = Citation
        fields = [
            "id",
            "source",
            "source_url",
            "locator",
            "quote",
            "connection",
            "claimant_organization",
            "speaker",
            "record_type",
            "record",
            "record_url",
        ]
        read_only_fields = fields
        extra_kwargs = {"id": {"help_text": "Stable number of the citation."}}

    def _url(self, name: str, slug: str) -> str:
        path = reverse(f"api:{name}-detail", kwargs={"slug": slug})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(OpenApiTypes.URI)
    def get_source_url(self, obj) -> str:
        return self._url("source", obj.source.slug)

    def get_record_type(self, obj) -> str:
        from casework.sync import RESOURCE_NAMES

        return RESOURCE_NAMES[type(obj.record)]

    def get_record(self, obj) -> str:
        return obj.record.slug

    @extend_schema_field(OpenApiTypes.URI)
    def get_record_url(self, obj) -> str:
        return self._url(obj.record._meta.model_name, obj.record.slug)


class WithdrawnSerializer(serializers.ModelSerializer):
    resource = serializers.CharField(read_only=True, help_text="The API resource it was listed in, e.g. persons.")
    slug = serializers.CharField(read_only=True, help_text="Its slug, as it was in its url.")
    withdrawn_at = serializers.DateTimeField(read_only=True, help_text="When it left the public.")

    class Meta:
        model = Withdrawn
        fields = ["resource", "slug", "withdrawn_at"]
        read_only_fields = fields


# The list representation of each record type: what the public sees of it.
SERIALIZERS = {
    Person: PersonSerializer,
    Cohort: CohortSerializer,
    Organization: OrganizationSerializer,
    AsylumOutcome: AsylumOutcomeSerializer,
    Charge: ChargeSerializer,
    Prosecution: ProsecutionSerializer,
    Event: EventSerializer,
    Statistic: StatisticSerializer,
    CountryCondition: CountryConditionSerializer,
    Source: SourceSerializer,
}
