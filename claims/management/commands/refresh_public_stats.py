from django.core.management.base import BaseCommand, CommandError

from claims.models import Event, Party
from claims.models.stats import refresh_all, stale_figures


class Command(BaseCommand):
    help = (
        "Recompute the public figures of every party (public or not, denials issued and "
        "received, median time to deny, who denies whom) and event (statements, denials). "
        "Every write keeps them exact; run "
        "this after loading data past the model layer (a bulk load, a restored dump)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="only say whether the figures are exact (exit status 1 when not); change nothing",
        )

    def handle(self, *args, check, **options):
        if check:
            stale = stale_figures()
            for name, (kept, fresh) in stale.items():
                self.stderr.write(f"{name}: {len(set(kept) ^ set(fresh))} rows differ")
            if stale:
                raise CommandError("Some figures are stale: run refresh_public_stats.")
            self.stdout.write("Every figure is exact.")
            return
        refresh_all()
        self.stdout.write(
            f"Refreshed the figures of {Party.objects.count()} parties and "
            f"{Event.objects.count()} events."
        )
