"""What happened to people: events, asylum outcomes, charges and prosecutions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework import dates
from casework.models.base import (
    Cited,
    Dated,
    Publishable,
    choice_label,
    chronological_index,
    public_chronological_index,
    russian_text,
)
from casework.querysets import (
    AsylumOutcomeQuerySet,
    ChargeQuerySet,
    EventQuerySet,
    ProsecutionQuerySet,
    time_order,
)
from casework.vocabularies import (
    ApplicationType,
    AsylumStatus,
    CountQualifier,
    EventType,
    LinkCertainty,
    OrganizationRole,
    ProsecutionStatus,
)

EXACTLY_ONE_SUBJECT = (Q(person__isnull=False) & Q(cohort__isnull=True)) | (
    Q(person__isnull=True) & Q(cohort__isnull=False)
)


def subject_person(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        "casework.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name=related_name,
        help_text=_("The person concerned. Fill in either the person or the cohort, not both."),
    )


def subject_cohort(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        "casework.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name=related_name,
        help_text=_("The group concerned, when the source speaks of several people together."),
    )


class SubjectRecord(Publishable, Cited, Dated):
    """A record about exactly one subject: a person or a cohort (fields ``person``, ``cohort``)."""

    summary = models.TextField(_("summary"), blank=True)
    summary_ru = russian_text(_("summary (Russian)"))
    sequence = models.PositiveSmallIntegerField(
        _("order among same-dated records"),
        default=0,
        help_text=_(
            "When several records of a case carry the same date (three events “about 2024”), the order in "
            "which they happened: lower first. Leave 0 when the dates already tell."
        ),
    )

    class Meta(Dated.Meta):
        abstract = True

    @property
    def subject(self):
        return self.person or self.cohort


def unplace(collector, field, sub_objs, using) -> None:
    """``on_delete`` of ``Event.placed_after``: the events placed after a deleted one lose
    their place (and their derived position) instead of keeping a stale one."""
    collector.add_field_update(field, None, sub_objs)
    for derived in ("sort_day", "sort_rank"):
        collector.add_field_update(field.model._meta.get_field(derived), None, sub_objs)


class EventOrganization(models.Model):
    """An organization's part in an event, and how firmly the sources hold it: "an act
    widely attributed to Russian intelligence" is an attribution, not an established fact."""

    event = models.ForeignKey(
        "casework.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="organization_links"
    )
    organization = models.ForeignKey(
        "casework.Organization",
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="event_links",
    )
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=OrganizationRole.choices,
        default=OrganizationRole.UNKNOWN,
        help_text=_("What the organization did in the event, as the sources say."),
    )
    certainty = models.CharField(
        _("certainty"),
        max_length=16,
        choices=LinkCertainty.choices,
        default=LinkCertainty.UNKNOWN,
        help_text=_(
            "Confirmed: the sources state it as fact. Alleged: someone claims it. Attributed: others ascribe "
            'it to the organization ("widely attributed to").'
        ),
    )

    class Meta:
        # Not by the event: its ordering holds expressions a relation cannot prefix.
        ordering = ("event_id", "organization__slug")
        verbose_name = _("organization in an event")
        verbose_name_plural = _("organizations in events")
        constraints = [
            models.UniqueConstraint(fields=["event", "organization"], name="eventorganization_once_per_event"),
            models.CheckConstraint(condition=Q(role__in=OrganizationRole.values), name="eventorganization_role_known"),
            models.CheckConstraint(
                condition=Q(certainty__in=LinkCertainty.values), name="eventorganization_certainty_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {choice_label(self, 'role')} ({choice_label(self, 'certainty')})"


class Event(SubjectRecord):
    """One step of a subject's timeline: desertion, flight, arrival, deportation ..."""

    person = subject_person("events")
    cohort = subject_cohort("events")
    type = models.CharField(_("type"), max_length=32, choices=EventType.choices)
    country = models.ForeignKey(
        "casework.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("Where it happened."),
    )
    from_country = models.ForeignKey(
        "casework.Country",
        verbose_name=_("from country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_from",
        help_text=_("For a movement (flight, deportation ...): the country left."),
    )
    to_country = models.ForeignKey(
        "casework.Country",
        verbose_name=_("to country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events_to",
        help_text=_("For a movement: the country reached or returned to."),
    )
    organizations = models.ManyToManyField(
        "casework.Organization",
        verbose_name=_("organizations involved"),
        blank=True,
        related_name="events",
        through=EventOrganization,
    )
    placed_after = models.ForeignKey(
        "self",
        verbose_name=_("placed after"),
        on_delete=unplace,
        null=True,
        blank=True,
        related_name="placed_events",
        help_text=_(
            "For an event the source gives no date: the dated event of the same case it followed "
            "(his YouTube channel in Kazakhstan came after his flight there). Timelines show it right "
            "after the records of that event's date."
        ),
    )

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[organizations])

    class Meta(SubjectRecord.Meta):
        ordering = time_order(sequenced=True)
        indexes = [
            *Dated.Meta.indexes,
            public_chronological_index("event_public_time", sequenced=True),
            chronological_index("event_time", sequenced=True),
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            *Dated.Meta.constraints,
            models.CheckConstraint(condition=EXACTLY_ONE_SUBJECT, name="event_exactly_one_subject"),
            models.CheckConstraint(
                condition=Q(from_country__isnull=True)
                | Q(to_country__isnull=True)
                | ~Q(from_country=models.F("to_country")),
                name="event_from_differs_from_to",
            ),
            # A dated event sorts by its date; only an undated one needs a place.
            models.CheckConstraint(
                condition=Q(placed_after__isnull=True) | Q(date=""), name="event_placed_only_undated"
            ),
        ]

    def __str__(self) -> str:
        when = f" ({self.date_display})" if self.date else ""
        return f"{choice_label(self, 'type')}: {self.subject}{when}"

    def derive_date_bounds(self) -> None:
        super().derive_date_bounds()
        if not self.date and self.placed_after_id is not None:
            anchor = Event.objects.filter(pk=self.placed_after_id).values_list("sort_day", flat=True).first()
            if anchor is not None:
                self.sort_day, self.sort_rank = anchor, dates.PLACED

    def clean(self) -> None:
        super().clean()
        anchor = self.placed_after
        if anchor is None:
            return
        if self.date:
            raise ValidationError(
                {"placed_after": _("A dated event sorts by its date: clear “placed after”, or the date.")}
            )
        if not anchor.date:
            raise ValidationError({"placed_after": _("Place it after an event that has a date.")})
        if anchor.pk == self.pk or not self.shares_case_with(anchor):
            raise ValidationError(
                {"placed_after": _("Place it after an event of the same case (its person's, or their cohort's).")}
            )

    def shares_case_with(self, other: "Event") -> bool:
        """Whether ``other`` is on this event's timeline: the same subject, or a cohort of
        this event's person."""
        if self.person_id is not None and other.person_id == self.person_id:
            return True
        if self.cohort_id is not None and other.cohort_id == self.cohort_id:
            return True
        return (
            self.person_id is not None
            and other.cohort_id is not None
            and self._meta.get_field("cohort")
            .related_model.members.through.objects.filter(person_id=self.person_id, cohort_id=other.cohort_id)
            .exists()
        )


class AsylumOutcome(SubjectRecord):
    """One decision or status of one subject in one host country."""

    person = subject_person("asylum_outcomes")
    cohort = subject_cohort("asylum_outcomes")
    country = models.ForeignKey(
        "casework.Country",
        verbose_name=_("host country"),
        on_delete=models.PROTECT,
        related_name="asylum_outcomes",
    )
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=AsylumStatus.choices,
        help_text=_(
            "After UNHCR's categories. A temporary visa while an application is pending is not a recognition. "
            "Subsidiary protection (the EU's status for people at risk of serious harm who are not refugees) "
            "and humanitarian status are complementary protection: choose that."
        ),
    )
    application_type = models.CharField(
        _("application type"),
        max_length=16,
        choices=ApplicationType.choices,
        default=ApplicationType.UNKNOWN,
    )
    authority = models.ForeignKey(
        "casework.Organization",
        verbose_name=_("authority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="asylum_decisions",
        help_text=_("The authority that decided or granted it, if known."),
    )

    objects = AsylumOutcomeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(SubjectRecord.Meta):
        ordering = time_order(sequenced=True)
        indexes = [
            *Dated.Meta.indexes,
            public_chronological_index("outcome_public_time", sequenced=True),
            chronological_index("outcome_time", sequenced=True),
        ]
        verbose_name = _("asylum outcome")
        verbose_name_plural = _("asylum outcomes")
        constraints = [
            *Dated.Meta.constraints,
            models.CheckConstraint(condition=EXACTLY_ONE_SUBJECT, name="asylumoutcome_exactly_one_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {choice_label(self, 'status')} ({self.country_id})"


class Charge(Publishable, Cited):
    """An offence in a country's law, with the penalty the sources report."""

    country = models.ForeignKey(
        "casework.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="charges",
    )
    name = models.CharField(_("name"), max_length=200)
    name_ru = russian_text(_("name (Russian)"), 200)
    legal_reference = models.CharField(
        _("legal reference"),
        max_length=200,
        blank=True,
        help_text=_(
            "Article of the code, e.g. 'Criminal Code of the Russian Federation, art. 338'. "
            "Only where a source gives it."
        ),
    )
    max_prison_years = models.PositiveSmallIntegerField(_("maximum prison term (years)"), null=True, blank=True)
    other_penalties = models.CharField(
        _("other penalties"),
        max_length=300,
        blank=True,
        help_text=_("e.g. confiscation of property."),
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_ru = russian_text(_("summary (Russian)"))

    objects = ChargeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_prison_years__isnull=True) | Q(max_prison_years__lte=100),
                name="charge_max_prison_years_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country_id})"


class Prosecution(Publishable, Cited, Dated):
    """A criminal case, or a counted set of cases when the source only counts them."""

    defendant = models.ForeignKey(
        "casework.Person",
        verbose_name=_("defendant"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="prosecutions",
        help_text=_("Empty when the record counts cases against people the source does not name."),
    )
    case_count = models.PositiveIntegerField(
        _("number of cases"), default=1, help_text=_("1 for one case; the count the source gives otherwise.")
    )
    count_qualifier = models.CharField(
        _("count qualifier"),
        max_length=16,
        choices=CountQualifier.choices,
        default=CountQualifier.EXACT,
        help_text=_("'Over 7,400' is at least 7,400."),
    )
    charge = models.ForeignKey(
        "casework.Charge",
        verbose_name=_("charge"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="prosecutions",
    )
    country = models.ForeignKey(
        "casework.Country",
        verbose_name=_("prosecuting country"),
        on_delete=models.PROTECT,
        related_name="prosecutions",
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ProsecutionStatus.choices,
        default=ProsecutionStatus.UNKNOWN,
    )
    sentence = models.CharField(_("sentence"), max_length=300, blank=True)
    sentence_ru = russian_text(_("sentence (Russian)"), 300)
    reported_by = models.ForeignKey(
        "casework.Organization",
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_prosecutions",
        help_text=_("Who counted or reported the cases (e.g. a media tracker)."),
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_ru = russian_text(_("summary (Russian)"))

    objects = ProsecutionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Dated.Meta):
        ordering = time_order(sequenced=False)
        indexes = [
            *Dated.Meta.indexes,
            public_chronological_index("prosecution_public_time"),
            chronological_index("prosecution_time"),
        ]
        verbose_name = _("prosecution")
        verbose_name_plural = _("prosecutions")
        constraints = [
            *Dated.Meta.constraints,
            models.CheckConstraint(condition=Q(case_count__gte=1), name="prosecution_case_count_positive"),
            models.CheckConstraint(
                condition=Q(defendant__isnull=True) | Q(case_count=1, count_qualifier=CountQualifier.EXACT),
                name="prosecution_named_defendant_single_case",
            ),
        ]

    def __str__(self) -> str:
        from casework.statistics import case_count_wording  # statistics reads these models

        who = self.defendant or case_count_wording(self.count_qualifier, self.case_count)
        if self.charge is not None and self.charge.country_id == self.country_id:
            # The charge already names its country: "Dmitri: Desertion (RU)".
            return f"{who}: {self.charge}"
        return f"{who}: {self.charge or choice_label(self, 'status')} ({self.country_id})"
