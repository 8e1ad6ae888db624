"""factory_boy factories. Records default to published so tests opt into drafts."""

import factory
from django.contrib.contenttypes.models import ContentType

from casework import models
from casework.vocabularies import Visibility


def country(code: str) -> models.Country:
    # Every ISO country exists after migrations (casework 0002_countries).
    return models.Country.objects.get(code=code)


class PublishableFactory(factory.django.DjangoModelFactory):
    visibility = Visibility.PUBLISHED

    class Meta:
        abstract = True


class OrganizationFactory(PublishableFactory):
    slug = factory.Sequence(lambda n: f"organization-{n}")
    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = "ngo"

    class Meta:
        model = models.Organization


class PersonFactory(PublishableFactory):
    slug = factory.Sequence(lambda n: f"person-{n}")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    citizenship = factory.LazyFunction(lambda: country("RU"))
    military_background = "soldier"

    class Meta:
        model = models.Person


class CohortFactory(PublishableFactory):
    slug = factory.Sequence(lambda n: f"cohort-{n}")
    name = factory.Sequence(lambda n: f"Cohort {n}")
    size = 3

    class Meta:
        model = models.Cohort


class SourceFactory(PublishableFactory):
    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Report {n}")
    date = "2024-10-16"

    class Meta:
        model = models.Source


class EventFactory(PublishableFactory):
    slug = factory.Sequence(lambda n: f"event-{n}")
    person = factory.SubFactory(PersonFactory)
    type = "flight"
    date = "2023-22"
    from_country = factory.LazyFunction(lambda: country("RU"))
    to_country = factory.LazyFunction(lambda: country("KZ"))

    class Meta:
        model = models.Event


class EventOrganizationFactory(factory.django.DjangoModelFactory):
    event = factory.SubFactory(EventFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "perpetrator"
    certainty = "attributed"

    class Meta:
        model = models.EventOrganization


class AsylumOutcomeFactory(PublishableFactory):
    slug = factory.Sequence(lambda n: f"outcome-{n}")
    person = factory.SubFactory(PersonFactory)
    country = factory.LazyFunction(lambda: country("FR"))
    status = "applied"
    date = "2024-05"

    class Meta:
        model = models.AsylumOutcome


class ChargeFactory(PublishableFactory):
    slug = factory.Sequence(lambda n: f"charge-{n}")
    country = factory.LazyFunction(lambda: country("RU"))
    name = "Desertion"
    max_prison_years = 15

    class Meta:
        model = models.Charge


class ProsecutionFactory(PublishableFactory):
    slug = factory.Sequence(lambda n: f"prosecution-{n}")
    defendant = factory.SubFactory(PersonFactory)
    charge = factory.SubFactory(ChargeFactory)
    country = factory.LazyFunction(lambda: country("RU"))
    status = "in_absentia"
    date = "2024-03"

    class Meta:
        model = models.Prosecution


class StatisticFactory(PublishableFactory):
    slug = factory.Sequence(lambda n: f"statistic-{n}")
    metric = "Soldiers who deserted"
    value_low = 100
    date = "2023"

    class Meta:
        model = models.Statistic


class CountryConditionFactory(PublishableFactory):
    slug = factory.Sequence(lambda n: f"condition-{n}")
    country = factory.LazyFunction(lambda: country("AM"))
    topic = "entry_rules"
    summary = "Deserters could enter without a passport."

    class Meta:
        model = models.CountryCondition


class SpeakerFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Speaker {n}")
    organization = factory.SubFactory(OrganizationFactory)
    role = "spokesperson"

    class Meta:
        model = models.Speaker


class CitationFactory(factory.django.DjangoModelFactory):
    source = factory.SubFactory(SourceFactory)
    record = factory.SubFactory(PersonFactory)
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.record))
    object_id = factory.LazyAttribute(lambda o: o.record.pk)
    quote = "A passage of the source."
    locator = "para. 1"

    class Meta:
        model = models.Citation
        exclude = ["record"]


class UserFactory(factory.django.DjangoModelFactory):
    """A staff account; pass groups=["Editor"] to put it in editorial groups."""

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = "auth.User"
        skip_postgeneration_save = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        from django.contrib.auth.models import Group

        for name in extracted or ():
            self.groups.add(Group.objects.get(name=name))
