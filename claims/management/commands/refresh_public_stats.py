from django.core.management.base import BaseCommand
from django.db import transaction

from claims.models import Event, Party
from claims.models.stats import refresh, refresh_events


class Command(BaseCommand):
    help = (
        "Recompute the public figures of every party (public or not, denials issued and "
        "received, median time to deny, who denies whom) and event (statements, denials). "
        "Every write keeps them exact; run "
        "this after loading data past the model layer (a bulk load, a restored dump)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            refresh()
            refresh_events()
        self.stdout.write(
            f"Refreshed the figures of {Party.objects.count()} parties and "
            f"{Event.objects.count()} events."
        )
