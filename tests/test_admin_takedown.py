"""Takedown: unpublishing a person shows every other public record whose text still names
them and sends the ones the reviewer ticks to review in the same step."""

from django.contrib.auth.models import ContentType, Permission

from casework import models, services
from casework.vocabularies import Visibility
from tests.admin_helpers import changelist_url
from tests.factories import CitationFactory, CohortFactory, EventFactory, PersonFactory, SourceFactory


def unpublish(client, person, **extra):
    return client.post(
        changelist_url(models.Person), {"action": "unpublish", "_selected_action": [person.pk], **extra}, follow=True
    )


def key(record) -> str:
    return f"{ContentType.objects.get_for_model(record).pk}-{record.pk}"


def test_unpublishing_a_person_lists_the_public_records_naming_them_and_sends_the_ticked_to_review(client, reviewer):
    person = PersonFactory(display_name="Dmitri Volkov")
    CitationFactory(record=person)
    cohort = CohortFactory(summary="Dmitri Volkov and five others crossed together.")
    CitationFactory(record=cohort)
    source = SourceFactory(title="Interview", summary="An interview with Dmitri Volkov.")
    backed_by_source = EventFactory()
    CitationFactory(record=backed_by_source, source=source)
    other = PersonFactory(summary="Served with Dmitri Volkov.")
    CitationFactory(record=other)
    quoted_for = EventFactory(summary="A flight.")
    CitationFactory(record=quoted_for, quote="“We left with dmitri volkov at night,” he said.")
    draft = EventFactory(summary="Dmitri Volkov again.", visibility=Visibility.DRAFT)
    own = EventFactory(person=person, summary="Dmitri Volkov deserted.")
    CitationFactory(record=own)
    client.force_login(reviewer)

    asking = unpublish(client, person)

    page = asking.content.decode()
    listed = {mention[0] for mention in asking.context["mentions"]}
    assert listed == {key(cohort), key(source), key(other), key(quoted_for)}
    assert "five others crossed together" in page
    assert "We left with dmitri volkov at night" in page
    assert key(draft) not in page and key(own) not in page
    person.refresh_from_db()
    assert person.visibility == Visibility.PUBLISHED

    unpublish(client, person, confirm="yes", also=[key(cohort), key(source)])

    for record in (person, cohort, source, other, backed_by_source, quoted_for):
        record.refresh_from_db()
    assert person.visibility == Visibility.DRAFT
    assert (cohort.visibility, source.visibility) == (Visibility.REVIEW, Visibility.REVIEW)
    # The source was the only one behind this event, which goes to review with it.
    assert backed_by_source.visibility == Visibility.REVIEW
    assert (other.visibility, quoted_for.visibility) == (Visibility.PUBLISHED, Visibility.PUBLISHED)
    assert cohort.history.first().history_change_reason == "Sent to review: it names someone taken down"
    assert not {other, quoted_for} & set(services.records_without_public_citation())


def test_a_legal_name_is_searched_only_for_reviewers_who_may_see_it(client, reviewer):
    person = PersonFactory(display_name="Sasha", legal_name="Aleksandr Secretov")
    CitationFactory(record=person)
    naming = CohortFactory(summary="Aleksandr Secretov was among them.")
    CitationFactory(record=naming)
    client.force_login(reviewer)

    response = unpublish(client, person)
    assert "Secretov" not in response.content.decode()
    person.refresh_from_db()
    assert person.visibility == Visibility.DRAFT

    person.visibility = Visibility.PUBLISHED
    person.save()
    reviewer.user_permissions.add(Permission.objects.get(codename="view_restricted"))
    asking = unpublish(client, person)
    assert [mention[1] for mention in asking.context["mentions"]] == [naming]


def test_a_person_named_nowhere_else_is_unpublished_at_once(client, reviewer):
    person = PersonFactory(display_name="Unmentioned")
    CitationFactory(record=person)
    client.force_login(reviewer)

    unpublish(client, person)

    person.refresh_from_db()
    assert person.visibility == Visibility.DRAFT


def test_editors_cannot_take_down(client, editor):
    person = PersonFactory(display_name="Dmitri Volkov")
    CitationFactory(record=person)
    client.force_login(editor)

    unpublish(client, person, confirm="yes")

    person.refresh_from_db()
    assert person.visibility == Visibility.PUBLISHED
