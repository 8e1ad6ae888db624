"""The field's own terms, as TextChoices.

Each class names the reference system it follows (UNHCR's asylum statistics, HURIDOCS
Events Standard Formats, the Criminal Code of the Russian Federation); the public
/about/ page lists every vocabulary with its origin.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class MilitaryBackground(models.TextChoices):
    SOLDIER = "soldier", _("Soldier (role not stated)")
    DEPLOYED_SOLDIER = "deployed_soldier", _("Soldier deployed to the front")
    CONTRACT_SOLDIER = "contract_soldier", _("Contract soldier")
    MOBILIZED = "mobilized", _("Mobilized reservist")
    CONSCRIPT = "conscript", _("Conscript")
    OFFICER = "officer", _("Officer")
    PILOT = "pilot", _("Pilot")
    INTELLIGENCE_OFFICER = "intelligence_officer", _("Intelligence officer")
    UNKNOWN = "unknown", _("Not stated")


class Situation(models.TextChoices):
    """Where a person stands now (HURIDOCS 'status as victim', movement part)."""

    IN_FLIGHT = "in_flight", _("In flight")
    IN_TRANSIT = "in_transit_country", _("In a transit country")
    DEPORTED = "deported", _("Deported or returned")
    # Resettlement in refugee law: a state admits a recognized refugee from the country of
    # first asylum. Not every arrival in a safe country; see TEMPORARY_VISA and GRANTED_PROTECTION.
    RESETTLED = "resettled", _("Resettled to a third country as a refugee")
    RETURNED_HOME = "returned_home", _("Returned home")
    WHEREABOUTS_UNKNOWN = "whereabouts_unknown", _("Whereabouts unknown")
    DETAINED = "detained", _("Detained")
    AWAITING_DECISION = "awaiting_decision", _("Asylum seeker awaiting a decision in the host country")
    TEMPORARY_VISA = "temporary_visa", _("Holding a temporary visa while applying for asylum")
    GRANTED_PROTECTION = "granted_protection", _("Granted protection (refugee status or complementary protection)")
    KILLED = "killed", _("Killed")
    UNKNOWN = "unknown", _("Not stated")


class OrganizationKind(models.TextChoices):
    NGO = "ngo", _("Non-governmental organization")
    MEDIA = "media", _("News media")
    AUTHORITY = "authority", _("State authority")
    SECURITY_SERVICE = "security_service", _("Security or intelligence service")
    INTERNATIONAL = "international", _("International or intergovernmental body")
    OTHER = "other", _("Other")


class OrganizationRole(models.TextChoices):
    """What an organization did in an event, as the sources put it."""

    PERPETRATOR = "perpetrator", _("Perpetrator")
    AUTHORITY = "authority", _("Deciding authority")
    HELPER = "helper", _("Helper")
    REPORTER = "reporter", _("Reporter")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not stated")


class LinkCertainty(models.TextChoices):
    """How the sources hold a link: as established, as alleged by someone, or as
    attributed to the organization by others ("widely attributed to")."""

    CONFIRMED = "confirmed", _("Confirmed")
    ALLEGED = "alleged", _("Alleged")
    ATTRIBUTED = "attributed", _("Attributed")
    UNKNOWN = "unknown", _("Not stated")


class AsylumStatus(models.TextChoices):
    """After UNHCR's statistical categories, plus the stays the sources report."""

    APPLIED = "applied", _("Application lodged")
    PENDING = "pending", _("Pending decision")
    TEMPORARY_VISA = "temporary_visa", _("Temporary visa while the application is pending")
    TEMPORARY_PROTECTION = "temporary_protection", _("Temporary protection")
    REFUGEE_STATUS = "refugee_status", _("Refugee status recognized")
    COMPLEMENTARY_PROTECTION = "complementary_protection", _("Complementary protection (subsidiary, humanitarian)")
    REJECTED = "rejected", _("Rejected on the merits")
    OTHERWISE_CLOSED = "otherwise_closed", _("Otherwise closed")


# Statuses that are an authority's decision on an application. An application, a pending
# one and a visa to stay while it is pending are not (see the about page).
ASYLUM_DECISIONS = frozenset(
    {
        AsylumStatus.TEMPORARY_PROTECTION,
        AsylumStatus.REFUGEE_STATUS,
        AsylumStatus.COMPLEMENTARY_PROTECTION,
        AsylumStatus.REJECTED,
        AsylumStatus.OTHERWISE_CLOSED,
    }
)


class ReportStatus(models.TextChoices):
    """Where an error report stands in the editors' triage."""

    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ApplicationType(models.TextChoices):
    NEW = "new", _("New application")
    REPEAT = "repeat", _("Repeat application")
    APPEAL = "appeal", _("Appeal")
    UNKNOWN = "unknown", _("Not stated")


class CountQualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    AT_LEAST = "at_least", _("at least")
    ABOUT = "about", _("about")


class ProsecutionStatus(models.TextChoices):
    INVESTIGATION = "investigation", _("Under investigation")
    CHARGED = "charged", _("Charged")
    IN_ABSENTIA = "in_absentia", _("Tried or charged in absentia")
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    UNKNOWN = "unknown", _("Not stated")


class EventType(models.TextChoices):
    DESERTION = "desertion", _("Desertion")
    REFUSAL = "refusal", _("Refusal to fight")
    FLIGHT = "flight", _("Flight")
    BORDER_CROSSING = "border_crossing", _("Border crossing")
    ARRIVAL = "arrival", _("Arrival")
    VISA_GRANTED = "visa_granted", _("Visa granted")
    ASYLUM_APPLICATION = "asylum_application", _("Asylum application")
    DEPORTATION = "deportation", _("Deportation")
    KIDNAPPING = "kidnapping", _("Kidnapping")
    DETENTION = "detention", _("Detention")
    RELEASE = "release", _("Release from detention")
    DEFECTION = "defection", _("Defection")
    KILLING = "killing", _("Killing")
    ADVOCACY = "advocacy", _("Advocacy")
    OTHER = "other", _("Other")


class StatisticQualifier(models.TextChoices):
    EXACT = "exact", _("exactly")
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")
    ABOUT = "about", _("about")
    RANGE = "range", _("between")


class ConditionTopic(models.TextChoices):
    """What a country condition is about: what someone deciding where to flee must know."""

    ENTRY_RULES = "entry_rules", _("entry rules")
    DEPORTATION_RISK = "deportation_risk", _("risk of deportation")
    EXTRADITION = "extradition", _("extradition")
    KIDNAPPING = "kidnapping", _("kidnapping or abduction")
    DETENTION = "detention", _("detention")
    PENALTIES = "penalties", _("penalties")
    OTHER = "other", _("other")


class Reliability(models.TextChoices):
    """HURIDOCS Events Standard Formats: reliability of a source."""

    HIGHLY_RELIABLE = "highly_reliable", _("Highly reliable")
    LIKELY_RELIABLE = "likely_reliable", _("Likely reliable")
    UNSURE = "unsure", _("Unsure")
    LIKELY_UNRELIABLE = "likely_unreliable", _("Likely unreliable")
    HIGHLY_UNRELIABLE = "highly_unreliable", _("Highly unreliable")
    UNKNOWN = "unknown", _("Unknown")


class Connection(models.TextChoices):
    """HURIDOCS: how the source of a statement is connected to the information."""

    PERSON_CONCERNED = "person_concerned", _("The person concerned")
    WITNESS = "witness", _("Witness")
    RELATIVE = "relative", _("Relative")
    COLLEAGUE = "colleague", _("Colleague")
    LAWYER = "lawyer", _("Lawyer")
    NGO = "ngo", _("NGO")
    MEDIA = "media", _("Journalist or media")
    OFFICIAL_RECORD = "official_record", _("Official record")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not stated")
