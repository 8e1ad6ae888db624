"""Abstract bases shared by the domain models."""

from functools import lru_cache

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from casework import dates
from casework.vocabularies import Visibility


@lru_cache(maxsize=256)
def _choice_labels(field: models.Field, language: str | None) -> dict:
    return {value: str(label) for value, label in field.flatchoices}


def choice_label(record: models.Model, field_name: str) -> str:
    """What ``get_<field>_display()`` gives, from a table built once per field and language.

    Django rebuilds the choices and hashes every (lazy) label on each call; in a bulk
    export that names every record (cite_as) that was a third of the time."""
    field = record._meta.get_field(field_name)
    value = getattr(record, field.attname)
    return _choice_labels(field, get_language()).get(value, value)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Publishable(TimeStamped):
    """A record editors move from draft to review to published."""

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("Stable identifier used in URLs and by the API; never reuse or change it once published."),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.DRAFT,
        db_index=True,
        help_text=_("Only published records reach the public site, the API, feeds and exports."),
    )
    # What the public can know of the record's history (casework/sync.py keeps them):
    # when it first became public and when its public content last changed. Edits to
    # drafts and to restricted fields leave them alone, so they cannot be read from them.
    public_created_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False, help_text=_("When it first became public.")
    )
    public_updated_at = models.DateTimeField(
        _("public content changed"),
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("When something the public sees of it last changed."),
    )
    public_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        from casework.slugs import RESERVED

        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.error_dict
        if self.slug in RESERVED and "slug" not in (exclude or ()) and "slug" not in errors:
            errors["slug"] = [
                ValidationError(
                    _("The API uses this word for its own paths (%(words)s): choose another slug."),
                    code="reserved",
                    params={"words": ", ".join(sorted(RESERVED))},
                )
            ]
        if errors:
            raise ValidationError(errors)


class Cited(models.Model):
    """A factual record: it carries the citations that back it."""

    citations = GenericRelation("casework.Citation", related_query_name="%(class)s")

    class Meta:
        abstract = True


def public_chronological_index(name: str, *, sequenced: bool = False) -> models.Index:
    """The lists' time order (``time_order()``) over published rows, so that a page reads
    the first entries of an index instead of sorting the table."""
    from casework.querysets import time_order_fields

    return models.Index(
        fields=time_order_fields(sequenced=sequenced),
        name=name,
        condition=Q(visibility=Visibility.PUBLISHED),
    )


def chronological_index(name: str, *, sequenced: bool = False) -> models.Index:
    """The same order over every row, whatever its visibility: the admin's changelists
    list drafts and published records together in time order and read their first page
    from it (80,000 events: 0.6 ms with it, 60 ms sorting the table)."""
    from casework.querysets import time_order_fields

    return models.Index(fields=time_order_fields(sequenced=sequenced), name=name)


class Dated(models.Model):
    """A date as the source gives it (EDTF) and the days it can mean, for filtering."""

    date = models.CharField(
        _("date (EDTF)"),
        max_length=64,
        blank=True,
        validators=[dates.validate_edtf],
        help_text=dates.EDTF_HELP,
    )
    date_note = models.CharField(
        _("date note"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the date rests on when the source does not say it outright, e.g. 'The year is inferred from "
            "the article's date.' Shown with the date."
        ),
    )
    date_earliest = models.DateField(
        _("earliest day"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Derived from the EDTF date: the first day it can mean."),
    )
    date_latest = models.DateField(
        _("latest day"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Derived from the EDTF date: the last day it can mean."),
    )

    # Where the record sits in a timeline (casework.dates.sort_position): derived, like the
    # bounds, and read by casework.querysets.time_order only.
    sort_day = models.DateField(_("sorts by day"), null=True, blank=True, editable=False)
    sort_rank = models.PositiveSmallIntegerField(_("sorts at rank"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(date_earliest__isnull=True)
                | Q(date_latest__isnull=True)
                | Q(date_earliest__lte=models.F("date_latest")),
                name="%(app_label)s_%(class)s_date_bounds_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["date_earliest", "date_latest"], name="%(app_label)s_%(class)s_dates"),
        ]

    def clean(self) -> None:
        super().clean()
        if isinstance(self, Cited):
            from casework import bounds  # bounds reads the models

            bounds.validate_record(self)

    def derive_date_bounds(self) -> None:
        bounds = dates.bounds(self.date)
        self.date_earliest, self.date_latest = bounds.earliest, bounds.latest
        position = dates.sort_position(self.date)
        self.sort_day, self.sort_rank = position.day, position.rank

    @property
    def date_display(self) -> str:
        return dates.display(self.date)


RUSSIAN_HELP = _("For readers in Russian, who read the English when this is empty.")


def russian_text(verbose_name, max_length: int | None = None) -> models.Field:
    """The Russian beside an English text column (casework/translations.py)."""
    if max_length is None:
        return models.TextField(verbose_name, blank=True, help_text=RUSSIAN_HELP)
    return models.CharField(verbose_name, max_length=max_length, blank=True, help_text=RUSSIAN_HELP)
