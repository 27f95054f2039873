from django.core.management.base import BaseCommand
from django.db import transaction

from claims import demo


class Command(BaseCommand):
    help = (
        "Load the demo data: the Lecornu–Shoigu seed case and fictional events. "
        "Safe to run again: existing demo rows are updated, nothing is duplicated."
    )

    def handle(self, *args, **options):
        self.stdout.write("Loading demo data…")
        with transaction.atomic():
            demo.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
