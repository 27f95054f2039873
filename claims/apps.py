from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Newsdesk content")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from claims import alerts
        from claims.caching.cache import announce_version
        from claims.caching.edge import purge_on_change
        from claims.models.search import register_fold
        from claims.models.signals import (
            comment_request_saved,
            public_content_changed,
            review_stepped,
        )
        from claims.models.staff import record_language

        connection_created.connect(register_fold)
        public_content_changed.connect(announce_version, dispatch_uid="announce_version")
        public_content_changed.connect(purge_on_change, dispatch_uid="purge_at_the_edge")
        review_stepped.connect(alerts.review_steps, dispatch_uid="alert_review_steps")
        comment_request_saved.connect(alerts.deadline_alert, dispatch_uid="alert_deadline")
        user_logged_in.connect(record_language, dispatch_uid="record_alert_language")
        post_migrate.connect(compute_missing_figures, sender=self)
        post_migrate.connect(restore_roles, sender=self)


def restore_roles(sender, using="default", **kwargs):
    """The editors' groups, should a flush (tests that commit) have removed them."""
    from claims.models.roles import ensure_groups

    ensure_groups(using)


def compute_missing_figures(sender, using="default", **kwargs):
    """A database upgraded from before the public figures existed gets them computed once,
    right after ``migrate`` (afterwards every write keeps them exact)."""
    from claims.models import Event, EventStats, Party, PartyStats
    from claims.models.stats import Involvement, refresh, refresh_events

    if Party.objects.using(using).exists() and not PartyStats.objects.using(using).exists():
        refresh()
    events = Event.objects.using(using)
    if events.exists() and not (
        EventStats.objects.using(using).exists() and Involvement.objects.using(using).exists()
    ):
        refresh_events()
