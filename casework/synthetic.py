"""Synthetic records for measuring Casework at the scale of every known case.

``synthetic_generate(persons=N, seed=S)`` writes, on the real models and in the
proportions the benchmarks assume, per person: 4 events, 1 asylum outcome, 1 prosecution
in 5, and a citation for every factual record (about 6.3 per person); per ten persons a
cohort with three named members; per five persons a source. About 5% of persons and
cohorts are drafts or in review, their own records with them; every vocabulary value,
about 60 countries and every EDTF form appear.

Marked as synthetic: every slug starts with ``syn-`` and every source's publisher is
``Casework synthetic data``. The same persons and seed give the same records (keys
aside), so two runs compare.

Written with ``bulk_create`` in batches. ``bulk_create`` skips pre_save receivers, so
the date bounds are derived here, and it writes no history rows: synthetic records need
none, and an editor opening one in the admin sees an empty history.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from casework import dates
from casework.models import (
    CITABLE_MODELS,
    AsylumOutcome,
    Charge,
    Citation,
    Cohort,
    Event,
    EventOrganization,
    Organization,
    Person,
    Prosecution,
    Source,
    Statistic,
)
from casework.models.base import Publishable
from casework.public_cache import public_content_changed
from casework.vocabularies import (
    ApplicationType,
    AsylumStatus,
    Connection,
    CountQualifier,
    EventType,
    MilitaryBackground,
    OrganizationKind,
    ProsecutionStatus,
    Reliability,
    Situation,
    StatisticQualifier,
    Visibility,
)

SYNTHETIC_PREFIX = "syn-"
SYNTHETIC_PUBLISHER = "Casework synthetic data"

# Every model whose rows carry a slug; a row without the prefix is a real record.
SLUGGED_MODELS: tuple[type[models.Model], ...] = (*CITABLE_MODELS, Source)

EVENTS_PER_PERSON = 4
PERSONS_PER_COHORT = 10
NAMED_MEMBERS_PER_COHORT = 3
PERSONS_PER_SOURCE = 5
PERSONS_PER_PROSECUTION = 5
PERSONS_PER_COUNTED_PROSECUTION = 1000
# Counted prosecutions and statistics are the few figures the sources report ("over
# 7,400 cases"), not per-case records: a handful, whatever N.
COUNTED_PROSECUTIONS = 3
ORGANIZATIONS = 60
# Persons written per round: their events, outcomes and citations stay in memory
# together, so the peak does not grow with N.
CHUNK = 5000
BATCH_SIZE = 5000

HOME = ["RU"] * 16 + ["BY"] * 3 + ["UA"]
TRANSIT = ["KZ", "AM", "GE", "KG", "UZ", "TJ", "AZ", "TR", "RS", "ME", "MN", "MD", "AE", "TH", "VN", "IN", "LK", "ID"]
HOSTS = [
    "FR", "DE", "ES", "IT", "NL", "BE", "PL", "LT", "LV", "EE", "FI", "SE", "NO", "DK", "CZ", "SK", "HU",
    "RO", "BG", "GR", "CY", "AT", "CH", "PT", "IE", "GB", "US", "CA", "MX", "AR", "BR", "IL", "MY", "KR",
    "JP", "AU", "NZ", "IS", "HR", "SI",
]  # fmt: skip
COUNTRIES = sorted({*HOME, *TRANSIT, *HOSTS})

FIRST_NAMES = [
    ("Alexei", "Алексей"), ("Dmitry", "Дмитрий"), ("Ivan", "Иван"), ("Sergei", "Сергей"), ("Nikolai", "Николай"),
    ("Pavel", "Павел"), ("Andrei", "Андрей"), ("Mikhail", "Михаил"), ("Artem", "Артём"), ("Yuri", "Юрий"),
    ("Oleg", "Олег"), ("Maxim", "Максим"), ("Kirill", "Кирилл"), ("Egor", "Егор"), ("Vladimir", "Владимир"),
    ("Roman", "Роман"), ("Denis", "Денис"), ("Anton", "Антон"), ("Ilya", "Илья"), ("Timur", "Тимур"),
]  # fmt: skip
SURNAME_INITIALS = "ABVGDEZIKLMNOPRSTUFKh"
CHARGES = [
    ("RU", "Desertion", "Criminal Code of the Russian Federation, art. 338", 15),
    ("RU", "Leaving a unit without leave", "Criminal Code of the Russian Federation, art. 337", 10),
    ("RU", "Voluntary surrender", "Criminal Code of the Russian Federation, art. 352.1", 10),
    ("RU", "Refusal to obey an order", "Criminal Code of the Russian Federation, art. 332", 3),
    ("RU", "Treason", "Criminal Code of the Russian Federation, art. 275", 20),
    ("BY", "Desertion", "Criminal Code of the Republic of Belarus, art. 449", 7),
    ("UA", "Desertion", "Criminal Code of Ukraine, art. 408", 12),
]
YEARS = range(2014, 2026)


@cache
def _bounded(value: str) -> dict:
    bounds, position = dates.bounds(value), dates.sort_position(value)
    return {
        "date": value,
        "date_earliest": bounds.earliest,
        "date_latest": bounds.latest,
        "sort_day": position.day,
        "sort_rank": position.rank,
    }


def _date_forms(rng: random.Random) -> list[str]:
    """A pool of EDTF dates of every form the sources use. A pool, not a fresh date per
    record: parsing EDTF costs milliseconds a value, and real records share dates too."""
    pool = [""]
    for year in YEARS:
        season, month = rng.randint(1, 4), rng.randint(1, 12)
        pool += [f"{year}", f"{year}~", f"{year}?", f"{year}-2{season}", f"../{year}-{month:02d}"]
        pool += [f"{year}-{month:02d}" for month in range(1, 13)]
        pool += [f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" for _ in range(12)]
        start = rng.randint(1, 6)
        pool += [f"{year}-{start:02d}/{year}-{start + rng.randint(1, 6):02d}", f"{year}/{year + 1}"]
        pool += [f"{year}-{rng.randint(1, 12):02d}/.."]
    return pool


@dataclass
class Generated:
    """How many rows of each kind were written."""

    counts: dict[str, int]


def database_has_real_records() -> bool:
    """True when any record (or citation) is not synthetic: the generator must not mix
    invented people into a database that holds real ones."""
    if any(model.objects.exclude(slug__startswith=SYNTHETIC_PREFIX).exists() for model in SLUGGED_MODELS):
        return True
    return Citation.objects.exclude(source__slug__startswith=SYNTHETIC_PREFIX).exists()


def database_has_synthetic_records() -> bool:
    return any(model.objects.filter(slug__startswith=SYNTHETIC_PREFIX).exists() for model in SLUGGED_MODELS)


class _Picker:
    """Random choices that still use every value of a vocabulary at small N: the first
    calls walk the values in order, later ones draw by weight."""

    def __init__(self, rng: random.Random, values: Sequence, weights: Sequence[float] | None = None) -> None:
        self.rng, self.values, self.weights, self.calls = rng, list(values), weights, 0

    def __call__(self):
        self.calls += 1
        if self.calls <= len(self.values):
            return self.values[self.calls - 1]
        return self.rng.choices(self.values, self.weights)[0] if self.weights else self.rng.choice(self.values)


class _Writer:
    def __init__(self, *, rng: random.Random, batch_size: int) -> None:
        self.rng = rng
        self.batch_size = batch_size
        self.counts: dict[str, int] = {}
        self.dates = _date_forms(rng)
        self.content_types = {model: ContentType.objects.get_for_model(model) for model in CITABLE_MODELS}
        self.connection = _Picker(rng, Connection.values)
        self.citation_serial = 0

    def create(self, model: type[models.Model], objs: list[models.Model]) -> list[models.Model]:
        if issubclass(model, Publishable):
            # bulk_create skips the receivers that stamp when a record became public
            # (casework.sync); published synthetic records are public from now on.
            now = timezone.now()
            for obj in objs:
                if obj.visibility == Visibility.PUBLISHED:
                    obj.public_created_at = obj.public_updated_at = now
        created = model._default_manager.bulk_create(objs, batch_size=self.batch_size)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(objs)
        return created

    def dated(self, value: str | None = None) -> dict:
        return dict(_bounded(self.rng.choice(self.dates) if value is None else value))

    def cite(self, records: list[models.Model], sources: list[Source]) -> None:
        citations = []
        for record in records:
            self.citation_serial += 1
            citations.append(
                Citation(
                    source_id=self.rng.choice(sources).pk,
                    content_type_id=self.content_types[type(record)].pk,
                    object_id=record.pk,
                    quote=f"Synthetic passage {self.citation_serial} about {record.slug}.",
                    locator=f"para. {self.rng.randint(1, 40)}",
                    connection=self.connection(),
                )
            )
        self.create(Citation, citations)


def _visibility(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.03:
        return Visibility.DRAFT
    if draw < 0.05:
        return Visibility.REVIEW
    return Visibility.PUBLISHED


def synthetic_generate(
    *,
    persons: int,
    seed: int = 0,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[str], None] | None = None,
) -> Generated:
    """Write ``persons`` synthetic persons and their cases, all or nothing."""
    if persons < 1:
        raise ValueError("persons must be at least 1")
    rng = random.Random(seed)
    say = progress or (lambda message: None)
    with transaction.atomic():
        writer = _Writer(rng=rng, batch_size=batch_size)
        published = Visibility.PUBLISHED

        kind = _Picker(rng, OrganizationKind.values)
        organizations = writer.create(
            Organization,
            [
                Organization(
                    slug=f"{SYNTHETIC_PREFIX}organization-{n:03d}",
                    name=f"Synthetic organization {n}",
                    kind=kind(),
                    country_id=rng.choice(COUNTRIES),
                    summary=f"An invented organization, number {n}, for benchmarks.",
                    visibility=published,
                )
                for n in range(ORGANIZATIONS)
            ],
        )
        reliability = _Picker(rng, Reliability.values)
        sources = writer.create(
            Source,
            [
                Source(
                    slug=f"{SYNTHETIC_PREFIX}source-{n:06d}",
                    title=f"Synthetic report {n} on deserters abroad",
                    publisher=SYNTHETIC_PUBLISHER,
                    url=f"https://example.org/synthetic/{n}",
                    language=rng.choice(["en", "ru", "en", "fr"]),
                    reliability=reliability(),
                    summary=f"An invented source, number {n}.",
                    visibility=Visibility.DRAFT if rng.random() < 0.02 else published,
                    **writer.dated(),
                )
                for n in range(max(1, persons // PERSONS_PER_SOURCE))
            ],
        )
        public_sources = [source for source in sources if source.visibility == published] or sources
        charges = writer.create(
            Charge,
            [
                Charge(
                    slug=f"{SYNTHETIC_PREFIX}charge-{n}",
                    country_id=country,
                    name=name,
                    legal_reference=reference,
                    max_prison_years=years,
                    other_penalties="confiscation of property" if n % 2 else "",
                    visibility=published,
                )
                for n, (country, name, reference, years) in enumerate(CHARGES)
            ],
        )
        writer.cite([*organizations, *charges], public_sources)

        size_qualifier = _Picker(rng, CountQualifier.values)
        cohorts = []
        for n in range(max(1, persons // PERSONS_PER_COHORT)):
            size = rng.randint(NAMED_MEMBERS_PER_COHORT, 40)
            cohorts.append(
                Cohort(
                    slug=f"{SYNTHETIC_PREFIX}cohort-{n:06d}",
                    name=f"Synthetic group {n} of {size} soldiers",
                    size=size,
                    size_qualifier=size_qualifier(),
                    summary=f"Soldiers who deserted together, group {n}.",
                    visibility=_visibility(rng),
                )
            )
        cohorts = writer.create(Cohort, cohorts)
        writer.cite(cohorts, public_sources)

        statistic_qualifier = _Picker(rng, StatisticQualifier.values)
        statistics = []
        for n in range(len(StatisticQualifier.values)):
            qualifier = statistic_qualifier()
            low = rng.randint(100, 50000)
            statistics.append(
                Statistic(
                    slug=f"{SYNTHETIC_PREFIX}statistic-{n}",
                    metric=f"Synthetic count {n} of soldiers who left their units",
                    value_low=low,
                    value_high=low * 2 if qualifier == StatisticQualifier.RANGE else None,
                    qualifier=qualifier,
                    country_id=rng.choice(HOME),
                    reported_by=rng.choice(organizations),
                    visibility=published,
                    **writer.dated(),
                )
            )
        writer.cite(writer.create(Statistic, statistics), public_sources)

        pickers = {
            "background": _Picker(rng, MilitaryBackground.values),
            "situation": _Picker(rng, Situation.values),
            # Step 4 of a timeline is whatever happened next: any type at all.
            "last_event": _Picker(rng, EventType.values),
            "status": _Picker(rng, AsylumStatus.values),
            "application": _Picker(rng, ApplicationType.values),
            "prosecution": _Picker(rng, ProsecutionStatus.values),
            "counted": _Picker(rng, [CountQualifier.AT_LEAST, CountQualifier.ABOUT, CountQualifier.EXACT]),
        }
        for start in range(0, persons, CHUNK):
            _write_persons(
                writer,
                range(start, min(start + CHUNK, persons)),
                cohorts=cohorts,
                organizations=organizations,
                charges=charges,
                sources=public_sources,
                pickers=pickers,
            )
            say(f"{min(start + CHUNK, persons)} of {persons} persons")
        # bulk_create sends no signal: say that the public records changed.
        public_content_changed()
    return Generated(counts=writer.counts)


def _write_persons(writer: _Writer, numbers: range, *, cohorts, organizations, charges, sources, pickers) -> None:
    rng = writer.rng
    batch = []
    for n in numbers:
        first, first_native = rng.choice(FIRST_NAMES)
        initial = rng.choice(SURNAME_INITIALS)
        pseudonym = rng.random() < 0.3
        batch.append(
            Person(
                slug=f"{SYNTHETIC_PREFIX}person-{n:07d}",
                display_name=f"{first} {initial}." if not pseudonym else f"“{first}” ({n})",
                name_is_pseudonym=pseudonym,
                name_native=first_native if rng.random() < 0.5 else "",
                citizenship_id=rng.choice(HOME),
                military_background=pickers["background"](),
                situation=pickers["situation"](),
                summary=f"Synthetic case {n}: a soldier who left the army and sought protection abroad.",
                # Restricted fields filled, so a leak at scale shows in any public answer.
                legal_name=f"Restricted legal name {n}",
                current_location=f"Restricted location {n}",
                contact=f"restricted-{n}@example.invalid",
                risk_notes=f"Restricted risk note {n}",
                internal_notes=f"Restricted internal note {n}",
                visibility=_visibility(rng),
            )
        )
    people = writer.create(Person, batch)

    Membership = Cohort.members.through
    memberships = [
        Membership(cohort_id=cohorts[n // PERSONS_PER_COHORT].pk, person_id=person.pk)
        for n, person in zip(numbers, people, strict=True)
        if n % PERSONS_PER_COHORT < NAMED_MEMBERS_PER_COHORT and n // PERSONS_PER_COHORT < len(cohorts)
    ]
    writer.create(Membership, memberships)

    events, outcomes, prosecutions = [], [], []
    for n, person in zip(numbers, people, strict=True):
        home = person.citizenship_id
        transit, host = rng.choice(TRANSIT), rng.choice(HOSTS)
        # The tenth person's last step and outcome belong to their cohort's case.
        cohort = cohorts[n // PERSONS_PER_COHORT] if n % PERSONS_PER_COHORT == 0 else None
        cohort = cohort if cohort is not None and n // PERSONS_PER_COHORT < len(cohorts) else None
        visibility = person.visibility
        steps = [
            {"type": EventType.DESERTION, "country_id": home},
            {"type": rng.choice([EventType.FLIGHT, EventType.BORDER_CROSSING]), "from_country_id": home,
             "to_country_id": transit},
            {"type": rng.choice([EventType.ARRIVAL, EventType.ASYLUM_APPLICATION, EventType.VISA_GRANTED]),
             "country_id": host},
            {"type": pickers["last_event"]()},
        ]  # fmt: skip
        last = steps[3]
        if last["type"] == EventType.DEPORTATION:
            last.update(from_country_id=host, to_country_id=home)
        elif last["type"] in (EventType.FLIGHT, EventType.BORDER_CROSSING):
            last.update(from_country_id=transit, to_country_id=host)
        else:
            last["country_id"] = rng.choice([host, transit])
        for k, step in enumerate(steps):
            subject = {"cohort_id": cohort.pk} if cohort is not None and k == 3 else {"person_id": person.pk}
            subject_visibility = cohort.visibility if "cohort_id" in subject else visibility
            events.append(
                Event(
                    slug=f"{SYNTHETIC_PREFIX}event-{n:07d}-{k}",
                    summary=f"Step {k + 1} of synthetic case {n}.",
                    visibility=subject_visibility,
                    **subject,
                    **step,
                    **writer.dated(),
                )
            )
        outcome_subject = {"cohort_id": cohort.pk} if cohort is not None else {"person_id": person.pk}
        outcomes.append(
            AsylumOutcome(
                slug=f"{SYNTHETIC_PREFIX}outcome-{n:07d}",
                country_id=host,
                status=pickers["status"](),
                application_type=pickers["application"](),
                authority_id=rng.choice(organizations).pk if rng.random() < 0.3 else None,
                summary=f"Decision in synthetic case {n}.",
                visibility=cohort.visibility if cohort is not None else visibility,
                **outcome_subject,
                **writer.dated(),
            )
        )
        if n % PERSONS_PER_PROSECUTION == 0:
            charge = rng.choice(charges)
            prosecutions.append(
                Prosecution(
                    slug=f"{SYNTHETIC_PREFIX}prosecution-{n:07d}",
                    defendant_id=person.pk,
                    charge_id=charge.pk,
                    country_id=charge.country_id,
                    status=pickers["prosecution"](),
                    sentence=f"{rng.randint(1, charge.max_prison_years)} years" if rng.random() < 0.4 else "",
                    reported_by_id=rng.choice(organizations).pk if rng.random() < 0.5 else None,
                    visibility=visibility,
                    **writer.dated(),
                )
            )
        if n % PERSONS_PER_COUNTED_PROSECUTION == 1 and n < COUNTED_PROSECUTIONS * PERSONS_PER_COUNTED_PROSECUTION:
            qualifier = pickers["counted"]()
            prosecutions.append(
                Prosecution(
                    slug=f"{SYNTHETIC_PREFIX}prosecution-{n:07d}-counted",
                    case_count=rng.randint(50, 8000),
                    count_qualifier=qualifier,
                    charge_id=rng.choice(charges).pk,
                    country_id="RU",
                    status=ProsecutionStatus.UNKNOWN,
                    reported_by_id=rng.choice(organizations).pk,
                    visibility=Visibility.PUBLISHED,
                    **writer.dated(),
                )
            )
    events = writer.create(Event, events)
    writer.create(
        EventOrganization,
        [
            EventOrganization(event_id=event.pk, organization_id=rng.choice(organizations).pk)
            for event in events
            if rng.random() < 0.2
        ],
    )
    outcomes = writer.create(AsylumOutcome, outcomes)
    prosecutions = writer.create(Prosecution, prosecutions)
    writer.cite([*people, *events, *outcomes, *prosecutions], sources)
