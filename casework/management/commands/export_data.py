"""Write a bulk snapshot of every public record (or the delta since an earlier one).

Schedule it, e.g. daily at 03:00 from cron:
    0 3 * * * cd /srv/casework && .venv/bin/python manage.py export_data "$DATA_SNAPSHOTS_DIR"
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from api.export import SnapshotError, export_snapshot


class Command(BaseCommand):
    help = (
        "Write a versioned snapshot of every public record under DIR (a new folder per run): JSON Lines "
        "and CSV per API resource and a manifest.json with counts, checksums and the licence. "
        "With --since SNAPSHOT, only the records changed since that snapshot and those withdrawn."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "dir", nargs="?", type=Path, help="Folder of snapshots (default: the DATA_SNAPSHOTS_DIR setting)."
        )
        parser.add_argument("--since", type=Path, metavar="SNAPSHOT", help="An earlier snapshot's folder.")
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="Site address for the records' links (default: the SITE_URL setting; without it, paths).",
        )

    def handle(self, *args, **options) -> None:
        root = options["dir"] or Path(settings.DATA_SNAPSHOTS_DIR)
        since = options["since"]
        if since is not None and not since.is_dir():
            raise CommandError(f"--since {since}: no such snapshot folder.")
        try:
            result = export_snapshot(root, since=since, base_url=options["base_url"].rstrip("/"))
        except SnapshotError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            counts = ", ".join(f"{name} {count}" for name, count in result.manifest["counts"].items())
            self.stdout.write(f"Wrote {result.path} ({result.manifest['kind']}): {counts}")
