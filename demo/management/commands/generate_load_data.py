import time

from django.core.management.base import BaseCommand, CommandError

from demo.loadgen import generate


class Command(BaseCommand):
    help = (
        "Add a large company's volume for the benchmarks: N candidates, ~0.28 N loops with panels, scorecards, "
        "ratings and decisions (on top of the demo data). Meant for PostgreSQL; see README 'Benchmarks'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, required=True, help="How many candidates (e.g. 100000).")
        parser.add_argument("--seed", type=int, default=7, help="The same seed gives the same data.")

    def handle(self, *args, candidates: int, seed: int, **options):
        if not 1 <= candidates <= 2_000_000:
            raise CommandError("--candidates must be between 1 and 2,000,000.")
        began = time.monotonic()
        counts = generate(candidates=candidates, seed=seed)
        made = ", ".join(f"{value:,} {name}" for name, value in vars(counts).items())
        self.stdout.write(self.style.SUCCESS(f"Added {made} in {time.monotonic() - began:.0f} s."))
