from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from casework.links import path_to
from casework.models.base import Dated, Publishable, TimeStamped, russian_text
from casework.querysets import CitationQuerySet, SourceQuerySet, row_is_public
from casework.vocabularies import Connection, Reliability


class Source(Publishable, Dated):
    """A document that reports facts. ``date`` is when it was published."""

    title = models.CharField(_("title"), max_length=400)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    language = models.CharField(
        _("language"), max_length=8, default="en", help_text=_("Language code of the document, e.g. en, ru.")
    )
    seed_file = models.CharField(
        _("seed file"),
        max_length=200,
        blank=True,
        help_text=_("Path under seeds/ when the project keeps the document verbatim."),
    )
    text = models.TextField(
        _("text as captured"),
        blank=True,
        help_text=_(
            "Staff only, never shown to the public: the document as captured, one paragraph a line "
            "(dateline, headline, then the body). Quotes citing the source are checked against it and "
            "located (para. N). Leave empty when the project keeps it as a seed file."
        ),
    )
    reliability = models.CharField(
        _("reliability"),
        max_length=32,
        choices=Reliability.choices,
        default=Reliability.UNKNOWN,
        help_text=_("HURIDOCS scale."),
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_ru = russian_text(_("summary (Russian)"))

    objects = SourceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Dated.Meta):
        ordering = ["-date_earliest", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return path_to("source-detail", self.slug)


class Speaker(TimeStamped):
    """Someone a source quotes as speaking for an organization (a spokesperson, a lawyer of
    an NGO). Not a case: a speaker has no page and is shown only beside what they say."""

    name = models.CharField(_("name"), max_length=200, help_text=_("As the source gives it."))
    organization = models.ForeignKey(
        "casework.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="speakers",
        help_text=_("Whom they speak for, as the source says; empty when they speak for themselves."),
    )
    role = models.CharField(
        _("role"), max_length=200, blank=True, help_text=_("As the source words it, e.g. spokesperson.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="speaker_name_not_blank"),
            models.UniqueConstraint(fields=["name", "organization", "role"], name="speaker_unique_name_role"),
        ]

    def __str__(self) -> str:
        details = ", ".join(str(part) for part in (self.organization, self.role) if part)
        return f"{self.name} ({details})" if details else self.name

    @property
    def public_organization(self):
        """The organization they speak for, if the public may know it."""
        return self.organization if row_is_public(self.organization) else None


class Citation(TimeStamped):
    """Ties one record to the passage of a source that backs it."""

    source = models.ForeignKey(
        "casework.Source", verbose_name=_("source"), on_delete=models.PROTECT, related_name="citations"
    )
    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("content_type", "object_id")
    quote = models.TextField(_("quote"), help_text=_("The passage, verbatim, exactly as the source words it."))
    locator = models.CharField(
        _("locator"),
        max_length=100,
        blank=True,
        help_text=_("Where in the source: 'para. 3', 'headline', a page or a timestamp."),
    )
    connection = models.CharField(
        _("connection to the information"),
        max_length=32,
        choices=Connection.choices,
        default=Connection.UNKNOWN,
        help_text=_("HURIDOCS: who the statement comes from, relative to the facts."),
    )
    # Who makes the claim, apart from who published it: "as reported by an organization
    # that helps soldiers flee", "Chuviliaev, spokesperson for Go By The Forest, stated".
    claimant_organization = models.ForeignKey(
        "casework.Organization",
        verbose_name=_("according to (organization)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text=_(
            "The organization the source attributes the claim to. Empty when the source states it in its own voice."
        ),
    )
    speaker = models.ForeignKey(
        "casework.Speaker",
        verbose_name=_("according to (speaker)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="citations",
        help_text=_("The person the source quotes or paraphrases, when they speak for an organization."),
    )

    objects = CitationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["content_type", "object_id", "pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.CheckConstraint(condition=~Q(quote=""), name="citation_quote_not_blank"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_record")]

    def __str__(self) -> str:
        where = f", {self.locator}" if self.locator else ""
        return f"{self.source}{where}"

    def clean(self) -> None:
        super().clean()
        from casework import bounds  # bounds reads the models

        bounds.validate_citation(self)

    @property
    def claimant(self):
        """The organization the claim is attributed to (the one named, or the speaker's), if
        the public may know it."""
        if self.claimant_organization_id:
            return self.claimant_organization if row_is_public(self.claimant_organization) else None
        return self.speaker.public_organization if self.speaker_id else None
