from casework.models.access import AccessAction, AccessLogEntry
from casework.models.cases import AsylumOutcome, Charge, Event, EventOrganization, Prosecution
from casework.models.conditions import CountryCondition
from casework.models.figures import Statistic
from casework.models.organizations import Organization
from casework.models.people import RESTRICTED_PERSON_FIELDS, Cohort, Person
from casework.models.places import Country
from casework.models.reports import ErrorReport
from casework.models.revisions import Revision, RevisionState
from casework.models.sources import Citation, Source, Speaker
from casework.models.state import PublicState
from casework.models.sync import Withdrawn

# Records a Citation may point at: every factual record.
CITABLE_MODELS = (
    Person,
    Cohort,
    Organization,
    Event,
    AsylumOutcome,
    Charge,
    Prosecution,
    Statistic,
    CountryCondition,
)

__all__ = [
    "CITABLE_MODELS",
    "RESTRICTED_PERSON_FIELDS",
    "AccessAction",
    "AccessLogEntry",
    "AsylumOutcome",
    "Charge",
    "Citation",
    "Cohort",
    "Country",
    "CountryCondition",
    "ErrorReport",
    "Event",
    "EventOrganization",
    "Organization",
    "Person",
    "Prosecution",
    "PublicState",
    "Revision",
    "RevisionState",
    "Source",
    "Speaker",
    "Statistic",
    "Withdrawn",
]
