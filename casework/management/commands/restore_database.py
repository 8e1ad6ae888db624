"""Restore an encrypted backup into an empty database (casework.backups)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casework.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup written by backup_database into the configured database, which must be empty."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the .backup file")

    def handle(self, *args, file: str, **options) -> None:
        try:
            manifest = backup_restore(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored the {manifest['database']} backup of {manifest['created']}.")
