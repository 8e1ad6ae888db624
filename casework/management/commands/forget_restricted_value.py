"""Erase a person's restricted value from the record and from all its history rows.

    python manage.py forget_restricted_value alexei current_location --by root

The access log keeps the fact of the erasure (who, when, whose, which field), never the
value. Backups taken before keep it until they expire: see docs/security.md.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from casework.models import RESTRICTED_PERSON_FIELDS, Person
from casework.services import restricted_values_erase


class Command(BaseCommand):
    help = "Erase restricted fields of one person from the record and every history row (logged, values not kept)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug", help="the person's slug")
        parser.add_argument("fields", nargs="+", choices=[*RESTRICTED_PERSON_FIELDS, "all"], help="fields to erase")
        parser.add_argument("--by", required=True, help="the staff member doing it (kept in the access log)")

    def handle(self, *args, slug: str, fields: list[str], by: str, **options) -> None:
        users = get_user_model()._default_manager
        try:
            user = users.get_by_natural_key(by)
        except users.model.DoesNotExist as exc:
            raise CommandError(f"No such account: {by}") from exc
        persons = Person.objects.filter(slug=slug)
        if not persons.exists():
            raise CommandError(f"No person with the slug {slug!r}.")
        names = RESTRICTED_PERSON_FIELDS if "all" in fields else fields
        try:
            restricted_values_erase(persons=persons, fields=names, user=user)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Erased {', '.join(names)} of {slug} from the record and all its history rows.")
