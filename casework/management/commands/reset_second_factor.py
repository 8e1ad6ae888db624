"""Recovery for a lost second-factor device: an administrator removes the user's devices,
the user logs in with their password and enrols a new one (docs/editors.md, "A lost device").
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from casework.services import second_factor_reset


class Command(BaseCommand):
    help = "Remove a staff member's second-factor devices so they enrol again at their next login (audited)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", help="whose device was lost")
        parser.add_argument("--by", required=True, help="the superuser doing the reset (kept in the admin's log)")
        parser.add_argument("--reason", required=True, help="why, e.g. 'phone stolen, confirmed by call on 2026-11-27'")

    def handle(self, *args, username: str, by: str, reason: str, **options) -> None:
        users = get_user_model()._default_manager
        try:
            user = users.get_by_natural_key(username)
            administrator = users.get_by_natural_key(by)
        except users.model.DoesNotExist as exc:
            raise CommandError(f"No such account: {exc}") from exc
        try:
            removed = second_factor_reset(user=user, by=administrator, reason=reason)
        except (PermissionDenied, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Removed {removed} device(s) of {username}. At the next login they set up a new second factor; "
            "tell them in person or by phone, never by e-mail alone."
        )
