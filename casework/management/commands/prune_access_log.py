"""Delete access-log entries older than the retention (ACCESS_LOG_RETENTION_DAYS); run daily."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from casework.services import access_log_prune


class Command(BaseCommand):
    help = "Delete access-log entries older than ACCESS_LOG_RETENTION_DAYS (or --days)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=None, help="keep this many days instead of the setting")

    def handle(self, *args, days: int | None, **options) -> None:
        keep = settings.ACCESS_LOG_RETENTION_DAYS if days is None else days
        if keep < 1:
            raise CommandError("Keep at least one day.")
        deleted = access_log_prune(before=timezone.now() - dt.timedelta(days=keep))
        self.stdout.write(f"Deleted {deleted} access-log entries older than {keep} days.")
