"""Write an encrypted backup of the database and the media (casework.backups)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casework.backups import BackupError, backup_write


class Command(BaseCommand):
    help = "Write an encrypted backup (database with history and access log, and media) into a folder."

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder", nargs="?", default="backups", help="where to write it (default: backups/)")

    def handle(self, *args, folder: str, **options) -> None:
        try:
            path = backup_write(Path(folder))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(path))
