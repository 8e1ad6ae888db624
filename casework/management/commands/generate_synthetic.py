"""Fill the database with synthetic cases for benchmarks: see casework/synthetic.py."""

import time

from django.core.management.base import BaseCommand, CommandError

from casework.synthetic import (
    SYNTHETIC_PREFIX,
    database_has_real_records,
    database_has_synthetic_records,
    synthetic_generate,
)


class Command(BaseCommand):
    help = (
        "Write N synthetic persons with their events, outcomes, prosecutions, cohorts, sources and "
        f"citations (slugs start with '{SYNTHETIC_PREFIX}'). Deterministic for a given --seed."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--persons", type=int, required=True, help="How many persons to write.")
        parser.add_argument("--seed", type=int, default=0, help="Seed of the random choices (default 0).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write even though the database holds real records (never on a production database).",
        )

    def handle(self, *args, persons: int, seed: int, force: bool, **options) -> None:
        if persons < 1:
            raise CommandError("--persons must be at least 1.")
        if database_has_synthetic_records():
            raise CommandError(
                "The database already holds synthetic records; start from an empty database "
                "(python manage.py flush) to generate again."
            )
        if database_has_real_records() and not force:
            raise CommandError(
                "The database holds real records: synthetic people would mix with them. "
                "Use an empty database, or --force if you really mean it."
            )
        verbose = options["verbosity"] > 1
        started = time.perf_counter()
        result = synthetic_generate(persons=persons, seed=seed, progress=self.stdout.write if verbose else None)
        elapsed = time.perf_counter() - started
        if options["verbosity"]:
            for label, count in sorted(result.counts.items()):
                self.stdout.write(f"{label}: {count}")
            self.stdout.write(f"Wrote {sum(result.counts.values())} rows in {elapsed:.1f} s.")
